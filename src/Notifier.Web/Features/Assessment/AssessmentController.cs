using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Risk;
using Notifier.Web.Features.Dossier;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Assessment;

// The ENISA assessment of one laboratory's case and the recorded human decision it informs (regulation.md §6, §1.3).
[Authorize(Policy = Policies.ViewCases)]
public sealed class AssessmentController(DossierService dossiers, NotifierDbContext db, LabAccess access, AuditTrail audit, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public static string Message(string rule) => rule switch
    {
        EnisaErrors.NoCategory => "Retenez au moins une catégorie de données (ENISA, annexe 1).",
        EnisaErrors.ScoreOutOfScale => "Le score d'une catégorie de données va de 1 à 4.",
        EnisaErrors.AdjustmentNeedsJustification => "Un score différent du score de base de sa catégorie doit être justifié par écrit (ENISA, annexe 1).",
        EnisaErrors.EiOutOfScale => "Choisissez un niveau de facilité d'identification.",
        DecisionErrors.JustificationRequired => "Indiquez les motifs de la décision : ils figurent au registre (art. 33(5)).",
        DecisionErrors.ExemptionOnlyWhenNotInforming => "Une exemption de l'art. 34(3) ne s'invoque que si les personnes ne sont pas informées individuellement.",
        DecisionErrors.ExemptionNeedsEvidence => "Une exemption de l'art. 34(3) doit être démontrée : décrivez les éléments de preuve.",
        DecisionErrors.PublicCommunicationRequired => "L'exemption de l'art. 34(3)(c) exige une communication publique : indiquez le support, la date et le texte.",
        DecisionErrors.CnilOrderedCommunication => "La CNIL a ordonné l'information des personnes (art. 34(4)) : la décision doit prévoir de les informer.",
        _ => rule,
    };

    public async Task<IActionResult> Index(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        return ctx is null ? NotFound() : View(Page(ctx, AssessmentForm.From(ctx.EnisaInput, ctx.Assessment), null));
    }

    [HttpPost]
    public async Task<IActionResult> Save(Guid caseId, AssessmentForm form, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var assessment = ctx.Assessment;
        var isNew = assessment is null;
        assessment ??= new RiskAssessment(Guid.CreateVersion7(), ctx.Case.Id);
        var errors = ModelState.IsValid ? assessment.Record(form.ToInput(ctx.SubjectCount), form.EaseJustification ?? "", form.Reasoning ?? "", User.Identity!.Name!, Now) : [];
        foreach (var e in errors)
        {
            ModelState.AddModelError("", t[Message(e)]);
        }

        if (!ModelState.IsValid)
        {
            return View("Index", Page(ctx, form, null));
        }

        if (isNew)
        {
            db.RiskAssessments.Add(assessment);
        }

        audit.Record("risk.assessed", nameof(RiskAssessment), assessment.Id, ctx.Case.IncidentId, ctx.Case.Id,
            $"Évaluation ENISA enregistrée : SE {Core.Risk.Enisa.Format(assessment.SeverityQuarters, System.Globalization.CultureInfo.InvariantCulture)} ({assessment.Band}).");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Évaluation enregistrée."].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    [HttpPost]
    public async Task<IActionResult> Decide(Guid caseId, DecisionForm decision, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        if (!ctx.Assessed)
        {
            ModelState.AddModelError("", t["Enregistrez d'abord l'évaluation du risque : la décision s'y appuie."]);
        }

        var publicAt = decision.PublicCommunicationAtLocal is null ? null
            : LocalInstant.ToUtc(ModelState, "PublicCommunicationAtLocal", decision.PublicCommunicationAtLocal, decision.PublicCommunicationAtOffset, ctx.TimeZoneId, t);
        var input = decision.ToInput(publicAt);
        var reopened = ctx.Decision.Reopened;
        foreach (var e in DecisionRules.Validate(input, reopened))
        {
            ModelState.AddModelError("", t[Message(e)]);
        }

        if (!ModelState.IsValid)
        {
            return View("Index", Page(ctx, AssessmentForm.From(ctx.EnisaInput, ctx.Assessment), decision));
        }

        var result = Core.Risk.Enisa.Score(ctx.Assessment!.ToInput(ctx.SubjectCount));
        var proposal = DecisionRules.Propose(result, dossiers.Policy, reopened);
        var record = RiskDecision.Decide(Guid.CreateVersion7(), ctx.Case.Id, input, proposal, result, User.Identity!.Name!, Now);
        db.RiskDecisions.Add(record);
        audit.Record("risk.decided", nameof(RiskDecision), record.Id, ctx.Case.IncidentId, ctx.Case.Id,
            $"Décision enregistrée : notifier la CNIL {(record.NotifyCnil ? "oui" : "non")}, informer les personnes {(record.InformPersons ? "oui" : "non")}"
            + (record.Exemption == Art34Exemption.None ? "" : $", exemption {record.Exemption}") + " (motifs consignés).");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Décision enregistrée."].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    [HttpPost]
    public async Task<IActionResult> CnilOrder(Guid caseId, string? orderReference, DateTime? orderedAtLocal, string? orderedAtOffset, string? note, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var orderedAt = orderedAtLocal is null ? Now : LocalInstant.ToUtc(ModelState, "orderedAtLocal", orderedAtLocal, orderedAtOffset, ctx.TimeZoneId, t);
        if (string.IsNullOrWhiteSpace(orderReference) || orderedAt is null)
        {
            TempData["Error"] = t["Indiquez la référence de la décision de la CNIL."].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        var order = RiskDecision.CnilOrder(Guid.CreateVersion7(), ctx.Case.Id, orderReference[..Math.Min(orderReference.Length, RiskDecision.ReferenceMax)],
            orderedAt.Value, note ?? "", User.Identity!.Name!, Now);
        db.RiskDecisions.Add(order);
        audit.Record("risk.cnil-ordered", nameof(RiskDecision), order.Id, ctx.Case.IncidentId, ctx.Case.Id,
            "La CNIL a ordonné l'information des personnes (art. 34(4)) : décision rouverte.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Ordre de la CNIL enregistré : la décision est rouverte."].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    private AssessmentPage Page(DossierContext ctx, AssessmentForm form, DecisionForm? decision)
    {
        var saved = ctx.Assessed ? Core.Risk.Enisa.Score(ctx.Assessment!.ToInput(ctx.SubjectCount)) : null;
        var preview = Core.Risk.Enisa.Score(form.ToInput(ctx.SubjectCount));
        var proposal = saved is null ? null : DecisionRules.Propose(saved, dossiers.Policy, ctx.Decision.Reopened);
        decision ??= DecisionForm.From(ctx.Decision.Current, proposal);
        return new AssessmentPage(ctx, form, saved, preview, proposal, decision, dossiers.Policy, access.CanEditCases);
    }
}

public sealed record AssessmentPage(DossierContext Context, AssessmentForm Form, EnisaResult? Saved, EnisaResult Preview, DecisionProposal? Proposal,
    DecisionForm Decision, DecisionPolicy Policy, bool CanEdit);

public sealed class DpcRow
{
    public bool Present { get; set; }
    public int Score { get; set; }

    [StringLength(RiskAssessment.JustificationMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Justification { get; set; }
}

public sealed class AssessmentForm
{
    public DpcRow Simple { get; set; } = new() { Score = 1 };
    public DpcRow Behavioural { get; set; } = new() { Score = 2 };
    public DpcRow Financial { get; set; } = new() { Score = 3 };
    public DpcRow Sensitive { get; set; } = new() { Score = 4 };
    public EaseOfIdentification Ease { get; set; } = EaseOfIdentification.Maximum;

    [StringLength(RiskAssessment.JustificationMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? EaseJustification { get; set; }

    public ConfidentialityLoss Confidentiality { get; set; }
    public IntegrityLoss Integrity { get; set; }
    public AvailabilityLoss Availability { get; set; }
    public bool MaliciousIntent { get; set; }
    public bool DataUnintelligible { get; set; }

    [StringLength(RiskAssessment.ReasoningMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Reasoning { get; set; }

    public DpcRow Row(DpcCategory c) => c switch
    {
        DpcCategory.Simple => Simple,
        DpcCategory.Behavioural => Behavioural,
        DpcCategory.Financial => Financial,
        DpcCategory.Sensitive => Sensitive,
    };

    public static AssessmentForm From(EnisaInput input, RiskAssessment? saved)
    {
        ArgumentNullException.ThrowIfNull(input);
        var form = new AssessmentForm
        {
            Ease = input.EaseOfIdentification,
            Confidentiality = input.Confidentiality,
            Integrity = input.Integrity,
            Availability = input.Availability,
            MaliciousIntent = input.MaliciousIntent,
            DataUnintelligible = input.DataUnintelligible,
            EaseJustification = saved?.EaseJustification,
            Reasoning = saved?.Reasoning,
        };
        foreach (var d in input.DataCategories)
        {
            var row = form.Row(d.Category);
            row.Present = true;
            row.Score = d.Score;
            row.Justification = d.Justification;
        }

        return form;
    }

    public EnisaInput ToInput(int? personCount) => new(
        Enum.GetValues<DpcCategory>().Where(c => Row(c).Present).Select(c => new DpcScore(c, Row(c).Score, Row(c).Justification ?? "")).ToList(),
        Ease, Confidentiality, Integrity, Availability, MaliciousIntent, personCount, DataUnintelligible);
}

public sealed class DecisionForm
{
    public bool NotifyCnil { get; set; }
    public bool InformPersons { get; set; }
    public Art34Exemption Exemption { get; set; }

    [StringLength(RiskDecision.TextMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Justification { get; set; }

    [StringLength(RiskDecision.TextMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ExemptionEvidence { get; set; }

    [StringLength(RiskDecision.ChannelMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? PublicCommunicationChannel { get; set; }

    public DateTime? PublicCommunicationAtLocal { get; set; }
    public string? PublicCommunicationAtOffset { get; set; }

    [StringLength(RiskDecision.TextMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? PublicCommunicationText { get; set; }

    public static DecisionForm From(RiskDecision? current, DecisionProposal? proposal) => current is null
        ? new DecisionForm { NotifyCnil = proposal?.NotifyCnil ?? true, InformPersons = proposal?.InformPersons ?? true, Exemption = proposal?.SuggestedExemption ?? Art34Exemption.None }
        : new DecisionForm { NotifyCnil = current.NotifyCnil, InformPersons = current.InformPersons, Exemption = current.Exemption };

    public DecisionInput ToInput(DateTime? publicAtUtc) => new(NotifyCnil, InformPersons, InformPersons ? Art34Exemption.None : Exemption, Justification ?? "",
        ExemptionEvidence ?? "", PublicCommunicationChannel ?? "", publicAtUtc, PublicCommunicationText ?? "");
}
