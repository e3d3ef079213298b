using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Notifications;

namespace Notifier.Core.Tests.Notifications;

public sealed class DossierTests
{
    private static readonly DateTime Now = new(2021, 2, 27, 9, 0, 0, DateTimeKind.Utc);

    private static DossierInput Input(DossierFacts facts, SubjectStats? subjects = null, Action<Laboratory>? lab = null, Action<Incident>? incident = null,
        int? estimate = null)
    {
        var l = new Laboratory(Guid.NewGuid(), "Laboratoire Test") { Siren = "123456789", Dpo = new ContactPoint { Name = "Claire Durand", Email = "dpo@labo.test" } };
        lab?.Invoke(l);
        var i = new Incident(Guid.NewGuid(), "INC-1", "Fuite", Now)
        {
            Nature = BreachNature.Confidentiality,
            Description = "Fichier publié sur un forum.",
            DataCategories = DataCategories.Surname | DataCategories.FirstName | DataCategories.Pathologies,
        };
        incident?.Invoke(i);
        var c = new ControllerCase(Guid.NewGuid(), i.Id, l.Id, "INC-1-L01", Now) { EstimatedSubjectCount = estimate };
        c.RecordAwareness(Now.AddHours(-80), "Courriel");
        return new DossierInput(NotificationKind.Initial, 1, null, null, l, c, i, null, null, facts, subjects ?? new SubjectStats(0, 0, DataCategories.None),
            null, null, false, Now.AddHours(-8), (list, code) => $"[{list}:{code}]", Now);
    }

    private static DossierFacts Complete() => new(Guid.NewGuid(), Guid.NewGuid(), null)
    {
        Consequences = "diffusion",
        MeasuresImmediate = "Serveur fermé.",
    };

    private static ChecklistState State(DossierDocument d, string code) => d.Checklist.Single(c => c.Code == code).State;

