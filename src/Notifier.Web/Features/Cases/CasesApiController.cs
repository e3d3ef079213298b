using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Laboratories;
using Notifier.Web.Features.Api;
using Notifier.Web.Features.Laboratories;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Cases;

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.ViewCases)]
[IgnoreAntiforgeryToken]
public sealed class CasesApiController(NotifierDbContext db, LabAccess access, AuditTrail audit, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : ControllerBase
{
    [HttpGet("incidents/{id:guid}/cases")]
    [EndpointSummary("List the laboratories' cases of an incident that the caller may see")]
    [ProducesResponseType<Paged<CaseDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> List(Guid id, [FromQuery] PageQuery paging, CancellationToken ct)
    {
        if (await access.FindIncidentAsync(id, ct) is null)
        {
            return NotFound();
        }

        var query = access.Cases().Where(c => c.IncidentId == id).Include(c => c.Laboratory).OrderBy(c => c.Reference);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(paging.Skip).Take(paging.Take).ToListAsync(ct);
        var counts = await SubjectCountsAsync(items.Select(c => c.Id).ToList(), ct);
        return Ok(new Paged<CaseDto>(items.Select(c => CaseDto.From(c, counts.GetValueOrDefault(c.Id))).ToList(), total));
    }

    [HttpPost("incidents/{id:guid}/cases")]
    [Authorize(Policy = Policies.ManageIncidents)]
    [EndpointSummary("Add a laboratory to an incident (a new laboratory, or an existing one by laboratoryId)")]
    [ProducesResponseType<CaseDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Create(Guid id, CaseCreateRequest request, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        Laboratory? lab = null;
        if (request.LaboratoryId is { } labId)
        {
            lab = await access.Laboratories().FirstOrDefaultAsync(l => l.Id == labId, ct);
            if (lab is null)
            {
                ModelState.AddModelError(nameof(request.LaboratoryId), t["Laboratoire inconnu."]);
            }
            else if (await db.Cases.AnyAsync(c => c.IncidentId == id && c.LaboratoryId == labId, ct))
            {
                ModelState.AddModelError(nameof(request.LaboratoryId), t["Ce laboratoire fait déjà partie de cet incident."]);
            }
        }
        else if (request.Laboratory is null)
        {
            ModelState.AddModelError(nameof(request.Laboratory), t["Indiquez le laboratoire (laboratory) ou un laboratoire existant (laboratoryId)."]);
        }

        var update = request.ToUpdate();
        AddErrors(update);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        var @case = await CaseEditing.AddAsync(db, incident, lab, request.Laboratory, update, clock.GetUtcNow().UtcDateTime, ct);
        audit.Record("case.created", nameof(ControllerCase), @case.Id, id, @case.Id, "Laboratoire ajouté à l'incident (API).");
        await db.SaveChangesAsync(ct);
        var created = await access.FindCaseAsync(@case.Id, ct);
        return CreatedAtAction(nameof(Get), new { caseId = @case.Id }, CaseDto.From(created!, 0));
    }

    [HttpGet("cases/{caseId:guid}")]
    [EndpointSummary("Get one laboratory's case")]
    [ProducesResponseType<CaseDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(Guid caseId, CancellationToken ct)
    {
        var c = await access.FindCaseAsync(caseId, ct);
        if (c is null)
        {
            return NotFound();
        }

        var counts = await SubjectCountsAsync([caseId], ct);
        return Ok(CaseDto.From(c, counts.GetValueOrDefault(caseId)));
    }

    [HttpPut("cases/{caseId:guid}")]
    [EndpointSummary("Replace a case's facts and its laboratory's identity")]
    [EndpointDescription("Send concurrencyStamp from the last GET to detect concurrent edits (409 when it no longer matches).")]
    [ProducesResponseType<CaseDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Update(Guid caseId, CaseRequest request, CancellationToken ct)
    {
        var c = await access.FindCaseAsync(caseId, ct);
        if (c is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        if (request.ConcurrencyStamp is { } stamp && stamp != c.ConcurrencyStamp)
        {
            return Problem(t["Ce dossier a été modifié par quelqu'un d'autre depuis votre dernière lecture."], statusCode: StatusCodes.Status409Conflict);
        }

        var update = request.ToUpdate();
        AddErrors(update, c.Status);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        CaseEditing.Edit(db, audit, c, request.Laboratory, update, clock.GetUtcNow().UtcDateTime, " (API)");

        await db.SaveChangesAsync(ct);
        var counts = await SubjectCountsAsync([caseId], ct);
        return Ok(CaseDto.From(c, counts.GetValueOrDefault(caseId)));
    }

    [HttpGet("cases/{caseId:guid}/audit")]
    [EndpointSummary("The case's audit trail, newest first")]
    [ProducesResponseType<Paged<AuditDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Audit(Guid caseId, [FromQuery] PageQuery paging, CancellationToken ct)
    {
        if (await access.FindCaseAsync(caseId, ct) is null)
        {
            return NotFound();
        }

        var query = db.AuditEntries.Where(a => a.ControllerCaseId == caseId).OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(paging.Skip).Take(paging.Take)
            .Select(a => new AuditDto(a.Id, a.AtUtc, a.Actor, a.Action, a.EntityType, a.EntityId, a.Summary))
            .ToListAsync(ct);
        return Ok(new Paged<AuditDto>(items.Select(a => a with { At = DateTime.SpecifyKind(a.At, DateTimeKind.Utc) }).ToList(), total));
    }

    private void AddErrors(CaseUpdate update, CaseStatus currentStatus = CaseStatus.Investigating)
    {
        foreach (var (field, message) in update.Validate(clock.GetUtcNow().UtcDateTime, currentStatus))
        {
            ModelState.AddModelError(field == nameof(CaseUpdate.AwareAtUtc) ? "AwareAt" : field, t[message]);
        }
    }

    private async Task<Dictionary<Guid, int>> SubjectCountsAsync(List<Guid> caseIds, CancellationToken ct) =>
        await db.Subjects.Where(s => caseIds.Contains(s.ControllerCaseId)).GroupBy(s => s.ControllerCaseId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}

public class CaseFactsRequest
{
    public DateTimeOffset? AwareAt { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(ControllerCase.JustificationMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? AwareJustification { get; set; }

    public SignalSource? SignalSource { get; set; }
    public DateTimeOffset? FirstSignalAt { get; set; }
    public DateTimeOffset? InvestigationStartedAt { get; set; }

    [System.ComponentModel.DataAnnotations.Range(0, 100_000_000, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? EstimatedSubjectCount { get; set; }

    public bool Nis2Applicable { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(ControllerCase.NotesMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Notes { get; set; }

    public CaseStatus? Status { get; set; }

    public CaseUpdate ToUpdate() => new(FirstSignalAt?.UtcDateTime, SignalSource, InvestigationStartedAt?.UtcDateTime, AwareAt?.UtcDateTime,
        AwareJustification, EstimatedSubjectCount, Nis2Applicable, Notes, Status);
}

public sealed class CaseCreateRequest : CaseFactsRequest
{
    public Guid? LaboratoryId { get; set; }
    public LaboratoryInput? Laboratory { get; set; }
}

public sealed class CaseRequest : CaseFactsRequest
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    public LaboratoryInput Laboratory { get; set; } = new();

    public Guid? ConcurrencyStamp { get; set; }
}

public sealed record ContactDto(string Name, string Role, string Email, string Phone);

public sealed record AddressDto(string Line1, string Line2, string PostalCode, string City, string Country);

public sealed record LaboratoryDto(Guid Id, string Name, string? Siren, string? Finess, AddressDto Address, string TimeZoneId,
    ContactDto Dpo, bool DpoIsDesignated, ContactDto LegalRepresentative);

public sealed record CaseDto(
    Guid Id, Guid IncidentId, string Reference, CaseStatus Status, LaboratoryDto Laboratory,
    DateTimeOffset? AwareAt, DateTimeOffset? AwareAtLocal, string AwareJustification, SignalSource? SignalSource,
    DateTimeOffset? FirstSignalAt, DateTimeOffset? InvestigationStartedAt, int? EstimatedSubjectCount, int SubjectCount,
    bool Nis2Applicable, string Notes, Guid ConcurrencyStamp, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static CaseDto From(ControllerCase c, int subjectCount)
    {
        var l = c.Laboratory!;
        var tz = l.TimeZoneId;
        return new CaseDto(c.Id, c.IncidentId, c.Reference, c.Status,
            new LaboratoryDto(l.Id, l.Name, l.Siren, l.Finess,
                new AddressDto(l.Address.Line1, l.Address.Line2, l.Address.PostalCode, l.Address.City, l.Address.Country), tz,
                new ContactDto(l.Dpo.Name, l.Dpo.Role, l.Dpo.Email, l.Dpo.Phone), l.DpoIsDesignated,
                new ContactDto(l.LegalRepresentative.Name, l.LegalRepresentative.Role, l.LegalRepresentative.Email, l.LegalRepresentative.Phone)),
            ApiInstant.Utc(c.AwareAtUtc), ApiInstant.Local(c.AwareAtUtc, tz), c.AwareJustification, c.SignalSource,
            ApiInstant.Local(c.FirstSignalAtUtc, tz), ApiInstant.Local(c.InvestigationStartedAtUtc, tz), c.EstimatedSubjectCount, subjectCount,
            c.Nis2Applicable, c.Notes, c.ConcurrencyStamp, ApiInstant.Utc(c.CreatedAtUtc)!.Value, ApiInstant.Utc(c.UpdatedAtUtc)!.Value);
    }
}

public sealed record AuditDto(Guid Id, DateTime At, string Actor, string Action, string EntityType, Guid EntityId, string Summary);
