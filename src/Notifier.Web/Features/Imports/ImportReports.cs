using System.Text;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;

namespace Notifier.Web.Features.Imports;

public sealed record IssueFilter(IssueSeverity? Severity, string? Column, string? Rule);

// The stored error report: filtered pages for the screen, the whole of it as CSV for French Excel.
public static class ImportReports
{
    public const int CsvBatch = 5000;

    public static IQueryable<ImportIssue> Issues(NotifierDbContext db, Guid runId, IssueFilter filter)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(filter);
        var query = db.ImportIssues.AsNoTracking().Where(i => i.ImportRunId == runId);
        if (filter.Severity is { } severity)
        {
            query = query.Where(i => i.Severity == severity);
        }

        if (!string.IsNullOrEmpty(filter.Column))
        {
            query = query.Where(i => i.Column == filter.Column);
        }

        if (!string.IsNullOrEmpty(filter.Rule))
        {
            query = query.Where(i => i.Rule == filter.Rule);
        }

        return query;
    }

    public static RowIssue Open(FieldCipher cipher, ImportIssue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var (labId, message) = ImportIssueText.Open(cipher, issue.ImportRunId, issue.SealedText);
        return new RowIssue(issue.Line, labId, issue.Column, issue.Rule, message, issue.Severity);
    }

    public static string FileName(ImportRun run) =>
        $"erreurs-import-{run.CreatedAtUtc:yyyyMMdd-HHmm}-{run.Id.ToString("N")[..8]}.csv";

    // UTF-8 with BOM, ';', CRLF, formula-injection safe (ErrorReport). Streamed in batches: any size, flat memory.
    public static async Task WriteCsvAsync(HttpResponse response, NotifierDbContext db, FieldCipher cipher, ImportRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(run);
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(run)}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        ErrorReport.WriteHeader(text);
        var last = -1;
        while (true)
        {
            var batch = await db.ImportIssues.AsNoTracking().Where(i => i.ImportRunId == run.Id && i.Sequence > last)
                .OrderBy(i => i.Sequence).Take(CsvBatch).ToListAsync(ct);
            foreach (var issue in batch)
            {
                ErrorReport.WriteLine(text, Open(cipher, issue));
            }

            await writer.WriteAsync(text.GetStringBuilder(), ct);
            text.GetStringBuilder().Clear();
            if (batch.Count < CsvBatch)
            {
                break;
            }

            last = batch[^1].Sequence;
        }

        await writer.FlushAsync(ct);
    }
}
