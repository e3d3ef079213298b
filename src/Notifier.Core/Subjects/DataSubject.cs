using Notifier.Core.Incidents;

namespace Notifier.Core.Subjects;

public enum NotificationChannel
{
    Undecided,
    Post,
    Email,
    EmailAndPost,
    None,
}

public enum SubjectNotificationStatus
{
    Pending,
    ManualReview,
    LetterQueued,
    LetterPosted,
    EmailSent,
    Returned,
    Unreachable,
    Informed,
}

// Why a person must not get an automatic letter (regulation.md §8): routed to the lab's biologist and DPO.
public enum ReviewReason
{
    None,
    MinorConfidentialCare,
    MinorSensitiveRecord,
    ProtectedAdult,
    Deceased,
    AddressUnusable,
}

// An affected person of one laboratory. Designed for 500,000+ rows per incident:
// every personal field lives in one authenticated-encrypted payload (see Protection/ and ADR 0006);
// only keyed hashes (blind indexes) and non-identifying workflow columns are in clear, so nothing leaks from a dump
// and a row costs one column decrypt to read.
public sealed class DataSubject
{
    public const int BlindIndexLength = 44;     // base64 of a 256-bit HMAC
    public const int LetterCodeLength = 16;
    public const int PayloadMax = 16_384;

    private DataSubject()
    {
    }

    public DataSubject(Guid id, Guid controllerCaseId, byte[] payload, DateTime createdAtUtc)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Payload = payload;
        CreatedAtUtc = createdAtUtc;
        UpdatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public Guid? ImportId { get; set; }

    // Encrypted SubjectPayload (JSON), AES-256-GCM with the key id in the header.
    public byte[] Payload { get; set; } = [];

    // Keyed hashes: same lab patient id (re-import), same NIR, same normalised name + birth date + postcode (de-duplication).
    public string? LabPatientIdIndex { get; set; }
    public string? NirIndex { get; set; }
    public string? IdentityIndex { get; set; }

    // The same person across the laboratories of an incident (same NIR or same identity key): each lab keeps its own
    // subject, as a separate controller, and the compliance officer counts distinct persons by this id.
    public Guid? PersonId { get; set; }

    public DataCategories ExposedCategories { get; set; }
    public bool IsMinor { get; set; }
    public ReviewReason ReviewReason { get; set; }
    public bool HasEmail { get; set; }
    public NotificationChannel Channel { get; set; }
    public SubjectNotificationStatus Status { get; set; }

    // Unguessable code printed on the letter; the person checks it on the public verification page. Null until the
    // person's letter is composed (the import leaves it unset, see ADR-0011).
    public string? LetterCode { get; set; }

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; set; }
}

// What the payload holds once decrypted. Never logged, never put in a URL or an audit entry.
public sealed record SubjectPayload
{
    public string? LabPatientId { get; init; }
    public string? Civility { get; init; }
    public string LastName { get; init; } = "";
    public string? BirthName { get; init; }
    public string FirstName { get; init; } = "";
    public string? Sex { get; init; }
    public DateOnly? BirthDate { get; init; }
    public string? Nir { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? AddressLine3 { get; init; }
    public string? PostalCode { get; init; }
    public string? City { get; init; }
    public string? Country { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? BloodGroup { get; init; }
    public string? TreatingDoctor { get; init; }
    public string? HealthInsurer { get; init; }
    public string? Comment { get; init; }
    public string? Treatments { get; init; }
    public string? Pathologies { get; init; }
    public DateOnly? SampleDate { get; init; }
    public bool ParentalOpposition { get; init; }
}
