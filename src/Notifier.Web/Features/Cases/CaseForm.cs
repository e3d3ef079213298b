using System.ComponentModel.DataAnnotations;
using Notifier.Core.Cases;
using Notifier.Web.Features.Laboratories;

namespace Notifier.Web.Features.Cases;

public sealed class CaseForm
{
    public Guid IncidentId { get; set; }

    [Display(Name = "Laboratoire existant")]
    public Guid? ExistingLaboratoryId { get; set; }

    public LaboratoryInput Lab { get; set; } = new();

    [Display(Name = "Premier signal reçu le")]
    public DateTime? FirstSignalAtLocal { get; set; }

    public string? FirstSignalAtOffset { get; set; }

    [Display(Name = "Source du premier signal")]
    public SignalSource? SignalSource { get; set; }

    [Display(Name = "Début de l'investigation")]
    public DateTime? InvestigationStartedAtLocal { get; set; }

    public string? InvestigationStartedAtOffset { get; set; }

    [Display(Name = "Prise de connaissance de la violation")]
    public DateTime? AwareAtLocal { get; set; }

    public string? AwareAtOffset { get; set; }

    [Display(Name = "Justification de l'instant de prise de connaissance")]
    [StringLength(ControllerCase.JustificationMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? AwareJustification { get; set; }

    [Display(Name = "Nombre estimé de personnes concernées")]
    [Range(0, 100_000_000, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? EstimatedSubjectCount { get; set; }

    [Display(Name = "Soumis à NIS 2")]
    public bool Nis2Applicable { get; set; }

    [Display(Name = "Notes internes")]
    [StringLength(ControllerCase.NotesMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Notes { get; set; }

    [Display(Name = "Statut")]
    public CaseStatus Status { get; set; } = CaseStatus.Investigating;

    // The status when the form was opened: a status left untouched is not a request (awareness may move it by itself).
    public CaseStatus? OriginalStatus { get; set; }

    public Guid? ConcurrencyStamp { get; set; }
}
