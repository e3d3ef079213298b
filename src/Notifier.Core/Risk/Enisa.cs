using Notifier.Core.Incidents;

namespace Notifier.Core.Risk;

// ENISA, "Recommendations for a methodology of the assessment of severity of personal data breaches", v1.0, Dec 2013
// (regulation.md §6). SE = DPC × EI + CB. Scores are kept in exact quarter points (integers): every value on the ENISA
// scales is a multiple of 0.25, so no rounding can move a result across a band boundary.

// Annex 1, Table 1: the four data-processing-context categories and their base scores.
public enum DpcCategory
{
    Simple,
    Behavioural,
    Financial,
    Sensitive,
}

// Annex 2: four linear levels (0.25, 0.5, 0.75, 1).
public enum EaseOfIdentification
{
    Negligible = 1,
    Limited = 2,
    Significant = 3,
    Maximum = 4,
}

// Annex 3, loss of confidentiality: 0 / +0.25 / +0.5.
public enum ConfidentialityLoss
{
    None = 0,
    KnownRecipients = 1,
    UnknownRecipients = 2,
}

// Annex 3, loss of integrity: 0 / +0.25 / +0.5.
public enum IntegrityLoss
{
    None = 0,
    Recoverable = 1,
    NotRecoverable = 2,
}

// Annex 3, loss of availability: 0 / +0.25 / +0.5.
public enum AvailabilityLoss
{
    None = 0,
    Temporary = 1,
    Full = 2,
}

// §3.2 bands.
public enum SeverityBand
{
    Low,
    Medium,
    High,
    VeryHigh,
}

// One category of data in the breach, scored on the 1–4 scale. A score other than the category's base is an
// adjustment, and ENISA requires it to be justified in writing (Annex 1 A2).
public sealed record DpcScore(DpcCategory Category, int Score, string Justification);

public sealed record EnisaInput(
    IReadOnlyList<DpcScore> DataCategories,
    EaseOfIdentification EaseOfIdentification,
    ConfidentialityLoss Confidentiality,
    IntegrityLoss Integrity,
    AvailabilityLoss Availability,
    bool MaliciousIntent,
    int? PersonCount,
    bool DataUnintelligible);

public sealed record EnisaResult(
    int DpcScore,
    int EiQuarters,
    int CbQuarters,
    int SeverityQuarters,
    SeverityBand Band,
    bool MoreThan100Persons,
    bool DataUnintelligible,
    IReadOnlyList<string> Errors)
{
    public decimal Severity => SeverityQuarters / 4m;
    public decimal Ei => EiQuarters / 4m;
    public decimal Cb => CbQuarters / 4m;
    public bool IsValid => Errors.Count == 0;
}

public static class Enisa
{
    public const int MinScore = 1;
    public const int MaxScore = 4;

    // Band thresholds in quarter points: <2 Low, [2,3) Medium, [3,4) High, ≥4 Very high (ENISA §3.2).
    public const int MediumFromQuarters = 8;
    public const int HighFromQuarters = 12;
    public const int VeryHighFromQuarters = 16;

    public static int BaseScore(DpcCategory category) => category switch
    {
        DpcCategory.Simple => 1,
        DpcCategory.Behavioural => 2,
        DpcCategory.Financial => 3,
        DpcCategory.Sensitive => 4,
    };

    public static SeverityBand BandOf(int severityQuarters) => severityQuarters switch
    {
        < MediumFromQuarters => SeverityBand.Low,
        < HighFromQuarters => SeverityBand.Medium,
        < VeryHighFromQuarters => SeverityBand.High,
        _ => SeverityBand.VeryHigh,
    };

    public static EnisaResult Score(EnisaInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        if (input.DataCategories.Count == 0)
        {
            errors.Add(EnisaErrors.NoCategory);
        }

        foreach (var d in input.DataCategories)
        {
            if (d.Score is < MinScore or > MaxScore)
            {
                errors.Add(EnisaErrors.ScoreOutOfScale);
            }
            else if (d.Score != BaseScore(d.Category) && string.IsNullOrWhiteSpace(d.Justification))
            {
                errors.Add(EnisaErrors.AdjustmentNeedsJustification);
            }
        }

        if (!Enum.IsDefined(input.EaseOfIdentification))
        {
            errors.Add(EnisaErrors.EiOutOfScale);
        }

        // §3.1.3: the highest DPC and EI reached; the CB elements are summed.
        var dpc = input.DataCategories.Count == 0 ? 0 : Math.Clamp(input.DataCategories.Max(d => d.Score), 0, MaxScore);
        var ei = Math.Clamp((int)input.EaseOfIdentification, 0, 4);
        var cb = (int)input.Confidentiality + (int)input.Integrity + (int)input.Availability + (input.MaliciousIntent ? 2 : 0);
        var se = dpc * ei + cb;
        return new EnisaResult(dpc, ei, cb, se, BandOf(se), input.PersonCount > 100, input.DataUnintelligible, errors.Distinct().ToList());
    }

