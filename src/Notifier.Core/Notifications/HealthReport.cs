using System.Globalization;
using Notifier.Core.Incidents;

namespace Notifier.Core.Notifications;

// The serious IT-security incident report of CSP L.1111-8-2 (ARS / CERT Santé), with the fields of the form annexed to
// the arrêté of 30 October 2017 (regulation.md §5.2): structure, declarant, date noticed, scope, systems and data,
// handling status, impacts, causes. Pre-filled from the same facts as the CNIL dossier; due "sans délai".
public static class HealthReportComposer
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static DossierDocument Compose(DossierInput input, DateTime? filedAtUtc, string portalReference)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lab = input.Laboratory;
        var f = input.Facts;
        var tz = lab.TimeZoneId;
        string At(DateTime? utc) => utc is { } u ? LabTime.Format(u, tz, French) : DossierComposer.NotKnown;
        string Text(string? v, string fallback) => string.IsNullOrWhiteSpace(v) ? fallback : v.Trim();
        var count = DossierComposer.SubjectCount(input);
        var exposed = DossierComposer.ExposedCategories(input);
        var dataLabels = string.Join(" ; ", ReferenceDefaults.CnilDataCodes(exposed).Select(c => input.Label(OptionList.DataCategory, c)));
        var processor = input.Processor?.Name;
        var scope = $"{(count is { } n ? n.ToString("N0", French) + " patients du laboratoire" : "Nombre de patients à préciser")}"
            + (processor is null ? "" : $" ; données hébergées ou traitées par le prestataire {processor}");
        var systems = $"{(processor is null ? "Système d'information de laboratoire" : "Logiciel de gestion de laboratoire du prestataire " + processor)}. Données : {(dataLabels.Length == 0 ? DossierComposer.NotProvided : dataLabels)}.";
        var handling = (input.Incident.Ongoing ? "Incident en cours de traitement." : "Incident clos.")
            + (string.IsNullOrWhiteSpace(f.MeasuresImmediate) ? "" : " Mesures immédiates : " + f.MeasuresImmediate.Trim());
        var impacts = (exposed.IncludesHealthData() ? "Atteinte à la confidentialité de données de santé de patients. " : "Atteinte à la confidentialité de données de patients. ")
            + (string.IsNullOrWhiteSpace(f.ConsequencesText) ? "" : f.ConsequencesText.Trim());
        var causes = input.Label(OptionList.Cause, input.Incident.Cause.ToString())
            + (string.IsNullOrWhiteSpace(input.Incident.Description) ? "" : ". " + input.Incident.Description.Trim());
        var sections = new List<DossierSection>
        {
            new("1", "Identification de la structure", [
                new("Nom de la structure", lab.Name),
                new("Numéro FINESS", string.IsNullOrWhiteSpace(lab.Finess) ? DossierComposer.NotProvided : lab.Finess),
                new("Type de structure", "Laboratoire de biologie médicale"),
                new("SIREN", string.IsNullOrWhiteSpace(lab.Siren) ? DossierComposer.NotProvided : lab.Siren),
                new("Adresse", lab.Address.ToString()),
            ]),
            new("2", "Déclarant", [
                new("Nom", string.IsNullOrWhiteSpace(lab.Dpo.Name) ? DossierComposer.NotProvided : lab.Dpo.Name),
                new("Fonction", string.IsNullOrWhiteSpace(lab.Dpo.Role) ? (lab.DpoIsDesignated ? "Délégué à la protection des données" : DossierComposer.NotProvided) : lab.Dpo.Role),
                new("Coordonnées", string.Join(" — ", new[] { lab.Dpo.Email, lab.Dpo.Phone }.Where(s => !string.IsNullOrWhiteSpace(s)))),
            ]),
            new("3", "Description de l'incident", [
                new("Date et heure de constatation", At(input.Case.AwareAtUtc)),
                new("Périmètre", Text(f.HealthScope, scope)),
                new("Systèmes d'information et données concernés", Text(f.HealthSystems, systems)),
                new("État de la prise en charge", Text(f.HealthHandlingStatus, handling)),
            ]),
            new("4", "Impacts", [
                new("Impacts sur les données, les personnes, le SI et la structure", Text(f.HealthImpacts, impacts.Trim())),
            ]),
            new("5", "Causes", [new("Causes connues", causes)]),
            new("6", "Signalement", [
                new("Échéance", "Sans délai (CSP art. L.1111-8-2) — dès la prise de connaissance"),
                new("Signalé sur le portail le", filedAtUtc is null ? "Non encore signalé" : At(filedAtUtc)),
                new("Référence du portail", string.IsNullOrWhiteSpace(portalReference) ? DossierComposer.NotProvided : portalReference),
            ]),
        };
        return new DossierDocument("Signalement d'incident grave de sécurité des systèmes d'information (CSP art. L.1111-8-2)",
            NotificationKind.Initial, 1, lab.Name, lab.Siren ?? "", tz, input.Case.Reference, input.NowUtc,
            LabTime.Format(input.NowUtc, tz, French), sections, []);
    }
}
