using Notifier.Core.Risk;

namespace Notifier.Core.Tests.Risk;

public sealed class DecisionTests
{
    private static readonly DateTime Now = new(2021, 2, 26, 10, 0, 0, DateTimeKind.Utc);

    private static EnisaResult Result(int quarters, bool unintelligible = false) =>
        new(4, 4, 0, quarters, Enisa.BandOf(quarters), true, unintelligible, []);

    private static DecisionInput Input(bool notify = true, bool inform = true, Art34Exemption exemption = Art34Exemption.None, string why = "Données de santé publiées.",
        string evidence = "", string channel = "", DateTime? at = null, string text = "") =>
        new(notify, inform, exemption, why, evidence, channel, at, text);

    [Theory]
    [InlineData(7, false, false)]
    [InlineData(8, true, false)]
    [InlineData(11, true, false)]
    [InlineData(12, true, true)]
    [InlineData(20, true, true)]
    public void The_default_policy_notifies_from_medium_and_informs_from_high(int quarters, bool notify, bool inform)
    {
        var p = DecisionRules.Propose(Result(quarters), new DecisionPolicy(), cnilOrderedCommunication: false);
        Assert.Equal((notify, inform), (p.NotifyCnil, p.InformPersons));
    }

    [Fact]
    public void The_policy_thresholds_are_configurable()
    {
        var strict = new DecisionPolicy(SeverityBand.Low, SeverityBand.Medium);
        var p = DecisionRules.Propose(Result(8), strict, false);
        Assert.Equal((true, true), (p.NotifyCnil, p.InformPersons));
    }

    [Fact]
    public void Unintelligible_data_suggests_the_34_3_a_exemption_and_a_cnil_order_overrides_it()
    {
        var p = DecisionRules.Propose(Result(20, unintelligible: true), new DecisionPolicy(), false);
        Assert.Equal(Art34Exemption.Unintelligible, p.SuggestedExemption);
        var ordered = DecisionRules.Propose(Result(4, unintelligible: true), new DecisionPolicy(), true);
        Assert.Equal((true, Art34Exemption.None), (ordered.InformPersons, ordered.SuggestedExemption));
    }

    [Fact]
    public void Every_decision_needs_its_reasons() =>
        Assert.Equal([DecisionErrors.JustificationRequired], DecisionRules.Validate(Input(why: "  "), false));

    [Fact]
    public void An_exemption_needs_evidence_and_only_applies_when_not_informing()
    {
        Assert.Contains(DecisionErrors.ExemptionNeedsEvidence, DecisionRules.Validate(Input(inform: false, exemption: Art34Exemption.SubsequentMeasures), false));
        Assert.Contains(DecisionErrors.ExemptionOnlyWhenNotInforming, DecisionRules.Validate(Input(inform: true, exemption: Art34Exemption.Unintelligible, evidence: "AES"), false));
        Assert.Empty(DecisionRules.Validate(Input(inform: false, exemption: Art34Exemption.Unintelligible, evidence: "Chiffrement AES-256, clé non compromise."), false));
    }

    [Fact]
    public void The_34_3_c_exemption_requires_a_public_communication_record()
    {
        var missing = DecisionRules.Validate(Input(inform: false, exemption: Art34Exemption.DisproportionateEffort, evidence: "Adresses inconnues"), false);
        Assert.Contains(DecisionErrors.PublicCommunicationRequired, missing);
        var ok = DecisionRules.Validate(Input(inform: false, exemption: Art34Exemption.DisproportionateEffort, evidence: "Adresses inconnues",
            channel: "Ouest-France et site du laboratoire", at: Now, text: "Communiqué"), false);
        Assert.Empty(ok);
    }

    [Fact]
    public void A_cnil_order_reopens_the_decision_until_a_new_one_informs_the_persons()
    {
        var caseId = Guid.NewGuid();
        var proposal = DecisionRules.Propose(Result(12), new DecisionPolicy(), false);
        var first = RiskDecision.Decide(Guid.NewGuid(), caseId, Input(inform: false, exemption: Art34Exemption.SubsequentMeasures, evidence: "Compte bloqué"),
            proposal, Result(12), "dpo", Now);
        var order = RiskDecision.CnilOrder(Guid.NewGuid(), caseId, "MED-2021-01", Now.AddDays(10), "Mise en demeure", "dpo", Now.AddDays(10));
        var (current, reopened) = RiskDecision.CurrentOf([first, order]);
        Assert.Same(first, current);
        Assert.True(reopened);
        Assert.Contains(DecisionErrors.CnilOrderedCommunication, DecisionRules.Validate(Input(inform: false), cnilOrderedCommunication: true));

        var second = RiskDecision.Decide(Guid.NewGuid(), caseId, Input(inform: true), proposal, Result(12), "dpo", Now.AddDays(11));
        (current, reopened) = RiskDecision.CurrentOf([first, order, second]);
        Assert.Same(second, current);
        Assert.False(reopened);
        Assert.Equal((true, 12, "dpo", Now.AddDays(11)), (current!.ProposedInformPersons, current.SeverityQuarters, current.DecidedBy, current.DecidedAtUtc));
    }
}