    // The starting point the DPO reviews: each category present in the breach at its ENISA base score, except health
    // data with test results, which ENISA's own lab example (Annex 1 A3, "test results") scores 4 — the base anyway.
    public static EnisaInput Prefill(DataCategories categories, BreachNature nature, IncidentOrigin origin, IncidentCause cause,
        int? personCount)
    {
        var scores = new List<DpcScore>();
        if ((categories & (DataCategoryGroups.Identity | DataCategoryGroups.Contact | DataCategories.SocialSecurityNumber
                | DataCategories.HealthInsurer)) != 0)
        {
            scores.Add(new DpcScore(DpcCategory.Simple, BaseScore(DpcCategory.Simple), ""));
        }

        // Credentials take the category of what they give access to (Annex 1): the patient portal holds health results.
        if (categories.IncludesHealthData() || (categories & DataCategories.Credentials) != 0)
        {
            scores.Add(new DpcScore(DpcCategory.Sensitive, BaseScore(DpcCategory.Sensitive), ""));
        }

        return new EnisaInput(scores, PrefillEase(categories), PrefillConfidentiality(nature, origin),
            (nature & BreachNature.Integrity) != 0 ? IntegrityLoss.Recoverable : IntegrityLoss.None,
            (nature & BreachNature.Availability) != 0 ? AvailabilityLoss.Temporary : AvailabilityLoss.None,
            cause is IncidentCause.ExternalMalicious or IncidentCause.InternalMalicious, personCount, DataUnintelligible: false);
    }

    // Annex 2: full name with date of birth, e-mail or NIR → 1; the NIR linked to contact data → 0.75;
    // a name alone → 0.5 (a few namesakes); otherwise 0.25.
    public static EaseOfIdentification PrefillEase(DataCategories c)
    {
        var fullName = (c & DataCategories.Surname) != 0 && (c & DataCategories.FirstName) != 0;
        if (fullName && (c & (DataCategories.BirthDate | DataCategories.Email | DataCategories.SocialSecurityNumber)) != 0)
        {
            return EaseOfIdentification.Maximum;
        }

        if ((c & DataCategories.SocialSecurityNumber) != 0 && (c & DataCategoryGroups.Contact) != 0)
        {
            return EaseOfIdentification.Significant;
        }

        return fullName || (c & DataCategories.Surname) != 0 ? EaseOfIdentification.Limited : EaseOfIdentification.Negligible;
    }

    // Annex 3: published on the Internet or taken by an attacker → unknown recipients (+0.5); wrong recipient,
    // another person's portal, verbal disclosure → known recipients (+0.25); a lost device with no evidence of access → 0.
    public static ConfidentialityLoss PrefillConfidentiality(BreachNature nature, IncidentOrigin origin)
    {
        if ((nature & BreachNature.Confidentiality) == 0)
        {
            return ConfidentialityLoss.None;
        }

        return origin switch
        {
            IncidentOrigin.UnintendedPublication or IncidentOrigin.HackingMalwarePhishing or IncidentOrigin.Unknown or IncidentOrigin.Other
                => ConfidentialityLoss.UnknownRecipients,
            IncidentOrigin.SentToWrongRecipient or IncidentOrigin.WrongPersonDataOnPortal or IncidentOrigin.DisclosedVerbally
                or IncidentOrigin.MailLostOrOpened => ConfidentialityLoss.KnownRecipients,
            IncidentOrigin.EquipmentLostOrStolen or IncidentOrigin.PaperLostOrStolen or IncidentOrigin.DisposalWithoutErasure
                => ConfidentialityLoss.None,
        };
    }

    // "5.0" (invariant, for the audit trail and the API) or "5,0" in a French document or page.
    public static string Format(int quarters, IFormatProvider? culture = null) =>
        (quarters / 4m).ToString("0.0#", culture ?? System.Globalization.CultureInfo.InvariantCulture);
}

public static class EnisaErrors
{
    public const string NoCategory = "enisa.no-category";
    public const string ScoreOutOfScale = "enisa.score-out-of-scale";
    public const string AdjustmentNeedsJustification = "enisa.adjustment-needs-justification";
    public const string EiOutOfScale = "enisa.ei-out-of-scale";
}
