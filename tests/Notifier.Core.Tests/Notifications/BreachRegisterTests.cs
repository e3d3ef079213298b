using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Notifications;
using Notifier.Core.Risk;

namespace Notifier.Core.Tests.Notifications;

public sealed class BreachRegisterTests
{
    private static readonly DateTime Now = new(2021, 2, 27, 9, 0, 0, DateTimeKind.Utc);

    private static RegisterCase Case(IReadOnlyList<RiskDecision> decisions, IReadOnlyList<CnilNotification> notifications, DossierFacts? facts = null)
    {
        var incident = new Incident(Guid.NewGuid(), "INC-1", "Fuite", Now) { Nature = BreachNature.Confidentiality };
        var c = new ControllerCase(Guid.NewGuid(), incident.Id, Guid.NewGuid(), "INC-1-L01", Now);
        c.RecordAwareness(Now.AddHours(-10), "Courriel du prestataire");
        return new RegisterCase(c, "Labo", "Europe/Paris", incident, facts ?? new DossierFacts(Guid.NewGuid(), incident.Id, null), null, decisions, notifications, null, "");
    }

    [Fact]
    public void A_case_without_assessment_or_decision_says_so_in_the_register()
    {
        var entries = BreachRegister.Entries(Case([], []));
        Assert.Contains(entries, e => e.Kind == "Décision" && e.Content.StartsWith("Aucune décision", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Kind.StartsWith("Évaluation du risque", StringComparison.Ordinal) && e.Content == "Non encore enregistrée.");
    }

    [Fact]
    public void Each_decision_and_filing_appears_with_its_justification_who_and_when()
    {
        var proposal = new DecisionProposal(true, true, Art34Exemption.None, []);
        var decision = RiskDecision.Decide(Guid.NewGuid(), Guid.NewGuid(), new DecisionInput(true, false, Art34Exemption.SubsequentMeasures, "Compte révoqué à temps",
            "Journal d'accès", "", null, ""), proposal, null, "dpo@labo", Now);
        var n = new CnilNotification(Guid.NewGuid(), Guid.NewGuid(), NotificationKind.Initial, null, 1, "{}", false, "dpo@labo", Now);
        Assert.Null(n.RecordFiling(Now, "N-1", "Retard du prestataire", Now.AddHours(-1), "dpo@labo", Now));
        var entries = BreachRegister.Entries(Case([decision], [n]));
        var d = Assert.Single(entries, e => e.Kind == "Décision");
        Assert.Equal(("dpo@labo", Now, "Compte révoqué à temps"), (d.Actor, d.AtUtc, d.Justification));
        Assert.Contains("34(3)(b)", d.Content, StringComparison.Ordinal);
        Assert.Contains("proposition de la politique : notifier oui, informer oui", d.Content, StringComparison.Ordinal);
        var f = Assert.Single(entries, e => e.Kind == "Notification CNIL initiale");
        Assert.Contains("N-1", f.Content, StringComparison.Ordinal);
        Assert.Contains("incomplète", f.Content, StringComparison.Ordinal);
        Assert.Equal("Motifs du retard : Retard du prestataire", f.Justification);
    }

    [Fact]
    public void The_csv_is_semicolon_separated_with_local_times_and_defused_formulas()
    {
        var facts = new DossierFacts(Guid.NewGuid(), Guid.NewGuid(), null) { MeasuresImmediate = "=CMD|' /C calc'!A0", ConsequencesText = "+33; \"citée\"" };
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        BreachRegister.WriteCsv(text, BreachRegister.Entries(Case([], [], facts)));
        var lines = text.ToString().Split("\r\n");
        Assert.Equal(BreachRegister.CsvHeader, lines[0]);
        Assert.Contains(lines, l => l.Contains(";'=CMD|' /C calc'!A0;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(";\"'+33; \"\"citée\"\"\";", StringComparison.Ordinal) || l.Contains("\"+33; \"\"citée\"\"\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("INC-1;Labo;INC-1-L01;Faits;27/02/2021 00:00 (UTC+01:00)", StringComparison.Ordinal));
    }
}
