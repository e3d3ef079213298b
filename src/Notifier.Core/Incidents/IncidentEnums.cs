namespace Notifier.Core.Incidents;

// EDPB 9/2022 "Types of personal data breaches"; the CNIL form asks the same three (regulation.md §1.1, §4.2 item 6).
[Flags]
public enum BreachNature
{
    None = 0,
    Confidentiality = 1,
    Integrity = 2,
    Availability = 4,
}

// CNIL form, "Origine de l'incident" (regulation.md §4.2 item 5). Option labels are UNCONFIRMED against the live form.
public enum IncidentOrigin
{
    Unknown,
    EquipmentLostOrStolen,
    PaperLostOrStolen,
    MailLostOrOpened,
    HackingMalwarePhishing,
    DisposalWithoutErasure,
    UnintendedPublication,
    WrongPersonDataOnPortal,
    SentToWrongRecipient,
    DisclosedVerbally,
    Other,
}

// CNIL form, "Cause" (regulation.md §4.2 item 7).
public enum IncidentCause
{
    Unknown,
    InternalMalicious,
    InternalAccidental,
    ExternalMalicious,
    ExternalAccidental,
    Other,
}

// CNIL form: the breach is "établie" or "supposée" (regulation.md §4.2 item 4).
public enum BreachCertainty
{
    Suspected,
    Established,
}

// Categories of data in the leaked file (regulation.md §0) mapped to the CNIL form's list (§4.2 item 10).
// Stored as an integer bit mask: it is filtered on, and a string flag list cannot be queried in SQL.
[Flags]
public enum DataCategories
{
    None = 0,
    Surname = 1 << 0,
    FirstName = 1 << 1,
    Sex = 1 << 2,
    BirthDate = 1 << 3,
    PostalAddress = 1 << 4,
    Phone = 1 << 5,
    Email = 1 << 6,
    SocialSecurityNumber = 1 << 7,
    TreatingDoctor = 1 << 8,
    ExaminationDate = 1 << 9,
    BloodGroup = 1 << 10,
    HealthInsurer = 1 << 11,
    HealthComments = 1 << 12,
    Treatments = 1 << 13,
    Pathologies = 1 << 14,
    Credentials = 1 << 15,
}

public static class DataCategoryGroups
{
    public const DataCategories Identity = DataCategories.Surname | DataCategories.FirstName | DataCategories.Sex | DataCategories.BirthDate;
    public const DataCategories Contact = DataCategories.PostalAddress | DataCategories.Phone | DataCategories.Email;

    // Art. 9(1) special categories: anything that reveals health.
    public const DataCategories Health = DataCategories.BloodGroup | DataCategories.HealthComments | DataCategories.Treatments
        | DataCategories.Pathologies | DataCategories.TreatingDoctor | DataCategories.ExaminationDate;

    public static bool IncludesHealthData(this DataCategories categories) => (categories & Health) != 0;
}
