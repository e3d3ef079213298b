using System.ComponentModel.DataAnnotations;
using Notifier.Core.Notifications;

namespace Notifier.Web.Features.Dossier;

// The facts of the dossier that Notifier cannot derive (regulation.md §4.2 items 9–15, §5.2). On a laboratory's
// dossier the form shows the effective values; what equals the incident's shared value is stored as "inherit".
public sealed class FactsForm
{
    private const string Long = "Le champ {0} doit contenir au plus {1} caractères.";

    [Display(Name = "Secteur d'activité")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? SectorOfActivity { get; set; }

    public List<string> SubjectCategories { get; set; } = [];

    [Display(Name = "Catégories de personnes inconnues : pourquoi ?")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? SubjectCategoriesUnknownReason { get; set; }

    [Display(Name = "Nombre approximatif de personnes")]
    [Range(0, 100_000_000, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? SubjectCount { get; set; }

    [Display(Name = "Nombre de personnes inconnu : pourquoi ?")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? SubjectCountUnknownReason { get; set; }

    public string? DirectlyIdentifiable { get; set; }

    [Display(Name = "Nombre approximatif d'enregistrements")]
    [Range(0, 1_000_000_000, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? RecordCount { get; set; }

    [Display(Name = "Nombre d'enregistrements inconnu : pourquoi ?")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? RecordCountUnknownReason { get; set; }

    [Display(Name = "Catégories de données inconnues : pourquoi ?")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? DataCategoriesUnknownReason { get; set; }

    public List<string> StorageMedia { get; set; } = [];
    public List<string> Consequences { get; set; } = [];
    public List<string> Harms { get; set; } = [];

    [Display(Name = "Appréciation des conséquences")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? ConsequencesText { get; set; }

    [Display(Name = "Mesures prises immédiatement")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? MeasuresImmediate { get; set; }

    [Display(Name = "Mesures prévues à moyen terme")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? MeasuresMediumTerm { get; set; }

    [Display(Name = "Mesures prévues à long terme")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? MeasuresLongTerm { get; set; }

    [Display(Name = "Information des personnes : quand")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? InformationWhen { get; set; }

    [Display(Name = "Information des personnes : comment")]
    [StringLength(DossierFacts.ShortMax, ErrorMessage = Long)]
    public string? InformationHow { get; set; }

    [Display(Name = "Texte de l'information (copie)")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? InformationText { get; set; }

    public string? CrossBorder { get; set; }

    [Display(Name = "Aspects transfrontaliers : précisions")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? CrossBorderDetails { get; set; }

    [Display(Name = "Autres autorités notifiées")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? OtherAuthorities { get; set; }

    [Display(Name = "Périmètre de l'incident")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? HealthScope { get; set; }

    [Display(Name = "Systèmes d'information et données concernés")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? HealthSystems { get; set; }

    [Display(Name = "État de la prise en charge")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? HealthHandlingStatus { get; set; }

    [Display(Name = "Impacts")]
    [StringLength(DossierFacts.TextMax, ErrorMessage = Long)]
    public string? HealthImpacts { get; set; }

    public static FactsForm From(DossierFacts f, IReadOnlyList<string> defaultSubjectCategories) => new()
    {
        SectorOfActivity = f.SectorOfActivity,
        SubjectCategories = f.SubjectCategories is null ? defaultSubjectCategories.ToList() : ReferenceDefaults.SplitCodes(f.SubjectCategories).ToList(),
        SubjectCategoriesUnknownReason = f.SubjectCategoriesUnknownReason,
        SubjectCount = f.SubjectCount,
        SubjectCountUnknownReason = f.SubjectCountUnknownReason,
        DirectlyIdentifiable = f.DirectlyIdentifiable is { } d ? (d ? "true" : "false") : "",
        RecordCount = f.RecordCount,
        RecordCountUnknownReason = f.RecordCountUnknownReason,
        DataCategoriesUnknownReason = f.DataCategoriesUnknownReason,
        StorageMedia = ReferenceDefaults.SplitCodes(f.StorageMedia).ToList(),
        Consequences = ReferenceDefaults.SplitCodes(f.Consequences).ToList(),
        Harms = ReferenceDefaults.SplitCodes(f.Harms).ToList(),
        ConsequencesText = f.ConsequencesText,
        MeasuresImmediate = f.MeasuresImmediate,
        MeasuresMediumTerm = f.MeasuresMediumTerm,
        MeasuresLongTerm = f.MeasuresLongTerm,
        InformationWhen = f.InformationWhen,
        InformationHow = f.InformationHow,
        InformationText = f.InformationText,
        CrossBorder = f.CrossBorder is { } x ? (x ? "true" : "false") : "",
        CrossBorderDetails = f.CrossBorderDetails,
        OtherAuthorities = f.OtherAuthorities,
        HealthScope = f.HealthScope,
        HealthSystems = f.HealthSystems,
        HealthHandlingStatus = f.HealthHandlingStatus,
        HealthImpacts = f.HealthImpacts,
    };

    // Codes not in the option lists are dropped: the stored codes are always known ones.
    public DossierFacts ToFacts(ISet<string> knownCodes)
    {
        string? Codes(IEnumerable<string> codes) => codes.Any() ? ReferenceDefaults.JoinCodes(codes.Where(knownCodes.Contains)) : null;
        bool? Bool(string? v) => v switch { "true" => true, "false" => false, _ => null };
        return new DossierFacts(Guid.Empty, Guid.Empty, null)
        {
            SectorOfActivity = SectorOfActivity,
            SubjectCategories = Codes(SubjectCategories),
            SubjectCategoriesUnknownReason = SubjectCategoriesUnknownReason,
            SubjectCount = SubjectCount,
            SubjectCountUnknownReason = SubjectCountUnknownReason,
            DirectlyIdentifiable = Bool(DirectlyIdentifiable),
            RecordCount = RecordCount,
            RecordCountUnknownReason = RecordCountUnknownReason,
            DataCategoriesUnknownReason = DataCategoriesUnknownReason,
            StorageMedia = Codes(StorageMedia),
            Consequences = Codes(Consequences),
            Harms = Codes(Harms),
            ConsequencesText = ConsequencesText,
            MeasuresImmediate = MeasuresImmediate,
            MeasuresMediumTerm = MeasuresMediumTerm,
            MeasuresLongTerm = MeasuresLongTerm,
            InformationWhen = InformationWhen,
            InformationHow = InformationHow,
            InformationText = InformationText,
            CrossBorder = Bool(CrossBorder),
            CrossBorderDetails = CrossBorderDetails,
            OtherAuthorities = OtherAuthorities,
            HealthScope = HealthScope,
            HealthSystems = HealthSystems,
            HealthHandlingStatus = HealthHandlingStatus,
            HealthImpacts = HealthImpacts,
        };
    }
}
