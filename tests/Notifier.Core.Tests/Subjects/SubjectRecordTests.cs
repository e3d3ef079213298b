using System.Globalization;
using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;
using Notifier.Core.Tests.Builders;
using Notifier.Core.Tests.Import;

namespace Notifier.Core.Tests.Subjects;

public sealed class SubjectRecordTests
{
    private static readonly Guid LabA = Guid.Parse("0190f0f0-0000-7000-8000-00000000000a");
    private static readonly Guid LabB = Guid.Parse("0190f0f0-0000-7000-8000-00000000000b");

    // The import computes the review reason row by row; a merged or re-imported person is re-assessed from its payload.
    // Both must agree, or a corrected file would silently move persons in or out of the manual-review queue.
    [Fact]
    public void Assessment_of_a_payload_agrees_with_the_row_rules_on_every_synthetic_row_and_edge_case()
    {
        var cases = new List<Dictionary<string, string?>>();
        var options = new SyntheticPatientOptions { Count = 2_000, Seed = 11, ReferenceDate = Rows.Today };
        foreach (var p in SyntheticPatients.Generate(options))
        {
            cases.Add(new Dictionary<string, string?>
            {
                ["lab_patient_id"] = p.LabPatientId, ["civilite"] = p.Civility, ["nom"] = p.LastName, ["nom_naissance"] = p.BirthName,
                ["prenom"] = p.FirstName, ["sexe"] = p.Sex, ["date_naissance"] = p.BirthDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
                ["nir"] = p.Nir, ["adresse1"] = p.AddressLine1, ["adresse2"] = p.AddressLine2, ["adresse3"] = p.AddressLine3,
                ["code_postal"] = p.PostalCode, ["ville"] = p.City, ["pays"] = p.Country, ["telephone"] = p.Phone, ["email"] = p.Email,
                ["groupe_sanguin"] = p.BloodGroup, ["medecin_traitant"] = p.TreatingDoctor, ["mutuelle"] = p.HealthInsurer,
                ["commentaire"] = p.Comment, ["traitements"] = p.Treatments, ["pathologies"] = p.Pathologies,
                ["opposition_parents"] = p.ParentalOpposition ? "oui" : null,
            });
        }

        var noContact = Rows.Adult();
        noContact["adresse1"] = null;
        noContact["code_postal"] = null;
        noContact["ville"] = null;
        var badPostcode = Rows.Adult();
        badPostcode["code_postal"] = "2900";
        var badPostcodeWithEmail = Rows.Adult();
        badPostcodeWithEmail["code_postal"] = "2900";
        badPostcodeWithEmail["email"] = "claire@example.org";
        var minorOpposed = Rows.Adult();
        minorOpposed["date_naissance"] = "01/01/2015";
        minorOpposed["opposition_parents"] = "oui";
        cases.AddRange([noContact, badPostcode, badPostcodeWithEmail, minorOpposed]);

        foreach (var values in cases)
        {
            var row = Rows.Validate(values);
            Assert.False(row.Rejected);
            var assessment = SubjectRecord.Assess(row.Payload!, Rows.Today);
            Assert.Equal(row.ReviewReason, assessment.ReviewReason);
            Assert.Equal(row.Facts, assessment.Facts);
        }
    }

    [Theory]
    [InlineData(true, true, NotificationChannel.EmailAndPost)]
    [InlineData(true, false, NotificationChannel.Post)]
    [InlineData(false, true, NotificationChannel.Email)]
    [InlineData(false, false, NotificationChannel.Undecided)]
    public void The_preliminary_channel_follows_what_can_reach_the_person(bool postable, bool email, NotificationChannel expected)
    {
        var values = Rows.Adult();
        if (!postable)
        {
            values["code_postal"] = "2900";
        }

        values["email"] = email ? "claire@example.org" : null;
        var assessment = SubjectRecord.Assess(Rows.Validate(values).Payload!, Rows.Today);
        Assert.Equal(expected, assessment.Channel);
        Assert.Equal(!postable && !email ? SubjectNotificationStatus.ManualReview : SubjectNotificationStatus.Pending, assessment.Status);
    }

