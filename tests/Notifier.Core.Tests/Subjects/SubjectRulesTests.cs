using Notifier.Core.Incidents;
using Notifier.Core.Subjects;
using Notifier.Core.Tests.Builders;

namespace Notifier.Core.Tests.Subjects;

public sealed class SubjectRulesTests
{
    private static readonly DateOnly Today = Payloads.ReferenceDate;

    private static SubjectPayload With(string field, string? value) => field switch
    {
        nameof(SubjectPayload.LastName) => new SubjectPayload { LastName = value ?? "" },
        nameof(SubjectPayload.BirthName) => new SubjectPayload { BirthName = value },
        nameof(SubjectPayload.FirstName) => new SubjectPayload { FirstName = value ?? "" },
        nameof(SubjectPayload.Sex) => new SubjectPayload { Sex = value },
        nameof(SubjectPayload.Civility) => new SubjectPayload { Civility = value },
        nameof(SubjectPayload.AddressLine1) => new SubjectPayload { AddressLine1 = value },
        nameof(SubjectPayload.PostalCode) => new SubjectPayload { PostalCode = value },
        nameof(SubjectPayload.City) => new SubjectPayload { City = value },
        nameof(SubjectPayload.Phone) => new SubjectPayload { Phone = value },
        nameof(SubjectPayload.Email) => new SubjectPayload { Email = value },
        nameof(SubjectPayload.Nir) => new SubjectPayload { Nir = value },
        nameof(SubjectPayload.TreatingDoctor) => new SubjectPayload { TreatingDoctor = value },
        nameof(SubjectPayload.BloodGroup) => new SubjectPayload { BloodGroup = value },
        nameof(SubjectPayload.HealthInsurer) => new SubjectPayload { HealthInsurer = value },
        nameof(SubjectPayload.Comment) => new SubjectPayload { Comment = value },
        nameof(SubjectPayload.Treatments) => new SubjectPayload { Treatments = value },
        nameof(SubjectPayload.Pathologies) => new SubjectPayload { Pathologies = value },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "No such text field."),
    };

    private static SubjectFacts Derive(SubjectPayload payload) => SubjectRules.Derive(payload, Today);

    [Fact]
    public void Empty_record_exposes_no_category()
    {
        var facts = Derive(Payloads.Empty());

        Assert.Equal(DataCategories.None, facts.ExposedCategories);
        Assert.False(facts.IsMinor);
        Assert.Equal(ReviewReason.None, facts.ReviewReason);
        Assert.False(facts.HasEmail);
    }

    [Theory]
    [InlineData(nameof(SubjectPayload.LastName), DataCategories.Surname)]
    [InlineData(nameof(SubjectPayload.BirthName), DataCategories.Surname)]
    [InlineData(nameof(SubjectPayload.FirstName), DataCategories.FirstName)]
    [InlineData(nameof(SubjectPayload.Sex), DataCategories.Sex)]
    [InlineData(nameof(SubjectPayload.Civility), DataCategories.Sex)]
    [InlineData(nameof(SubjectPayload.AddressLine1), DataCategories.PostalAddress)]
    [InlineData(nameof(SubjectPayload.PostalCode), DataCategories.PostalAddress)]
    [InlineData(nameof(SubjectPayload.City), DataCategories.PostalAddress)]
    [InlineData(nameof(SubjectPayload.Phone), DataCategories.Phone)]
    [InlineData(nameof(SubjectPayload.Email), DataCategories.Email)]
    [InlineData(nameof(SubjectPayload.Nir), DataCategories.SocialSecurityNumber)]
    [InlineData(nameof(SubjectPayload.TreatingDoctor), DataCategories.TreatingDoctor)]
    [InlineData(nameof(SubjectPayload.BloodGroup), DataCategories.BloodGroup)]
    [InlineData(nameof(SubjectPayload.HealthInsurer), DataCategories.HealthInsurer)]
    [InlineData(nameof(SubjectPayload.Comment), DataCategories.HealthComments)]
    [InlineData(nameof(SubjectPayload.Treatments), DataCategories.Treatments)]
    [InlineData(nameof(SubjectPayload.Pathologies), DataCategories.Pathologies)]
    public void Present_field_exposes_exactly_its_category(string field, DataCategories expected)
    {
        Assert.Equal(expected, Derive(With(field, "x")).ExposedCategories);
    }

    [Theory]
    [InlineData(nameof(SubjectPayload.LastName), "")]
    [InlineData(nameof(SubjectPayload.FirstName), "   ")]
    [InlineData(nameof(SubjectPayload.Sex), "\t")]
    [InlineData(nameof(SubjectPayload.City), " \r\n ")]
    [InlineData(nameof(SubjectPayload.Email), "")]
    [InlineData(nameof(SubjectPayload.Nir), "  ")]
    [InlineData(nameof(SubjectPayload.Comment), " ")]
    [InlineData(nameof(SubjectPayload.Pathologies), null)]
    public void Empty_or_blank_field_counts_as_absent(string field, string? value)
    {
        Assert.Equal(DataCategories.None, Derive(With(field, value)).ExposedCategories);
    }

    [Fact]
    public void Birth_date_exposes_the_birth_date_category()
    {
        var facts = Derive(new SubjectPayload { BirthDate = new DateOnly(1980, 6, 1) });

        Assert.Equal(DataCategories.BirthDate, facts.ExposedCategories);
    }

    [Fact]
    public void Sample_date_exposes_the_examination_date_category()
    {
        var facts = Derive(new SubjectPayload { SampleDate = new DateOnly(2020, 12, 31) });

        Assert.Equal(DataCategories.ExaminationDate, facts.ExposedCategories);
    }

    [Fact]
    public void Full_record_exposes_every_category_the_payload_can_hold()
    {
        var all = Enum.GetValues<DataCategories>().Aggregate(DataCategories.None, (a, c) => a | c);

        var facts = Derive(Payloads.Full());

        // Credentials are never part of a patient record.
        Assert.Equal(all & ~DataCategories.Credentials, facts.ExposedCategories);
    }

    [Fact]
    public void Email_present_sets_has_email()
    {
        Assert.True(Derive(With(nameof(SubjectPayload.Email), "a@example.test")).HasEmail);
        Assert.False(Derive(With(nameof(SubjectPayload.Email), "  ")).HasEmail);
    }

    [Fact]
    public void Person_whose_18th_birthday_is_the_reference_date_is_an_adult()
    {
        var payload = Payloads.Minor() with { BirthDate = Today.AddYears(-18) };

        Assert.False(Derive(payload).IsMinor);
        Assert.Equal(18, SubjectRules.AgeAt(Today.AddYears(-18), Today));
    }

    [Fact]
    public void Person_the_day_before_their_18th_birthday_is_a_minor()
    {
        var birth = Today.AddYears(-18).AddDays(1);

        Assert.True(Derive(Payloads.Minor() with { BirthDate = birth }).IsMinor);
        Assert.Equal(17, SubjectRules.AgeAt(birth, Today));
    }

    [Fact]
    public void Age_is_counted_on_the_birthday_itself()
    {
        Assert.Equal(16, SubjectRules.AgeAt(new DateOnly(2010, 3, 15), new DateOnly(2026, 3, 15)));
        Assert.Equal(15, SubjectRules.AgeAt(new DateOnly(2010, 3, 16), new DateOnly(2026, 3, 15)));
        Assert.Equal(0, SubjectRules.AgeAt(new DateOnly(2026, 3, 15), new DateOnly(2026, 3, 15)));
    }

    [Fact]
    public void Age_is_computed_at_the_reference_date_not_at_the_sample_date()
    {
        // Sampled as a child in 2016, an adult by the time of the letter (regulation.md §8, rule 1).
        var payload = new SubjectPayload { BirthDate = new DateOnly(2002, 5, 1), SampleDate = new DateOnly(2016, 1, 10) };

        Assert.False(SubjectRules.Derive(payload, Today).IsMinor);
        Assert.True(SubjectRules.Derive(payload, new DateOnly(2016, 1, 10)).IsMinor);
    }

    [Fact]
    public void Person_without_birth_date_is_not_treated_as_a_minor()
    {
        var payload = Payloads.Minor("Sérologie VIH") with { BirthDate = null, ParentalOpposition = true };

        var facts = Derive(payload);

        Assert.False(facts.IsMinor);
        Assert.Equal(ReviewReason.None, facts.ReviewReason);
    }

    [Fact]
    public void Minor_with_parental_opposition_needs_confidential_care_review()
    {
        var facts = Derive(Payloads.Minor() with { ParentalOpposition = true });

        Assert.True(facts.IsMinor);
        Assert.Equal(ReviewReason.MinorConfidentialCare, facts.ReviewReason);
    }

    [Fact]
    public void Parental_opposition_takes_precedence_over_a_sensitive_record()
    {
        var facts = Derive(Payloads.Minor("Sérologie VIH") with { ParentalOpposition = true });

        Assert.Equal(ReviewReason.MinorConfidentialCare, facts.ReviewReason);
    }

    [Fact]
    public void Adult_with_parental_opposition_flag_needs_no_review()
    {
        Assert.Equal(ReviewReason.None, Derive(Payloads.Adult() with { ParentalOpposition = true }).ReviewReason);
    }

    [Fact]
    public void Minor_with_an_ordinary_record_needs_no_review()
    {
        var facts = Derive(Payloads.Minor("Numération formule sanguine, ferritine"));

        Assert.True(facts.IsMinor);
        Assert.Equal(ReviewReason.None, facts.ReviewReason);
    }

    [Theory]
    [InlineData("Sérologie VIH")]
    [InlineData("serologie vih")]
    [InlineData("SÉROLOGIE VIH")]
    [InlineData("grossesse")]
    [InlineData("Test de GROSSESSE")]
    [InlineData("Contraception orale")]
    [InlineData("contraceptif")]
    [InlineData("test IST")]
    [InlineData("Dépistage IST.")]
    [InlineData("IST")]
    [InlineData("(MST)")]
    [InlineData("HIV negative")]
    [InlineData("Sérologie VIH1/VIH2")]
    [InlineData("Typage HPV16")]
    [InlineData("HPV")]
    [InlineData("Demande d'IVG")]
    [InlineData("Interruption volontaire de grossesse")]
    [InlineData("Patiente enceinte de 8 semaines")]
    [InlineData("Grossesses antérieures : 1")]
    [InlineData("Chlamydia trachomatis PCR")]
    [InlineData("Chlamydiae")]
    [InlineData("Gonocoque")]
    [InlineData("Syphilis (TPHA-VDRL)")]
    [InlineData("Hépatite B : Ag HBs")]
    [InlineData("Papillomavirus")]
    [InlineData("Bêta HCG quantitatif")]
    [InlineData("bêta-HCG positif")]
    [InlineData("BHCG")]
    public void Minor_with_a_sexual_or_reproductive_health_record_needs_review(string comment)
    {
        var facts = Derive(Payloads.Minor(comment));

        Assert.Equal(ReviewReason.MinorSensitiveRecord, facts.ReviewReason);
    }

    [Fact]
    public void Sensitive_terms_are_also_found_in_treatments_and_pathologies()
    {
        Assert.Equal(ReviewReason.MinorSensitiveRecord, Derive(Payloads.Minor() with { Treatments = "Pilule contraceptive" }).ReviewReason);
        Assert.Equal(ReviewReason.MinorSensitiveRecord, Derive(Payloads.Minor() with { Pathologies = "Infection à Chlamydia" }).ReviewReason);
    }

    [Theory]
    [InlineData("Sérologie VIH")]
    [InlineData("grossesse")]
    [InlineData("Contraception orale")]
    [InlineData("test IST")]
    public void Adult_with_a_sexual_health_record_needs_no_review(string comment)
    {
        var facts = Derive(Payloads.Adult(comment));

        Assert.False(facts.IsMinor);
        Assert.Equal(ReviewReason.None, facts.ReviewReason);
        Assert.True(SubjectRules.ConcernsConfidentialCare(Payloads.Adult(comment)));
    }

    [Theory]
    [InlineData("Listériose")]              // contains "ist" inside a word
    [InlineData("Voyage à Istanbul")]       // starts with "ist"
    [InlineData("Fracture de l'isthme")]
    [InlineData("Bronchite hivernale")]     // starts with "hiv"
    [InlineData("Mstislav")]
    [InlineData("Ivgreen")]
    [InlineData("Hpvx")]
    [InlineData("Anticorps anti-HAV, hépatite A")]
    public void Word_that_merely_contains_a_short_term_does_not_trigger_review(string comment)
    {
        var facts = Derive(Payloads.Minor(comment));

        Assert.Equal(ReviewReason.None, facts.ReviewReason);
    }

    [Fact]
    public void Stem_must_start_a_word()
    {
        Assert.False(SubjectRules.ConcernsConfidentialCare(new SubjectPayload { Comment = "Mégrossesse" }));
        Assert.True(SubjectRules.ConcernsConfidentialCare(new SubjectPayload { Comment = "grossesse" }));
    }

    [Fact]
    public void Record_without_free_text_does_not_concern_confidential_care()
    {
        Assert.False(SubjectRules.ConcernsConfidentialCare(Payloads.Empty()));
    }

    [Fact]
    public void Terms_in_different_fields_are_not_glued_together()
    {
        // The comment ends with "v" and the treatments start with "ih": no "vih" across the field boundary.
        var split = new SubjectPayload { Comment = "Bilan v", Treatments = "ih" };

        Assert.False(SubjectRules.ConcernsConfidentialCare(split));
        Assert.True(SubjectRules.ConcernsConfidentialCare(split with { Treatments = "vih" }));
    }

    [Theory]
    [InlineData("Sérologie VIH", "serologie vih")]
    [InlineData("ÉÈÊË àç", "eeee ac")]
    [InlineData("Hépatite B", "hepatite b")]
    [InlineData("Bêta HCG", "beta hcg")]
    [InlineData("", "")]
    public void Fold_lower_cases_and_strips_accents(string input, string expected)
    {
        Assert.Equal(expected, SubjectRules.Fold(input));
    }
}
