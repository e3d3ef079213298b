using Notifier.Core.Incidents;
using Notifier.Core.Risk;

namespace Notifier.Core.Tests.Risk;

public sealed class EnisaTests
{
    private static EnisaInput Input(int dpc, EaseOfIdentification ei, ConfidentialityLoss c = ConfidentialityLoss.None, IntegrityLoss i = IntegrityLoss.None,
        AvailabilityLoss a = AvailabilityLoss.None, bool malicious = false, DpcCategory category = DpcCategory.Sensitive, string justification = "motif",
        int? persons = null, bool unintelligible = false) =>
        new([new DpcScore(category, dpc, justification)], ei, c, i, a, malicious, persons, unintelligible);

    [Fact]
    public void The_demo_case_scores_five_very_high_with_the_more_than_100_flag()
    {
        const DataCategories all = (DataCategories)0xFFFF & ~DataCategories.Credentials;
        var input = Enisa.Prefill(all, BreachNature.Confidentiality, IncidentOrigin.UnintendedPublication, IncidentCause.ExternalMalicious, 17_566);
        var result = Enisa.Score(input);
        Assert.Equal((4, 4, 4, 20), (result.DpcScore, result.EiQuarters, result.CbQuarters, result.SeverityQuarters));
        Assert.Equal(5.0m, result.Severity);
        Assert.Equal(SeverityBand.VeryHigh, result.Band);
        Assert.True(result.MoreThan100Persons);
        Assert.False(result.DataUnintelligible);
        Assert.True(result.IsValid);
    }

    [Theory]
    [InlineData(1, EaseOfIdentification.Negligible, 0.25)]
    [InlineData(2, EaseOfIdentification.Limited, 1.0)]
    [InlineData(3, EaseOfIdentification.Significant, 2.25)]
    [InlineData(4, EaseOfIdentification.Maximum, 4.0)]
    [InlineData(3, EaseOfIdentification.Maximum, 3.0)]
    public void Severity_is_dpc_times_ei_without_circumstances(int dpc, EaseOfIdentification ei, double expected) =>
        Assert.Equal((decimal)expected, Enisa.Score(Input(dpc, ei)).Severity);

    [Fact]
    public void Circumstances_add_up_to_two_at_most()
    {
        var max = Enisa.Score(Input(4, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.NotRecoverable, AvailabilityLoss.Full, malicious: true));
        Assert.Equal((2.0m, 6.0m), (max.Cb, max.Severity));
        var some = Enisa.Score(Input(1, EaseOfIdentification.Negligible, ConfidentialityLoss.KnownRecipients, IntegrityLoss.Recoverable, AvailabilityLoss.Temporary));
        Assert.Equal((0.75m, 1.0m), (some.Cb, some.Severity));
    }

    [Fact]
    public void The_highest_dpc_and_ease_are_taken_across_categories()
    {
        var input = new EnisaInput([new DpcScore(DpcCategory.Simple, 1, ""), new DpcScore(DpcCategory.Financial, 3, ""), new DpcScore(DpcCategory.Behavioural, 2, "")],
            EaseOfIdentification.Limited, ConfidentialityLoss.None, IntegrityLoss.None, AvailabilityLoss.None, false, 10, false);
        var result = Enisa.Score(input);
        Assert.Equal((3, 1.5m, SeverityBand.Low), (result.DpcScore, result.Severity, result.Band));
        Assert.False(result.MoreThan100Persons);
    }

    // Boundaries of §3.2: <2 Low, [2,3) Medium, [3,4) High, ≥4 Very high — each side of each boundary.
    [Theory]
    [InlineData(7, SeverityBand.Low)]
    [InlineData(8, SeverityBand.Medium)]
    [InlineData(11, SeverityBand.Medium)]
    [InlineData(12, SeverityBand.High)]
    [InlineData(15, SeverityBand.High)]
    [InlineData(16, SeverityBand.VeryHigh)]
    [InlineData(24, SeverityBand.VeryHigh)]
    [InlineData(1, SeverityBand.Low)]
    public void Bands_change_exactly_at_two_three_and_four(int quarters, SeverityBand band) => Assert.Equal(band, Enisa.BandOf(quarters));

    [Theory]
    [InlineData(2, EaseOfIdentification.Significant, ConfidentialityLoss.UnknownRecipients, 2.0, SeverityBand.Medium)]   // 1.5 + 0.5
    [InlineData(1, EaseOfIdentification.Maximum, ConfidentialityLoss.KnownRecipients, 1.25, SeverityBand.Low)]
    [InlineData(2, EaseOfIdentification.Maximum, ConfidentialityLoss.KnownRecipients, 2.25, SeverityBand.Medium)]
    [InlineData(3, EaseOfIdentification.Significant, ConfidentialityLoss.KnownRecipients, 2.5, SeverityBand.Medium)]
    [InlineData(3, EaseOfIdentification.Significant, ConfidentialityLoss.UnknownRecipients, 2.75, SeverityBand.Medium)]
    [InlineData(2, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, 2.5, SeverityBand.Medium)]
    [InlineData(3, EaseOfIdentification.Maximum, ConfidentialityLoss.None, 3.0, SeverityBand.High)]
    [InlineData(3, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, 3.5, SeverityBand.High)]
    [InlineData(4, EaseOfIdentification.Significant, ConfidentialityLoss.KnownRecipients, 3.25, SeverityBand.High)]
    [InlineData(4, EaseOfIdentification.Significant, ConfidentialityLoss.UnknownRecipients, 3.5, SeverityBand.High)]
    [InlineData(4, EaseOfIdentification.Maximum, ConfidentialityLoss.None, 4.0, SeverityBand.VeryHigh)]
    public void Computed_scores_fall_in_the_right_band(int dpc, EaseOfIdentification ei, ConfidentialityLoss c, double se, SeverityBand band)
    {
        var result = Enisa.Score(Input(dpc, ei, c, justification: "ajusté"));
        Assert.Equal(((decimal)se, band), (result.Severity, result.Band));
    }