    [Fact]
    public void Keys_scope_the_lab_patient_id_to_the_laboratory_but_not_the_NIR_nor_the_identity()
    {
        var cipher = Ciphers.Default();
        var values = Rows.Adult();
        values["nir"] = "280062900012320";
        var payload = Rows.Validate(values).Payload!;
        var a = SubjectRecord.Keys(cipher, LabA, payload);
        var b = SubjectRecord.Keys(cipher, LabB, payload);

        Assert.NotNull(a.Lab);
        Assert.NotEqual(a.Lab, b.Lab);
        Assert.Equal(a.Nir, b.Nir);
        Assert.Equal(a.Identity, b.Identity);
        Assert.NotNull(a.Identity);
        Assert.Equal(DataSubject.BlindIndexLength, a.Nir!.Length);
        Assert.DoesNotContain("280062900012320", a.Nir, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_NIR_gives_no_key_so_a_typo_never_merges_two_people()
    {
        var values = Rows.Adult();
        values["nir"] = "280062900012321";
        var keys = SubjectRecord.Keys(Ciphers.Default(), LabA, Rows.Validate(values).Payload!);
        Assert.Null(keys.Nir);
        Assert.NotNull(keys.Identity);
    }

    [Fact]
    public void Merge_keeps_the_older_values_the_newer_record_leaves_blank_and_takes_the_address_as_one_block()
    {
        var older = new SubjectPayload
        {
            LastName = "Martin", FirstName = "Claire", Email = "claire@example.org", Phone = "+33612345678",
            AddressLine1 = "12 rue des Lilas", AddressLine2 = "Bâtiment B", PostalCode = "29000", City = "Quimper",
        };
        var newer = new SubjectPayload { LastName = "Martin-Durand", FirstName = "Claire", AddressLine1 = "3 place du Marché", PostalCode = "35000", City = "Rennes" };

        var merged = SubjectRecord.Merge(older, newer, MergeKind.Correction);

        Assert.Equal("Martin-Durand", merged.LastName);
        Assert.Equal("claire@example.org", merged.Email);
        Assert.Equal("+33612345678", merged.Phone);
        Assert.Equal("3 place du Marché", merged.AddressLine1);
        Assert.Null(merged.AddressLine2);   // not "Bâtiment B" of the old address
        Assert.Equal("Rennes", merged.City);
    }

    [Theory]
    [InlineData(MergeKind.DuplicateInFile, true, false, true)]
    [InlineData(MergeKind.Correction, true, false, true)]
    [InlineData(MergeKind.CorrectionWithOpposition, true, false, false)]
    [InlineData(MergeKind.CorrectionWithOpposition, false, true, true)]
    public void A_minors_opposition_survives_duplicates_and_is_lifted_only_by_a_file_that_states_it(MergeKind kind, bool older, bool newer, bool expected)
    {
        var a = new SubjectPayload { LastName = "Petit", FirstName = "Léa", ParentalOpposition = older };
        var b = new SubjectPayload { LastName = "Petit", FirstName = "Léa", ParentalOpposition = newer };
        Assert.Equal(expected, SubjectRecord.Merge(a, b, kind).ParentalOpposition);
    }

    [Fact]
    public void Apply_never_moves_a_person_whose_notification_has_started_back_to_pending()
    {
        var subject = new DataSubject(Guid.CreateVersion7(), Guid.CreateVersion7(), [], DateTime.UtcNow) { Status = SubjectNotificationStatus.LetterPosted };
        var payload = Rows.Validate(Rows.Adult()).Payload!;
        SubjectRecord.Apply(subject, SubjectRecord.Assess(payload, Rows.Today), SubjectRecord.Keys(Ciphers.Default(), LabA, payload));
        Assert.Equal(SubjectNotificationStatus.LetterPosted, subject.Status);
        Assert.Equal(NotificationChannel.Post, subject.Channel);
        Assert.NotNull(subject.IdentityIndex);
    }
}
