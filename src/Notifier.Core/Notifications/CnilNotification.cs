namespace Notifier.Core.Notifications;

public enum NotificationKind
{
    Initial,
    Complementary,
}

// One filing with the CNIL (Art. 33(4): in phases). A snapshot of every field of the dossier at the moment it was
// prepared (DossierDocument as JSON), then the filing record: the instant, the CNIL's notification number, the reasons
// for the delay when late, and the CNIL's summary PDF as proof (regulation.md §2.7, checklist item 5).
public sealed class CnilNotification
{
    public const int NumberMax = 100;
    public const int ReasonsMax = 4000;
    public const int ActorMax = 254;
    public const int SnapshotMax = 200_000;

    private CnilNotification()
    {
    }

    public CnilNotification(Guid id, Guid controllerCaseId, NotificationKind kind, Guid? initialId, int sequence, string snapshotJson,
        bool complete, string actor, DateTime nowUtc)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Kind = kind;
        InitialId = initialId;
        Sequence = sequence;
        SnapshotJson = snapshotJson;
        Complete = complete;
        CreatedBy = actor;
        CreatedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public NotificationKind Kind { get; private set; }
    // A complementary notification refers to the initial one (and the CNIL form asks for its number).
    public Guid? InitialId { get; private set; }
    public int Sequence { get; private set; }

    public string SnapshotJson { get; private set; } = "";
    // Art. 33(3) completeness when it was prepared; an incomplete initial filing is allowed (Art. 33(4)) and marked.
    public bool Complete { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? FiledAtUtc { get; private set; }
    public string CnilNumber { get; private set; } = "";
    public string ReasonsForDelay { get; private set; } = "";
    public bool FiledLate { get; private set; }
    public DateTime? DueAtFilingUtc { get; private set; }
    public string FiledBy { get; private set; } = "";
    public DateTime? FiledRecordedAtUtc { get; private set; }

    public Guid? SummaryDocumentId { get; private set; }

    public bool IsFiled => FiledAtUtc is not null;

    // Art. 33(1): filed after the deadline → the reasons for the delay are mandatory (same rule as ObligationRecord).
    public string? RecordFiling(DateTime filedAtUtc, string cnilNumber, string reasonsForDelay, DateTime? dueUtc, string actor, DateTime nowUtc)
    {
        if (filedAtUtc > nowUtc)
        {
            return NotificationErrors.FiledInFuture;
        }

        if (filedAtUtc < CreatedAtUtc.AddDays(-1))
        {
            return NotificationErrors.FiledBeforePrepared;
        }

        if (string.IsNullOrWhiteSpace(cnilNumber))
        {
            return NotificationErrors.NumberRequired;
        }

        var late = dueUtc is { } due && filedAtUtc > due;
        if (late && string.IsNullOrWhiteSpace(reasonsForDelay))
        {
            return NotificationErrors.ReasonsRequired;
        }

        FiledAtUtc = filedAtUtc;
        CnilNumber = cnilNumber.Trim();
        ReasonsForDelay = (reasonsForDelay ?? "").Trim();
        FiledLate = late;
        DueAtFilingUtc = dueUtc;
        FiledBy = actor;
        FiledRecordedAtUtc = nowUtc;
        return null;
    }

    public void AttachSummary(Guid documentId) => SummaryDocumentId = documentId;
}

public static class NotificationErrors
{
    public const string ReasonsRequired = "notification.reasons-required";
    public const string FiledInFuture = "notification.filed-in-future";
    public const string FiledBeforePrepared = "notification.filed-before-prepared";
    public const string NumberRequired = "notification.number-required";
    public const string InitialRequired = "notification.initial-required";
    public const string InitialExists = "notification.initial-exists";
    public const string InitialNotFiled = "notification.initial-not-filed";
}

// A file kept as proof (the CNIL's summary PDF). Bytes in the database: provider-neutral, backed up with the rest.
public sealed class StoredDocument
{
    public const int NameMax = 255;
    public const int ContentTypeMax = 100;
    public const int MaxBytes = 10 * 1024 * 1024;

    private StoredDocument()
    {
    }

    public StoredDocument(Guid id, Guid controllerCaseId, string fileName, string contentType, byte[] content, string actor, DateTime nowUtc)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        FileName = fileName;
        ContentType = contentType;
        Content = content;
        Size = content.Length;
        UploadedBy = actor;
        UploadedAtUtc = nowUtc;
        Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content));
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public int Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string UploadedBy { get; private set; } = "";
    public DateTime UploadedAtUtc { get; private set; }

    // A PDF starts with "%PDF-" (ISO 32000-1 §7.5.2), within the first 1024 bytes by reader tolerance; we require it at 0.
    public static bool LooksLikePdf(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8);
}
