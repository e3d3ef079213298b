using Notifier.Core.Import;

namespace Notifier.Core.Letters;

// created → exported (the ZIP was downloaded) → printed → posted (instant and deposit proof) → closed.
public enum PostalBatchState
{
    Created,
    Exported,
    Printed,
    Posted,
    Closed,
}

// La Poste sorts mainland, overseas (97x/98x) and foreign mail apart: a batch never mixes them.
public enum PostalZone
{
    Mainland,
    Overseas,
    Foreign,
}

// One print run for the mailroom: at most N letters of one laboratory's case, in postal-code then street order.
public sealed class PostalBatch
{
    public const int DepositProofMax = 100;
    public const int FailureMax = 1000;
    public const int DefaultSize = 1000;

    private PostalBatch()
    {
    }

    public PostalBatch(Guid id, Guid controllerCaseId, int number, PostalZone zone, string language, int templateVersion, DateTime createdAtUtc, Guid? createdBy)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Number = number;
        Zone = zone;
        Language = language;
        TemplateVersion = templateVersion;
        CreatedAtUtc = createdAtUtc;
        CreatedByUserId = createdBy;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public int Number { get; private set; }
    public PostalZone Zone { get; private set; }
    public PostalBatchState State { get; private set; } = PostalBatchState.Created;

    // The wording used by every letter of the batch (the letter records it through its batch).
    public string Language { get; private set; } = "fr";
    public int TemplateVersion { get; private set; }

    public int LetterCount { get; set; }
    public int GeneratedCount { get; set; }
    public int SkippedCount { get; set; }
    public int PageCount { get; set; }
    public int SheetCount { get; set; }
    public string? Failure { get; set; }

    public DateTime CreatedAtUtc { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTime? GeneratedAtUtc { get; set; }
    public DateTime? ExportedAtUtc { get; private set; }
    public DateTime? PrintedAtUtc { get; private set; }
    public DateTime? PostedAtUtc { get; private set; }
    public string? DepositProof { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }

    public bool IsGenerated => GeneratedAtUtc is not null;

    public int ProgressPercent => LetterCount == 0 ? 100 : (int)Math.Min(100, 100L * GeneratedCount / LetterCount);

    // The state moves forward one step at a time; posting needs the instant (not in the future) and the deposit
    // proof (La Poste's bordereau or receipt reference).
    public string? Advance(PostalBatchState to, DateTime nowUtc, DateTime? postedAtUtc = null, string? depositProof = null)
    {
        if (!IsGenerated)
        {
            return PostalBatchErrors.NotGenerated;
        }

        if (to != State + 1)
        {
            return PostalBatchErrors.Order;
        }

        switch (to)
        {
            case PostalBatchState.Exported:
                ExportedAtUtc = nowUtc;
                break;
            case PostalBatchState.Printed:
                PrintedAtUtc = nowUtc;
                break;
            case PostalBatchState.Posted:
                if (postedAtUtc is null || postedAtUtc > nowUtc.AddMinutes(5))
                {
                    return PostalBatchErrors.PostedAt;
                }

                if (string.IsNullOrWhiteSpace(depositProof) || depositProof.Trim().Length > DepositProofMax)
                {
                    return PostalBatchErrors.DepositProof;
                }

                PostedAtUtc = postedAtUtc;
                DepositProof = depositProof.Trim();
                break;
            case PostalBatchState.Closed:
                ClosedAtUtc = nowUtc;
                break;
            default:
                return PostalBatchErrors.Order;
        }

        State = to;
        return null;
    }

    // First download of a generated batch: created → exported.
    public void MarkExported(DateTime nowUtc)
    {
        if (State == PostalBatchState.Created && IsGenerated)
        {
            ExportedAtUtc = nowUtc;
            State = PostalBatchState.Exported;
        }
    }

    public static PostalZone ZoneOf(AddressResult address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsForeign ? PostalZone.Foreign : address.IsOverseas ? PostalZone.Overseas : PostalZone.Mainland;
    }

    // Département from the postal code: 97x/98x use three digits, Corsica (20xxx) is 2A below 20200, else 2B.
    public static string Departement(string? postalCode)
    {
        if (postalCode is not { Length: 5 } || !postalCode.All(char.IsAsciiDigit))
        {
            return "";
        }

        if (postalCode.StartsWith("97", StringComparison.Ordinal) || postalCode.StartsWith("98", StringComparison.Ordinal))
        {
            return postalCode[..3];
        }

        if (postalCode.StartsWith("20", StringComparison.Ordinal))
        {
            return string.CompareOrdinal(postalCode, "20200") < 0 ? "2A" : "2B";
        }

        return postalCode[..2];
    }
}

public static class PostalBatchErrors
{
    public const string NotGenerated = "batch.not-generated";
    public const string Order = "batch.state-order";
    public const string PostedAt = "batch.posted-at";
    public const string DepositProof = "batch.deposit-proof";
}

// One letter of a batch, in print order. Pages is known once the batch is rendered; a letter whose person can no longer
// be written to automatically (a corrected record sent them to review) is skipped and printed nowhere.
public sealed class PostalLetter
{
    public const int ReasonMax = 40;

    private PostalLetter()
    {
    }

    public PostalLetter(Guid id, Guid postalBatchId, Guid dataSubjectId, int sequence, string departement)
    {
        Id = id;
        PostalBatchId = postalBatchId;
        DataSubjectId = dataSubjectId;
        Sequence = sequence;
        Departement = departement;
    }

    public Guid Id { get; private set; }
    public Guid PostalBatchId { get; private set; }
    public Guid DataSubjectId { get; private set; }
    public int Sequence { get; private set; }
    public string Departement { get; private set; } = "";
    public int Pages { get; set; }
    public string? SkipReason { get; set; }
    public DateTime? ReturnedAtUtc { get; set; }
}

// The ZIP handed to the printer (batch PDF, manifest.csv, summary.txt), kept with the batch so that a download is
// identical however often it is repeated and whichever node serves it.
public sealed class PostalBatchFile
{
    private PostalBatchFile()
    {
    }

    public PostalBatchFile(Guid postalBatchId, byte[] zip, DateTime createdAtUtc)
    {
        PostalBatchId = postalBatchId;
        Zip = zip;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid PostalBatchId { get; private set; }
    public byte[] Zip { get; private set; } = [];
    public DateTime CreatedAtUtc { get; private set; }
}

// A published version of the letter wording (LetterTemplate as JSON). The highest version of a language is in use.
public sealed class LetterTemplateVersion
{
    public const int ContentMax = 200_000;

    private LetterTemplateVersion()
    {
    }

    public LetterTemplateVersion(Guid id, string language, int version, string content, DateTime createdAtUtc, string createdBy)
    {
        Id = id;
        Language = language;
        Version = version;
        Content = content;
        CreatedAtUtc = createdAtUtc;
        CreatedBy = createdBy;
    }

    public Guid Id { get; private set; }
    public string Language { get; private set; } = "fr";
    public int Version { get; private set; }
    public string Content { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; } = "";
}