    [Fact]
    public void Just_below_and_at_each_boundary_through_the_formula()
    {
        // 1.75 (Low) vs 2.0 (Medium); 2.75 (Medium) vs 3.0 (High); 3.75 (High) vs 4.0 (Very high).
        Assert.Equal(SeverityBand.Low, Enisa.Score(Input(1, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.Recoverable)).Band);
        Assert.Equal(SeverityBand.Medium, Enisa.Score(Input(1, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.NotRecoverable)).Band);
        Assert.Equal(SeverityBand.Medium, Enisa.Score(Input(2, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.Recoverable)).Band);
        Assert.Equal(SeverityBand.High, Enisa.Score(Input(2, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.NotRecoverable)).Band);
        Assert.Equal(3.75m, Enisa.Score(Input(3, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.Recoverable)).Severity);
        Assert.Equal(SeverityBand.High, Enisa.Score(Input(3, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.Recoverable)).Band);
        Assert.Equal(SeverityBand.VeryHigh, Enisa.Score(Input(3, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, IntegrityLoss.NotRecoverable)).Band);
    }

    [Fact]
    public void An_adjustment_away_from_the_base_score_needs_a_justification()
    {
        var unjustified = Enisa.Score(Input(3, EaseOfIdentification.Maximum, category: DpcCategory.Simple, justification: " "));
        Assert.Contains(EnisaErrors.AdjustmentNeedsJustification, unjustified.Errors);
        var justified = Enisa.Score(Input(3, EaseOfIdentification.Maximum, category: DpcCategory.Simple, justification: "Permet de déduire l'état de santé."));
        Assert.True(justified.IsValid);
        var atBase = Enisa.Score(Input(4, EaseOfIdentification.Maximum, category: DpcCategory.Sensitive, justification: ""));
        Assert.True(atBase.IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void Scores_outside_one_to_four_are_refused(int score) =>
        Assert.Contains(EnisaErrors.ScoreOutOfScale, Enisa.Score(Input(score, EaseOfIdentification.Maximum)).Errors);

    [Fact]
    public void At_least_one_data_category_is_required() =>
        Assert.Contains(EnisaErrors.NoCategory, Enisa.Score(new EnisaInput([], EaseOfIdentification.Maximum, 0, 0, 0, false, null, false)).Errors);

    [Fact]
    public void The_flags_do_not_change_the_score()
    {
        var plain = Enisa.Score(Input(4, EaseOfIdentification.Maximum, persons: 100));
        var flagged = Enisa.Score(Input(4, EaseOfIdentification.Maximum, persons: 101, unintelligible: true));
        Assert.Equal(plain.SeverityQuarters, flagged.SeverityQuarters);
        Assert.False(plain.MoreThan100Persons);
        Assert.True(flagged.MoreThan100Persons);
        Assert.True(flagged.DataUnintelligible);
    }

    [Theory]
    [InlineData(DataCategories.Surname | DataCategories.FirstName | DataCategories.BirthDate, EaseOfIdentification.Maximum)]
    [InlineData(DataCategories.SocialSecurityNumber | DataCategories.PostalAddress, EaseOfIdentification.Significant)]
    [InlineData(DataCategories.Surname | DataCategories.FirstName, EaseOfIdentification.Limited)]
    [InlineData(DataCategories.BloodGroup, EaseOfIdentification.Negligible)]
    public void Ease_of_identification_is_prefilled_from_the_identifiers(DataCategories categories, EaseOfIdentification expected) =>
        Assert.Equal(expected, Enisa.PrefillEase(categories));

    [Fact]
    public void A_lost_laptop_without_evidence_of_access_adds_nothing_for_confidentiality() =>
        Assert.Equal(ConfidentialityLoss.None, Enisa.PrefillConfidentiality(BreachNature.Confidentiality, IncidentOrigin.EquipmentLostOrStolen));

    [Fact]
    public void Recording_keeps_the_result_and_refuses_an_unjustified_adjustment()
    {
        var assessment = new RiskAssessment(Guid.NewGuid(), Guid.NewGuid());
        var now = new DateTime(2021, 2, 26, 10, 0, 0, DateTimeKind.Utc);
        Assert.NotEmpty(assessment.Record(Input(2, EaseOfIdentification.Maximum, justification: ""), "", "", "dpo", now));
        Assert.Equal(default, assessment.AssessedAtUtc);
        Assert.Empty(assessment.Record(Input(4, EaseOfIdentification.Maximum, ConfidentialityLoss.UnknownRecipients, malicious: true), "NIR et nom", "Santé", "dpo", now));
        Assert.Equal((20, SeverityBand.VeryHigh, "dpo"), (assessment.SeverityQuarters, assessment.Band, assessment.AssessedBy));
        Assert.Equal(20, Enisa.Score(assessment.ToInput(500)).SeverityQuarters);
    }
}
