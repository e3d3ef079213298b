using System.Globalization;
using Notifier.Core.Cases;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Risk;

namespace Notifier.Core.Notifications;

// The Art. 33(5) register: every breach and every laboratory's case, notified or not — facts, effects, remedial
// action, the risk assessment and its reasoning, each decision with its justification, reasons for delay, filings
// and their references (regulation.md §2.7, checklist item 8). One line per entry, in time order within a case.
public sealed record RegisterEntry(string IncidentReference, string Laboratory, string CaseReference, string TimeZoneId,
    string Kind, DateTime? AtUtc, string Actor, string Content, string Justification);

public sealed record RegisterCase(
    ControllerCase Case,
    string LaboratoryName,
    string TimeZoneId,
    Incident Incident,
    DossierFacts Facts,
    RiskAssessment? Assessment,
    IReadOnlyList<RiskDecision> Decisions,
    IReadOnlyList<CnilNotification> Notifications,
    DateTime? HealthReportFiledAtUtc,
    string HealthReportReference,
    string HealthReportBy = "");

public static class BreachRegister
{
    public const string CsvHeader = "incident;laboratoire;dossier;rubrique;date;auteur;contenu;justification";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static IReadOnlyList<RegisterEntry> Entries(RegisterCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var list = new List<RegisterEntry>();
        void Add(string kind, DateTime? at, string actor, string content, string justification = "") =>
            list.Add(new RegisterEntry(c.Incident.Reference, c.LaboratoryName, c.Case.Reference, c.TimeZoneId, kind, at, actor, content, justification));
        var f = c.Facts;
        var nature = string.Join(", ", new[]
        {
            (c.Incident.Nature & BreachNature.Confidentiality) != 0 ? "confidentialité" : null,
            (c.Incident.Nature & BreachNature.Integrity) != 0 ? "intégrité" : null,
            (c.Incident.Nature & BreachNature.Availability) != 0 ? "disponibilité" : null,
        }.Where(x => x is not null));
        Add("Faits", c.Case.AwareAtUtc, "",
            $"{c.Incident.Title}. Perte de {(nature.Length == 0 ? "—" : nature)}. {c.Incident.Description}".Trim(),
            string.IsNullOrWhiteSpace(c.Case.AwareJustification) ? "" : "Prise de connaissance : " + c.Case.AwareJustification);
        Add("Effets", null, "", string.Join(" ", new[] { f.ConsequencesText, c.Case.EstimatedSubjectCount is { } est ? $"Estimation : {est.ToString("N0", French)} personnes." : null }
            .Where(s => !string.IsNullOrWhiteSpace(s))));
        Add("Mesures correctives", null, "", string.Join(" | ", new[] { f.MeasuresImmediate, f.MeasuresMediumTerm, f.MeasuresLongTerm }.Where(s => !string.IsNullOrWhiteSpace(s))));
        if (c.Assessment is { } a && a.AssessedAtUtc != default)
        {
            Add("Évaluation du risque (ENISA)", a.AssessedAtUtc, a.AssessedBy,
                $"SE = {Enisa.Format(a.SeverityQuarters, French)} ({DossierComposer.BandLabel(a.Band)}) ; DPC = {new[] { a.SimpleScore, a.BehaviouralScore, a.FinancialScore, a.SensitiveScore }.Max()} ; EI = {Enisa.Format((int)a.EaseOfIdentification, French)} ; CB = {Enisa.Format((int)a.Confidentiality + (int)a.Integrity + (int)a.Availability + (a.MaliciousIntent ? 2 : 0), French)}"
                + (a.MoreThan100Persons ? " ; plus de 100 personnes" : "") + (a.DataUnintelligible ? " ; données incompréhensibles" : ""),
                a.Reasoning);
        }
        else
        {
            Add("Évaluation du risque (ENISA)", null, "", "Non encore enregistrée.");
        }

        if (!c.Decisions.Any(d => d.Kind == DecisionKind.Decision))
        {
            Add("Décision", null, "", "Aucune décision enregistrée (notification de la CNIL, information des personnes).");
        }

        foreach (var d in c.Decisions.OrderBy(d => d.DecidedAtUtc))
        {
            if (d.Kind == DecisionKind.CnilOrderedCommunication)
            {
                Add("Ordre de la CNIL (art. 34(4))", d.DecidedAtUtc, d.DecidedBy, $"Information des personnes ordonnée ; référence {d.OrderReference}", d.Justification);
                continue;
            }

            var content = $"Notifier la CNIL : {(d.NotifyCnil ? "oui" : "non")} ; informer les personnes : {(d.InformPersons ? "oui" : "non")}"
                + (d.Exemption != Art34Exemption.None ? $" ; {DossierComposer.ExemptionLabel(d.Exemption)} (preuve : {d.ExemptionEvidence})" : "")
                + (d.Exemption == Art34Exemption.DisproportionateEffort ? $" ; communication publique : {d.PublicCommunicationChannel}" : "")
                + $" ; proposition de la politique : notifier {(d.ProposedNotifyCnil ? "oui" : "non")}, informer {(d.ProposedInformPersons ? "oui" : "non")}";
            Add("Décision", d.DecidedAtUtc, d.DecidedBy, content, d.Justification);
        }

        foreach (var n in c.Notifications.OrderBy(n => n.Sequence))
        {
            var kind = n.Kind == NotificationKind.Initial ? "Notification CNIL initiale" : $"Notification CNIL complémentaire n° {n.Sequence - 1}";
            Add(kind, n.FiledAtUtc ?? n.CreatedAtUtc, n.IsFiled ? n.FiledBy : n.CreatedBy,
                n.IsFiled ? $"Déposée ; numéro CNIL {n.CnilNumber}{(n.FiledLate ? " ; déposée après l'échéance" : "")}{(n.Complete ? "" : " ; incomplète (art. 33(4))")}"
                    : "Préparée, non encore déposée" + (n.Complete ? "" : " ; incomplète"),
                n.ReasonsForDelay.Length > 0 ? "Motifs du retard : " + n.ReasonsForDelay : "");
        }

        if (c.HealthReportFiledAtUtc is { } h)
        {
            Add("Signalement santé (CSP L.1111-8-2)", h, c.HealthReportBy, "Référence du portail : " + c.HealthReportReference);
        }

        return list;
    }

