using System.Globalization;
using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Processors;
using Notifier.Core.Risk;

namespace Notifier.Core.Notifications;

// The CNIL dossier as plain data (house style §4.8: model → composer → renderer): sections in the teleservice's
// order (regulation.md §4.2, checklist item 6), each a list of label/value pairs the DPO copies into the form.
// French only: it mirrors a French form.
public sealed record DossierField(string Label, string Value, bool Prefilled = true);

public sealed record DossierSection(string Number, string Title, IReadOnlyList<DossierField> Fields);

public enum ChecklistState
{
    Present,
    UnknownWithReason,
    Missing,
}

public sealed record ChecklistItem(string Code, string Article, string Label, ChecklistState State, string Detail);

public sealed record DossierDocument(
    string Title,
    NotificationKind Kind,
    int Sequence,
    string LabName,
    string LabSiren,
    string LabTimeZone,
    string CaseReference,
    DateTime GeneratedAtUtc,
    string GeneratedAtLocal,
    IReadOnlyList<DossierSection> Sections,
    IReadOnlyList<ChecklistItem> Checklist)
{
    public bool Complete => Checklist.All(c => c.State != ChecklistState.Missing);
}

public sealed record SubjectStats(int Imported, int Minors, DataCategories ExposedCategories);

public sealed record DossierInput(
    NotificationKind Kind,
    int Sequence,
    string? InitialCnilNumber,
    DateTime? InitialFiledAtUtc,
    Laboratory Laboratory,
    ControllerCase Case,
    Incident Incident,
    Processor? Processor,
    DateTime? ProcessorNoticeReceivedUtc,
    DossierFacts Facts,
    SubjectStats Subjects,
    RiskAssessment? Assessment,
    RiskDecision? Decision,
    bool DecisionReopened,
    DateTime? Art33DueUtc,
    Func<OptionList, string, string> Label,
    DateTime NowUtc);

public static class DossierComposer
{
    public const string NotKnown = "Ne sait pas encore";
    public const string NotProvided = "Non renseigné";
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static int? SubjectCount(DossierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Facts.SubjectCount ?? (input.Subjects.Imported > 0 ? input.Subjects.Imported : input.Case.EstimatedSubjectCount);
    }

    public static int? RecordCount(DossierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Facts.RecordCount ?? (input.Subjects.Imported > 0 ? input.Subjects.Imported : null);
    }

    // The lab's imported persons tell which categories were really exposed; before the import, the incident's list.
    public static DataCategories ExposedCategories(DossierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.Subjects.Imported > 0 && input.Subjects.ExposedCategories != DataCategories.None
            ? input.Subjects.ExposedCategories
            : input.Incident.DataCategories;
    }

    public static IReadOnlyList<string> SubjectCategoryCodes(DossierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Facts.SubjectCategories is { } codes)
        {
            return ReferenceDefaults.SplitCodes(codes);
        }

