namespace Notifier.Core.Import;

// Draft: uploaded, waiting for the DPO to check the preview and start it (UI only; the API starts at once).
// The API exposes Queued, Running, Completed and Failed (issue 4, "Input").
public enum ImportState
{
    Draft,
    Queued,
    Running,
    Completed,
    Failed,
}

// One upload of a laboratory's patient file into one case, and its outcome. The counts are the totals the DPO sees
// (read, imported, merged, rejected, flagged for review); RecordsCommitted is how far the job got, committed in the
// same transaction as the persons it covers, so that a job restarted after a crash resumes exactly there.
// Nothing here is personal data: the file itself is stored sealed (ImportFileSegment), issues seal their text.
public sealed class ImportRun
{
    public const int FileNameMax = 255;
    public const int EncodingMax = 20;
    public const int MappingMax = 4000;
    public const int FailureMax = 1000;

    private ImportRun()
    {
    }

    public ImportRun(Guid id, Guid controllerCaseId, Guid createdBy, string fileName, long fileSize, DateTime createdAtUtc)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        CreatedBy = createdBy;
        FileName = fileName;
        FileSize = fileSize;
        CreatedAtUtc = createdAtUtc;
        UpdatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public Guid CreatedBy { get; private set; }

    // As uploaded, reduced to a safe display name (ImportFileName.Clean). Shown to the DPO; never in the audit trail.
    public string FileName { get; private set; } = "";
    public long FileSize { get; set; }

    // SHA-256 of the file as uploaded (hex): tells the DPO that a file was already imported.
    public string? Sha256 { get; set; }

    public ImportState State { get; set; }

    // What the user asked for: Auto, Utf8, Windows1252, Latin1; and what was detected.
    public string RequestedEncoding { get; set; } = "Auto";
    public string? DetectedEncoding { get; set; }
    public string? Delimiter { get; set; }

    // JSON object canonical column → header text, when the user corrected the mapping; null means "detected".
    public string? MappingJson { get; set; }

    // Data records in the file (counted when the job starts); RowsRead grows while it runs.
    public int? RowsTotal { get; set; }
    public int RowsRead { get; set; }
    public int RecordsCommitted { get; set; }

    public int Imported { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Merged { get; set; }
    public int Rejected { get; set; }
    public int FlaggedForReview { get; set; }
    public int WithWarnings { get; set; }
    public int LinkedAcrossLabs { get; set; }
    public int IssueCount { get; set; }

    // French, for the DPO; never quotes the file's content.
    public string? Failure { get; set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime? QueuedAtUtc { get; set; }
    public DateTime? StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public bool IsFinished => State is ImportState.Completed or ImportState.Failed;

    // Rows per second and the estimated time left, from the rows read so far (issue 4: live progress bar).
    public ImportProgress Progress(DateTime nowUtc)
    {
        var total = RowsTotal;
        var percent = State == ImportState.Completed ? 100.0
            : total is > 0 ? Math.Min(100.0, 100.0 * RowsRead / total.Value)
            : 0.0;
        double? rate = null;
        TimeSpan? left = null;
        if (StartedAtUtc is { } started)
        {
            var elapsed = ((FinishedAtUtc ?? nowUtc) - started).TotalSeconds;
            if (elapsed > 0.5 && RowsRead > 0)
            {
                rate = RowsRead / elapsed;
                if (State == ImportState.Running && total is { } t && t >= RowsRead)
                {
                    left = TimeSpan.FromSeconds((t - RowsRead) / rate.Value);
                }
            }
        }

        return new ImportProgress(RowsRead, total, percent, rate, left);
    }
}

public sealed record ImportProgress(int RowsRead, int? RowsTotal, double Percent, double? RowsPerSecond, TimeSpan? TimeLeft);

// One line of the error report, stored. Line, column, rule and severity are in clear so that the UI can filter and
// count; the lab patient id and the message (which may quote a short value of the row) are sealed with the import id
// as associated data.
public sealed class ImportIssue
{
    public const int ColumnMax = 40;
    public const int RuleMax = 40;
    public const int SealedMax = 8192;

    private ImportIssue()
    {
    }

    public ImportIssue(Guid importRunId, int sequence, int line, string column, string rule, IssueSeverity severity, byte[] sealedText)
    {
        ImportRunId = importRunId;
        Sequence = sequence;
        Line = line;
        Column = column;
        Rule = rule;
        Severity = severity;
        SealedText = sealedText;
    }

    public long Id { get; private set; }
    public Guid ImportRunId { get; private set; }
    public int Sequence { get; private set; }
    public int Line { get; private set; }
    public string Column { get; private set; } = "";
    public string Rule { get; private set; } = "";
    public IssueSeverity Severity { get; private set; }
    public byte[] SealedText { get; private set; } = [];
}

// The uploaded file, sealed in segments (AES-GCM per segment, the import id and the segment number as associated
// data, so segments cannot be reordered or moved to another import). Stored in the database rather than on disk so
// that any worker process can run the job; deleted once the job has finished.
public sealed class ImportFileSegment
{
    public const int SegmentBytes = 1024 * 1024;

    private ImportFileSegment()
    {
    }

    public ImportFileSegment(Guid importRunId, int number, byte[] sealedBytes)
    {
        ImportRunId = importRunId;
        Number = number;
        SealedBytes = sealedBytes;
    }

    public Guid ImportRunId { get; private set; }
    public int Number { get; private set; }
    public byte[] SealedBytes { get; private set; } = [];
}

public static class ImportFileName
{
    // Keeps the last path segment, letters, digits and ". _ - ( )" and spaces; the rest becomes '_'. Never empty.
    public static string Clean(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/')[^1].Trim();
        var chars = last.Select(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-' or ' ' or '(' or ')' ? c : '_').ToArray();
        var clean = new string(chars).Trim();
        if (clean.Length == 0 || clean.All(c => c is '.' or '_'))
        {
            clean = "fichier.csv";
        }

        return clean.Length <= ImportRun.FileNameMax ? clean : clean[..(ImportRun.FileNameMax - 4)] + clean[^4..];
    }
}