    [Fact]
    public void A_dossier_with_the_four_items_of_art_33_3_is_complete_and_takes_the_counts_from_the_import()
    {
        var doc = DossierComposer.Compose(Input(Complete(), new SubjectStats(17_566, 120, DataCategories.Surname | DataCategories.FirstName | DataCategories.BloodGroup)));
        Assert.True(doc.Complete, string.Join(", ", doc.Checklist.Where(c => c.State != ChecklistState.Present).Select(c => c.Code)));
        var persons = doc.Sections.Single(s => s.Number == "9");
        Assert.Contains("17", persons.Fields[1].Value, StringComparison.Ordinal);
        Assert.Contains("fichier des patients importé", persons.Fields[1].Value, StringComparison.Ordinal);
        Assert.Contains("[SubjectCategory:mineurs]", persons.Fields[0].Value, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 16).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), doc.Sections.Select(s => s.Number));
    }

    [Fact]
    public void Missing_consequences_measures_and_counts_make_an_incomplete_dossier()
    {
        var doc = DossierComposer.Compose(Input(new DossierFacts(Guid.NewGuid(), Guid.NewGuid(), null)));
        Assert.False(doc.Complete);
        Assert.Equal(ChecklistState.Missing, State(doc, "consequences"));
        Assert.Equal(ChecklistState.Missing, State(doc, "measures"));
        Assert.Equal(ChecklistState.Missing, State(doc, "subject-count"));
        Assert.Equal(ChecklistState.Missing, State(doc, "record-count"));
        Assert.Equal(ChecklistState.Present, State(doc, "nature"));
        Assert.Equal(ChecklistState.Present, State(doc, "contact"));
    }

    [Fact]
    public void Where_possible_items_may_be_unknown_with_a_reason()
    {
        var facts = Complete();
        facts.SubjectCountUnknownReason = "Le prestataire n'a pas encore transmis l'extraction.";
        facts.RecordCountUnknownReason = "Idem.";
        var doc = DossierComposer.Compose(Input(facts));
        Assert.Equal(ChecklistState.UnknownWithReason, State(doc, "subject-count"));
        Assert.Equal(ChecklistState.UnknownWithReason, State(doc, "record-count"));
        Assert.True(doc.Complete);
        Assert.Contains("Inconnu à ce stade", doc.Sections.Single(s => s.Number == "9").Fields[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_contact_point_needs_a_name_and_a_way_to_reach_it()
    {
        var doc = DossierComposer.Compose(Input(Complete(), lab: l => l.Dpo = new ContactPoint { Name = "Claire Durand" }, estimate: 10));
        Assert.Equal(ChecklistState.Missing, State(doc, "contact"));
    }

    [Fact]
    public void Nature_needs_a_circumstance_and_a_description()
    {
        var doc = DossierComposer.Compose(Input(Complete(), incident: i => { i.Nature = BreachNature.None; }));
        Assert.Equal(ChecklistState.Missing, State(doc, "nature"));
        doc = DossierComposer.Compose(Input(Complete(), incident: i => { i.Description = ""; }));
        Assert.Equal(ChecklistState.Missing, State(doc, "nature"));
    }

    [Fact]
    public void A_lab_override_wins_and_an_unchanged_value_keeps_following_the_shared_facts()
    {
        var shared = new DossierFacts(Guid.NewGuid(), Guid.NewGuid(), null) { MeasuresImmediate = "Commun", Consequences = "diffusion" };
        var lab = new DossierFacts(Guid.NewGuid(), shared.IncidentId, Guid.NewGuid());
        var wanted = DossierFacts.Merge(shared, lab);
        wanted.MeasuresImmediate = "Propre au laboratoire";
        var changed = lab.ApplyOverrides(shared, wanted, Now);
        Assert.Equal(["MeasuresImmediate"], changed);
        Assert.Null(lab.Consequences);
        shared.Consequences = "diffusion;croisement";
        var merged = DossierFacts.Merge(shared, lab);
        Assert.Equal(("Propre au laboratoire", "diffusion;croisement"), (merged.MeasuresImmediate, merged.Consequences));
    }

    [Fact]
    public void Late_preparation_says_reasons_for_the_delay_are_required_and_times_carry_the_offset()
    {
        var doc = DossierComposer.Compose(Input(Complete()));
        var delay = doc.Sections.Single(s => s.Number == "16");
        Assert.Contains("motifs du retard sont obligatoires", delay.Fields[1].Value, StringComparison.Ordinal);
        Assert.Contains("(UTC+01:00)", doc.GeneratedAtLocal, StringComparison.Ordinal);
    }

    [Fact]
    public void Filing_late_without_reasons_is_refused_and_with_reasons_is_recorded_as_late()
    {
        var n = new CnilNotification(Guid.NewGuid(), Guid.NewGuid(), NotificationKind.Initial, null, 1, "{}", false, "dpo", Now.AddHours(-1));
        var due = Now.AddHours(-2);
        Assert.Equal(NotificationErrors.ReasonsRequired, n.RecordFiling(Now.AddMinutes(-5), "NOTIF-1", " ", due, "dpo", Now));
        Assert.False(n.IsFiled);
        Assert.Equal(NotificationErrors.FiledInFuture, n.RecordFiling(Now.AddMinutes(5), "NOTIF-1", "x", due, "dpo", Now));
        Assert.Equal(NotificationErrors.NumberRequired, n.RecordFiling(Now.AddMinutes(-5), "", "x", due, "dpo", Now));
        Assert.Null(n.RecordFiling(Now.AddMinutes(-5), "NOTIF-1", "Extraction reçue tardivement.", due, "dpo", Now));
        Assert.True(n.FiledLate);
        var onTime = new CnilNotification(Guid.NewGuid(), Guid.NewGuid(), NotificationKind.Initial, null, 1, "{}", true, "dpo", Now.AddHours(-1));
        Assert.Null(onTime.RecordFiling(Now.AddMinutes(-5), "NOTIF-2", "", Now.AddHours(1), "dpo", Now));
        Assert.False(onTime.FiledLate);
    }

    [Fact]
    public void Only_a_pdf_is_accepted_as_the_cnil_summary()
    {
        Assert.True(StoredDocument.LooksLikePdf("%PDF-1.7\n"u8));
        Assert.False(StoredDocument.LooksLikePdf("<html>"u8));
    }
}