    // The register as a document (one section per laboratory's case), for the PDF renderer shared with the dossier.
    public static DossierDocument ToDocument(string title, string scope, string timeZoneId, IReadOnlyList<RegisterEntry> entries, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sections = entries.GroupBy(e => (e.CaseReference, e.Laboratory)).Select((g, i) => new DossierSection(
            (i + 1).ToString(CultureInfo.InvariantCulture), $"{g.Key.Laboratory} — dossier {g.Key.CaseReference}",
            g.Select(e => new DossierField(
                e.Kind + (e.AtUtc is { } at ? " — " + LabTime.Format(at, e.TimeZoneId, French) : "") + (e.Actor.Length > 0 ? " — " + e.Actor : ""),
                string.IsNullOrWhiteSpace(e.Justification) ? (e.Content.Length == 0 ? DossierComposer.NotProvided : e.Content)
                    : (e.Content.Length == 0 ? "" : e.Content + "\n") + "Justification : " + e.Justification)).ToList())).ToList();
        return new DossierDocument(title, NotificationKind.Initial, 1, scope, "", timeZoneId, "", nowUtc, LabTime.Format(nowUtc, timeZoneId, French), sections, []);
    }

    public static void WriteCsv(TextWriter writer, IEnumerable<RegisterEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entries);
        writer.Write(CsvHeader);
        writer.Write("\r\n");
        foreach (var e in entries)
        {
            writer.Write(string.Join(';', new[]
            {
                e.IncidentReference, e.Laboratory, e.CaseReference, e.Kind,
                e.AtUtc is { } at ? LabTime.Format(at, e.TimeZoneId, French) : "", e.Actor, e.Content, e.Justification,
            }.Select(ErrorReport.Cell)));
            writer.Write("\r\n");
        }

        writer.Flush();
    }
}