        // A laboratory's persons are its patients (vulnerable persons in the CNIL's list); minors when the import finds some.
        return input.Subjects.Minors > 0 ? ["patients", "mineurs"] : ["patients"];
    }

    public static DossierDocument Compose(DossierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lab = input.Laboratory;
        var tz = lab.TimeZoneId;
        var f = input.Facts;
        var incident = input.Incident;
        string At(DateTime? utc) => utc is { } u ? LabTime.Format(u, tz, French) : NotKnown;
        string Text(string? value) => string.IsNullOrWhiteSpace(value) ? NotProvided : value.Trim();
        string YesNo(bool? value) => value switch { true => "Oui", false => "Non", null => NotProvided };
        string Labels(OptionList list, IEnumerable<string> codes)
        {
            var labels = codes.Select(c => input.Label(list, c)).ToList();
            return labels.Count == 0 ? NotProvided : string.Join(" ; ", labels);
        }

        string Contact(ContactPoint c) => string.IsNullOrWhiteSpace(c.Name) ? NotProvided
            : string.Join(" — ", new[] { c.Name, c.Role, c.Email, c.Phone }.Where(s => !string.IsNullOrWhiteSpace(s)));

        var subjectCount = SubjectCount(input);
        var recordCount = RecordCount(input);
        var exposed = ExposedCategories(input);
        var dataCodes = ReferenceDefaults.CnilDataCodes(exposed);
        var subjectCodes = SubjectCategoryCodes(input);
        var directly = f.DirectlyIdentifiable ?? ((exposed & DataCategories.Surname) != 0 && (exposed & DataCategories.FirstName) != 0 ? true : null);
        var countSource = f.SubjectCount is not null ? "saisi par le DPO"
            : input.Subjects.Imported > 0 ? "d'après le fichier des patients importé"
            : input.Case.EstimatedSubjectCount is not null ? "estimation" : "";

        var sections = new List<DossierSection>
        {
            new("1", "Type de notification", [
                new("Type", input.Kind == NotificationKind.Initial ? "Notification initiale" : $"Notification complémentaire n° {input.Sequence - 1}"),
                new("Numéro de la notification initiale", input.Kind == NotificationKind.Initial ? "Sans objet"
                    : string.IsNullOrWhiteSpace(input.InitialCnilNumber) ? "À reporter : notification initiale sans numéro CNIL enregistré" : input.InitialCnilNumber),
                new("Notification initiale déposée le", input.Kind == NotificationKind.Initial ? "Sans objet" : At(input.InitialFiledAtUtc)),
            ]),
            new("2", "Organisme", [
                new("Raison sociale", lab.Name),
                new("SIREN", string.IsNullOrWhiteSpace(lab.Siren) ? "Pas de numéro SIREN" : lab.Siren),
                new("Adresse", Text(lab.Address.ToString() + (string.IsNullOrWhiteSpace(lab.Address.Country) ? "" : ", " + lab.Address.Country))),
                new("Secteur d'activité", Text(f.SectorOfActivity ?? "Santé humaine — laboratoire de biologie médicale")),
                new("FINESS", string.IsNullOrWhiteSpace(lab.Finess) ? NotProvided : lab.Finess),
            ]),
            new("3", "Personnes à contacter", [
                new("Personne à contacter", Contact(lab.Dpo)),
                new("Représentant légal", Contact(lab.LegalRepresentative)),
                new(lab.DpoIsDesignated ? "Délégué à la protection des données (DPO)" : "Autre point de contact (art. 33(3)(b))", Contact(lab.Dpo)),
            ]),
            new("4", "Nature de la violation", [
                new("La violation est", incident.Certainty == BreachCertainty.Established ? "Établie" : "Supposée"),
                new("Date et heure de découverte", At(incident.DiscoveredAtUtc)),
                new("Date et heure de début", incident.OccurrenceStartUnknown || incident.OccurrenceStartUtc is null ? NotKnown : At(incident.OccurrenceStartUtc)),
                new("Date et heure de fin", incident.Ongoing ? "Violation toujours en cours"
                    : incident.OccurrenceEndUnknown || incident.OccurrenceEndUtc is null ? NotKnown : At(incident.OccurrenceEndUtc)),
                new("Information par le sous-traitant reçue le", input.Processor is null ? "Sans objet" : At(input.ProcessorNoticeReceivedUtc)),
                new("Prise de connaissance par le responsable de traitement", At(input.Case.AwareAtUtc)),
                new("La violation est-elle toujours en cours ?", incident.Ongoing ? "Oui" : "Non"),
                new("Comment la violation a-t-elle été découverte ?", Text(incident.DiscoveryDescription)),
                new("Description de la violation", Text(incident.Description)),
            ]),
            new("5", "Origine de l'incident", [new("Origine", input.Label(OptionList.Origin, incident.Origin.ToString()))]),
            new("6", "Circonstances de la violation", [
                new("Perte de confidentialité", (incident.Nature & BreachNature.Confidentiality) != 0 ? "Oui" : "Non"),
                new("Perte d'intégrité", (incident.Nature & BreachNature.Integrity) != 0 ? "Oui" : "Non"),
                new("Perte de disponibilité", (incident.Nature & BreachNature.Availability) != 0 ? "Oui" : "Non"),
            ]),
            new("7", "Cause de la violation", [new("Cause", input.Label(OptionList.Cause, incident.Cause.ToString()))]),
            new("8", "Sous-traitants", [
                new("Des sous-traitants sont-ils impliqués ?", input.Processor is null ? "Non" : "Oui"),
                new("Sous-traitant", input.Processor is null ? "Sans objet"
                    : string.Join(" — ", new[] { input.Processor.Name, input.Processor.Siren is { } s ? "SIREN " + s : null,
                        input.Processor.ContactName, input.Processor.ContactEmail, input.Processor.ContactPhone }.Where(x => !string.IsNullOrWhiteSpace(x)))),
            ]),
            new("9", "Personnes concernées", [
                new("Catégories de personnes", subjectCodes.Count == 0 && f.SubjectCategoriesUnknownReason is { } r1 ? "Inconnues : " + r1 : Labels(OptionList.SubjectCategory, subjectCodes)),
                new("Nombre approximatif de personnes", subjectCount is { } n ? n.ToString("N0", French) + (countSource.Length > 0 ? $" ({countSource})" : "")
                    : f.SubjectCountUnknownReason is { } r2 ? "Inconnu à ce stade : " + r2 : NotProvided),
                new("Dont mineurs", input.Subjects.Imported > 0 ? input.Subjects.Minors.ToString("N0", French) : NotProvided),
                new("Les personnes sont-elles directement identifiables ?", YesNo(directly)),
            ]),
            new("10", "Données concernées", [
                new("Catégories de données", dataCodes.Count == 0 && f.DataCategoriesUnknownReason is { } r3 ? "Inconnues : " + r3 : Labels(OptionList.DataCategory, dataCodes)),
                new("Données sensibles", exposed.IncludesHealthData() ? "Oui : données de santé (résultats d'examens, commentaires médicaux)" : "Non"),
                new("Nombre approximatif d'enregistrements", recordCount is { } rc ? rc.ToString("N0", French)
                    : f.RecordCountUnknownReason is { } r4 ? "Inconnu à ce stade : " + r4 : NotProvided),
                new("Support des données", Labels(OptionList.StorageMedium, ReferenceDefaults.SplitCodes(f.StorageMedia))),
            ]),
            new("11", "Conséquences probables", [
                new("Conséquences", Labels(OptionList.Consequence, ReferenceDefaults.SplitCodes(f.Consequences))),
                new("Préjudices potentiels", Labels(OptionList.Harm, ReferenceDefaults.SplitCodes(f.Harms))),
                new("Appréciation du responsable de traitement", Text(f.ConsequencesText)),
                new("Gravité (méthode ENISA)", input.Assessment is { AssessedAtUtc.Ticks: > 0 } a
                    ? $"SE = {Enisa.Format(a.SeverityQuarters, French)} — {BandLabel(a.Band)}" : NotProvided),
            ]),
            new("12", "Mesures prises", [
                new("Mesures prises immédiatement", Text(f.MeasuresImmediate)),
                new("Mesures prévues à moyen terme", Text(f.MeasuresMediumTerm)),
                new("Mesures prévues à long terme", Text(f.MeasuresLongTerm)),
            ]),
            new("13", "Information des personnes concernées", InformationFields(input, Text)),
            new("14", "Aspects transfrontaliers", [
                new("Des personnes d'autres États de l'UE/EEE sont-elles concernées ?", YesNo(f.CrossBorder)),
                new("Précisions (autres autorités de contrôle notifiées)", Text(f.CrossBorderDetails)),
            ]),
            new("15", "Autres autorités notifiées", [new("Autorités", Text(f.OtherAuthorities))]),
            new("16", "Motifs du retard", [
                new("Échéance de 72 heures (art. 33(1))", At(input.Art33DueUtc)),
                new("Motifs du retard", input.Art33DueUtc is { } due && input.NowUtc > due
                    ? "Délai dépassé : les motifs du retard sont obligatoires et seront consignés lors de l'enregistrement du dépôt."
                    : "Sans objet à la date de préparation (dans le délai)."),
            ]),
        };

        var checklist = Checklist(input, subjectCodes, subjectCount, dataCodes, recordCount);
        var title = input.Kind == NotificationKind.Initial ? "Notification initiale de violation de données à la CNIL"
            : "Notification complémentaire de violation de données à la CNIL";
        return new DossierDocument(title, input.Kind, input.Sequence, lab.Name, lab.Siren ?? "", tz, input.Case.Reference,
            input.NowUtc, LabTime.Format(input.NowUtc, tz, French), sections, checklist);
    }

    private static List<DossierField> InformationFields(DossierInput input, Func<string?, string> text)
    {
        var d = input.Decision;
        var f = input.Facts;
        string status;
        if (input.DecisionReopened)
        {
            status = "Décision rouverte : la CNIL a ordonné l'information des personnes (art. 34(4))";
        }
        else if (d is null)
        {
            status = "Décision non encore prise";
        }
        else if (d.InformPersons)
        {
            status = string.IsNullOrWhiteSpace(f.InformationWhen) ? "Les personnes seront informées" : "Les personnes sont ou seront informées";
        }
        else
        {
            status = "Les personnes ne seront pas informées";
        }

        var fields = new List<DossierField>
        {
            new("Statut", status),
            new("Quand", text(f.InformationWhen)),
            new("Comment", text(f.InformationHow)),
            new("Texte de l'information (copie)", text(f.InformationText)),
        };
        if (d is { InformPersons: false })
        {
            fields.Add(new("Justification (art. 34(3))", d.Exemption == Art34Exemption.None
                ? "Risque élevé non retenu : " + d.Justification
                : $"{ExemptionLabel(d.Exemption)} — {d.ExemptionEvidence}"));
            if (d.Exemption == Art34Exemption.DisproportionateEffort)
            {
                fields.Add(new("Communication publique", $"{d.PublicCommunicationChannel} — {(d.PublicCommunicationAtUtc is { } p ? LabTime.Format(p, input.Laboratory.TimeZoneId, French) : NotProvided)}"));
            }
        }

        return fields;
    }

    // Art. 33(3)(a)–(d) (checklist item 7). "Where possible" items may be unknown, with the reason.
    public static IReadOnlyList<ChecklistItem> Checklist(DossierInput input, IReadOnlyList<string> subjectCodes, int? subjectCount,
        IReadOnlyList<string> dataCodes, int? recordCount)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(subjectCodes);
        ArgumentNullException.ThrowIfNull(dataCodes);
        var f = input.Facts;
        var lab = input.Laboratory;
        ChecklistItem Where(string code, string label, bool present, string? reason) => new(code, "33(3)(a)", label,
            present ? ChecklistState.Present : !string.IsNullOrWhiteSpace(reason) ? ChecklistState.UnknownWithReason : ChecklistState.Missing,
            present ? "" : reason ?? "");
        var description = !string.IsNullOrWhiteSpace(input.Incident.Description) || !string.IsNullOrWhiteSpace(input.Incident.DiscoveryDescription);
        return
        [
            new("nature", "33(3)(a)", "Nature de la violation (circonstances et description)",
                input.Incident.Nature != BreachNature.None && description ? ChecklistState.Present : ChecklistState.Missing,
                input.Incident.Nature == BreachNature.None ? "Cochez au moins une circonstance (confidentialité, intégrité, disponibilité)."
                    : description ? "" : "Décrivez la violation (description ou circonstances de la découverte)."),
            Where("subject-categories", "Catégories de personnes concernées", subjectCodes.Count > 0, f.SubjectCategoriesUnknownReason),
            Where("subject-count", "Nombre approximatif de personnes concernées", subjectCount is > 0, f.SubjectCountUnknownReason),
            Where("data-categories", "Catégories de données concernées", dataCodes.Count > 0, f.DataCategoriesUnknownReason),
            Where("record-count", "Nombre approximatif d'enregistrements concernés", recordCount is > 0, f.RecordCountUnknownReason),
            new("contact", "33(3)(b)", "Nom et coordonnées du DPO ou d'un autre point de contact",
                !string.IsNullOrWhiteSpace(lab.Dpo.Name) && (!string.IsNullOrWhiteSpace(lab.Dpo.Email) || !string.IsNullOrWhiteSpace(lab.Dpo.Phone))
                    ? ChecklistState.Present : ChecklistState.Missing, ""),
            new("consequences", "33(3)(c)", "Conséquences probables de la violation",
                ReferenceDefaults.SplitCodes(f.Consequences).Count > 0 || !string.IsNullOrWhiteSpace(f.ConsequencesText)
                    ? ChecklistState.Present : ChecklistState.Missing, ""),
            new("measures", "33(3)(d)", "Mesures prises ou envisagées",
                !string.IsNullOrWhiteSpace(f.MeasuresImmediate) || !string.IsNullOrWhiteSpace(f.MeasuresMediumTerm) || !string.IsNullOrWhiteSpace(f.MeasuresLongTerm)
                    ? ChecklistState.Present : ChecklistState.Missing, ""),
        ];
    }

    public static string BandLabel(SeverityBand band) => band switch
    {
        SeverityBand.Low => "Faible",
        SeverityBand.Medium => "Moyenne",
        SeverityBand.High => "Élevée",
        SeverityBand.VeryHigh => "Très élevée",
    };

    public static string ExemptionLabel(Art34Exemption e) => e switch
    {
        Art34Exemption.None => "Aucune",
        Art34Exemption.Unintelligible => "Art. 34(3)(a) : données rendues incompréhensibles",
        Art34Exemption.SubsequentMeasures => "Art. 34(3)(b) : mesures ultérieures écartant le risque élevé",
        Art34Exemption.DisproportionateEffort => "Art. 34(3)(c) : efforts disproportionnés, communication publique",
    };
}
