using System.ComponentModel.DataAnnotations;
using Notifier.Core;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Web.Features.Shared;
using Notifier.Core.Processors;

namespace Notifier.Web.Features.Incidents;

// The shared facts of an incident, as the compliance officer types them once for every laboratory.
public class IncidentInput : IValidatableObject
{
    [Display(Name = "Référence")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(Incident.ReferenceMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]*$", ErrorMessage = "La référence ne peut contenir que des lettres sans accent, des chiffres, « . », « _ » et « - ».")]
    public string Reference { get; set; } = "";

    [Display(Name = "Intitulé")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(Incident.TitleMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string Title { get; set; } = "";

    [Display(Name = "Description")]
    [StringLength(Incident.DescriptionMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Description { get; set; }

    [Display(Name = "Nature de la violation")]
    public List<BreachNature> Nature { get; set; } = [];

    [Display(Name = "Caractère de la violation")]
    public BreachCertainty Certainty { get; set; } = BreachCertainty.Suspected;

    [Display(Name = "Origine de l'incident")]
    public IncidentOrigin Origin { get; set; } = IncidentOrigin.Unknown;

    [Display(Name = "Cause de l'incident")]
    public IncidentCause Cause { get; set; } = IncidentCause.Unknown;

    [Display(Name = "Début inconnu")]
    public bool OccurrenceStartUnknown { get; set; }

    [Display(Name = "Fin inconnue")]
    public bool OccurrenceEndUnknown { get; set; }

    [Display(Name = "Violation toujours en cours")]
    public bool Ongoing { get; set; }

    [Display(Name = "Circonstances de la découverte")]
    [StringLength(Incident.DiscoveryMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? DiscoveryDescription { get; set; }

    [Display(Name = "Catégories de données concernées")]
    public List<DataCategories> DataCategories { get; set; } = [];

    [Display(Name = "Fuseau horaire de l'incident")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [TimeZoneId]
    public string TimeZoneId { get; set; } = LabTimeZones.Default;

    [Display(Name = "Nom du prestataire (sous-traitant)")]
    [StringLength(Processor.NameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ProcessorName { get; set; }

    [Display(Name = "SIREN du prestataire")]
    [Siren]
    public string? ProcessorSiren { get; set; }

    [Display(Name = "Contact chez le prestataire")]
    [StringLength(Laboratory.PersonNameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ProcessorContactName { get; set; }

    [Display(Name = "E-mail du contact prestataire")]
    [EmailAddress(ErrorMessage = "Le champ {0} n'est pas une adresse e-mail valide.")]
    [StringLength(Laboratory.EmailMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ProcessorContactEmail { get; set; }

    [Display(Name = "Téléphone du contact prestataire")]
    [StringLength(Laboratory.PhoneMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ProcessorContactPhone { get; set; }

    [Display(Name = "Délai contractuel d'information par le prestataire (heures)")]
    [Range(1, 720, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? ProcessorNoticeSlaHours { get; set; }

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ProcessorName) && (!string.IsNullOrWhiteSpace(ProcessorSiren) || !string.IsNullOrWhiteSpace(ProcessorContactEmail)))
        {
            yield return validationContext.Error("Indiquez le nom du prestataire.", nameof(ProcessorName));
        }
    }

    public void CopyFrom(Incident i)
    {
        Reference = i.Reference;
        Title = i.Title;
        Description = i.Description;
        Nature = Shared.Labels.Flags(i.Nature).ToList();
        Certainty = i.Certainty;
        Origin = i.Origin;
        Cause = i.Cause;
        OccurrenceStartUnknown = i.OccurrenceStartUnknown;
        OccurrenceEndUnknown = i.OccurrenceEndUnknown;
        Ongoing = i.Ongoing;
        DiscoveryDescription = i.DiscoveryDescription;
        DataCategories = Shared.Labels.Flags(i.DataCategories).ToList();
        TimeZoneId = i.TimeZoneId;
        if (i.Processor is { } p)
        {
            ProcessorName = p.Name;
            ProcessorSiren = p.Siren;
            ProcessorContactName = p.ContactName;
            ProcessorContactEmail = p.ContactEmail;
            ProcessorContactPhone = p.ContactPhone;
            ProcessorNoticeSlaHours = p.NoticeSlaHours;
        }
    }

    public static Processor NewProcessor(Core.Data.NotifierDbContext db)
    {
        var p = new Processor(Guid.CreateVersion7(), "");
        db.Processors.Add(p);
        return p;
    }

    // Applies the shared facts; instants are resolved by the caller (local form times or API offsets).
    public void ApplyTo(Incident i, DateTime? startUtc, DateTime? endUtc, DateTime? discoveredUtc, Func<Processor> newProcessor)
    {
        i.Reference = Reference.Trim();
        i.Title = Title.Trim();
        i.Description = Description?.Trim() ?? "";
        i.Nature = Shared.Labels.Combine(Nature);
        i.Certainty = Certainty;
        i.Origin = Origin;
        i.Cause = Cause;
        i.OccurrenceStartUnknown = OccurrenceStartUnknown;
        i.OccurrenceStartUtc = OccurrenceStartUnknown ? null : startUtc;
        i.OccurrenceEndUnknown = OccurrenceEndUnknown;
        i.OccurrenceEndUtc = OccurrenceEndUnknown ? null : endUtc;
        i.Ongoing = Ongoing;
        i.DiscoveredAtUtc = discoveredUtc;
        i.DiscoveryDescription = DiscoveryDescription?.Trim() ?? "";
        i.DataCategories = Shared.Labels.Combine(DataCategories);
        i.TimeZoneId = TimeZoneId.Trim();

        if (string.IsNullOrWhiteSpace(ProcessorName))
        {
            i.ProcessorId = null;
            return;
        }

        var p = i.Processor ?? newProcessor();
        p.Name = ProcessorName.Trim();
        p.Siren = string.IsNullOrWhiteSpace(ProcessorSiren) ? null : ProcessorSiren.Replace(" ", "", StringComparison.Ordinal);
        p.ContactName = ProcessorContactName?.Trim() ?? "";
        p.ContactEmail = ProcessorContactEmail?.Trim() ?? "";
        p.ContactPhone = ProcessorContactPhone?.Trim() ?? "";
        p.NoticeSlaHours = ProcessorNoticeSlaHours;
        i.ProcessorId = p.Id;
    }
}

public sealed class IncidentForm : IncidentInput
{
    [Display(Name = "Début de la violation")]
    public DateTime? OccurrenceStartLocal { get; set; }

    public string? OccurrenceStartOffset { get; set; }

    [Display(Name = "Fin de la violation")]
    public DateTime? OccurrenceEndLocal { get; set; }

    public string? OccurrenceEndOffset { get; set; }

    [Display(Name = "Découverte de la violation")]
    public DateTime? DiscoveredAtLocal { get; set; }

    public string? DiscoveredAtOffset { get; set; }

    public Guid? ConcurrencyStamp { get; set; }
}
