using Notifier.Core.Import;
using Notifier.Core.Protection;

namespace Notifier.Core.Subjects;

// The clear workflow columns of a DataSubject, computed from its payload (the same for a new row, a merged duplicate
// and a re-imported person, so the three never disagree).
public sealed record SubjectAssessment(
    SubjectFacts Facts,
    AddressResult? Address,
    ReviewReason ReviewReason,
    NotificationChannel Channel,
    SubjectNotificationStatus Status);

// The keyed hashes of one person (FieldCipher.BlindIndex of Deduplication's keys). Lab is scoped to the laboratory,
// because patient numbers repeat from one lab software to the next; Nir and Identity are global, so the same person
// is recognised across the laboratories of an incident.
public sealed record SubjectKeys(string? Lab, string? Nir, string? Identity);

public static class SubjectRecord
{
    public const string LabPatientPurpose = "lab-patient";
    public const string NirPurpose = "nir";
    public const string IdentityPurpose = "identity";

    public static SubjectAssessment Assess(SubjectPayload payload, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var facts = SubjectRules.Derive(payload, today);
        var address = AnyAddress(payload)
            ? AddressBlock.Normalise(payload.AddressLine1, payload.AddressLine2, payload.AddressLine3, payload.PostalCode, payload.City, payload.Country)
            : null;
        return Assess(facts, address);
    }

    // From facts and an address block already computed (ImportRow.Validate does both for each row).
    public static SubjectAssessment Assess(SubjectFacts facts, AddressResult? address)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var postable = address is { NeedsReview: false };

        var review = facts.ReviewReason;
        if (review == ReviewReason.None && !postable && !facts.HasEmail)
        {
            // Neither a usable address nor an e-mail: someone has to find how to reach this person.
            review = ReviewReason.AddressUnusable;
        }

        // A preliminary channel; the letters and e-mail issues apply the lab's policy on top of it.
        var channel = (postable, facts.HasEmail) switch
        {
            (true, true) => NotificationChannel.EmailAndPost,
            (true, false) => NotificationChannel.Post,
            (false, true) => NotificationChannel.Email,
            _ => NotificationChannel.Undecided,
        };
        var status = review == ReviewReason.None ? SubjectNotificationStatus.Pending : SubjectNotificationStatus.ManualReview;
        return new SubjectAssessment(facts, address, review, channel, status);
    }

    public static SubjectKeys Keys(FieldCipher cipher, Guid laboratoryId, SubjectPayload payload)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(payload);
        var lab = payload.LabPatientId is { } id ? cipher.BlindIndex(LabPatientPurpose, laboratoryId.ToString("D") + "/" + id) : null;
        var nir = Deduplication.NirKey(payload.Nir) is { } n ? cipher.BlindIndex(NirPurpose, n) : null;
        var identity = Deduplication.IdentityKey(payload.LastName, payload.FirstName, payload.BirthDate, payload.PostalCode) is { } k
            ? cipher.BlindIndex(IdentityPurpose, k)
            : null;
        return new SubjectKeys(lab, nir, identity);
    }

    // Applies the assessment to the clear columns. A person whose notification has already started keeps its status:
    // only Pending and ManualReview are recomputed, so a corrected file never "un-sends" a letter.
    public static void Apply(DataSubject subject, SubjectAssessment assessment, SubjectKeys keys)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(keys);
        subject.LabPatientIdIndex = keys.Lab;
        subject.NirIndex = keys.Nir;
        subject.IdentityIndex = keys.Identity;
        subject.ExposedCategories = assessment.Facts.ExposedCategories;
        subject.IsMinor = assessment.Facts.IsMinor;
        subject.ReviewReason = assessment.ReviewReason;
        subject.HasEmail = assessment.Facts.HasEmail;
        subject.Channel = assessment.Channel;
        if (subject.Status is SubjectNotificationStatus.Pending or SubjectNotificationStatus.ManualReview)
        {
            subject.Status = assessment.Status;
        }
    }

    // Two records of the same person. What the newer record says wins, what it leaves blank keeps the older value
    // (a corrected file may carry fewer columns). The minor's opposition to informing the parents (CSP L.1111-5) is
    // never lost by a merge of duplicates within one file; a later import that maps the column may lift it.
    public static SubjectPayload Merge(SubjectPayload older, SubjectPayload newer, MergeKind kind)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        return new SubjectPayload
        {
            LabPatientId = newer.LabPatientId ?? older.LabPatientId,
            Civility = newer.Civility ?? older.Civility,
            LastName = newer.LastName.Length > 0 ? newer.LastName : older.LastName,
            BirthName = newer.BirthName ?? older.BirthName,
            FirstName = newer.FirstName.Length > 0 ? newer.FirstName : older.FirstName,
            Sex = newer.Sex ?? older.Sex,
            BirthDate = newer.BirthDate ?? older.BirthDate,
            Nir = newer.Nir ?? older.Nir,
            AddressLine1 = AnyAddress(newer) ? newer.AddressLine1 : older.AddressLine1,
            AddressLine2 = AnyAddress(newer) ? newer.AddressLine2 : older.AddressLine2,
            AddressLine3 = AnyAddress(newer) ? newer.AddressLine3 : older.AddressLine3,
            PostalCode = AnyAddress(newer) ? newer.PostalCode : older.PostalCode,
            City = AnyAddress(newer) ? newer.City : older.City,
            Country = AnyAddress(newer) ? newer.Country : older.Country,
            Phone = newer.Phone ?? older.Phone,
            Email = newer.Email ?? older.Email,
            BloodGroup = newer.BloodGroup ?? older.BloodGroup,
            TreatingDoctor = newer.TreatingDoctor ?? older.TreatingDoctor,
            HealthInsurer = newer.HealthInsurer ?? older.HealthInsurer,
            Comment = newer.Comment ?? older.Comment,
            Treatments = newer.Treatments ?? older.Treatments,
            Pathologies = newer.Pathologies ?? older.Pathologies,
            SampleDate = newer.SampleDate ?? older.SampleDate,
            ParentalOpposition = kind switch
            {
                MergeKind.DuplicateInFile => older.ParentalOpposition || newer.ParentalOpposition,
                MergeKind.CorrectionWithOpposition => newer.ParentalOpposition,
                _ => older.ParentalOpposition || newer.ParentalOpposition,
            },
        };
    }

    // An address is one block: a newer record with any address line replaces the whole block rather than mixing
    // the street of one address with the town of another.
    private static bool AnyAddress(SubjectPayload p) =>
        p.AddressLine1 is not null || p.AddressLine2 is not null || p.AddressLine3 is not null || p.PostalCode is not null || p.City is not null;
}

public enum MergeKind
{
    // Two rows of the same file describe the same person.
    DuplicateInFile,

    // A later import of the lab updates a person; its file has no opposition_parents column.
    Correction,

    // A later import whose file maps opposition_parents: its value is the lab's current answer.
    CorrectionWithOpposition,
}
