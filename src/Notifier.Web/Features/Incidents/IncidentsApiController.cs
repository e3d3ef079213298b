using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Incidents;
using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;
using Notifier.Core.Data;

namespace Notifier.Web.Features.Incidents;

// Bearer-token API: cookies never authenticate /api, so there is no cross-site request to forge.
[ApiController]
[Route("api/v1/incidents")]
[Authorize(Policy = Policies.ViewCases)]
[IgnoreAntiforgeryToken]
public sealed class IncidentsApiController(NotifierDbContext db, LabAccess access, AuditTrail audit, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : ControllerBase
{
    [HttpGet]
    [EndpointSummary("List the incidents the caller may see")]
    public async Task<Paged<IncidentDto>> List([FromQuery] PageQuery paging, CancellationToken ct)
    {
        var query = access.Incidents().Include(i => i.Processor).OrderByDescending(i => i.CreatedAtUtc);
        var total = await query.CountAsync(ct);
        var items = await query.Skip(paging.Skip).Take(paging.Take).ToListAsync(ct);
        var counts = await CaseCountsAsync(items.Select(i => i.Id).ToList(), ct);
        return new Paged<IncidentDto>(items.Select(i => IncidentDto.From(i, counts.GetValueOrDefault(i.Id))).ToList(), total);
    }

    [HttpGet("{id:guid}")]
    [EndpointSummary("Get one incident")]
    [ProducesResponseType<IncidentDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(Guid id, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var counts = await CaseCountsAsync([id], ct);
        return Ok(IncidentDto.From(incident, counts.GetValueOrDefault(id)));
    }

    [HttpPost]
    [Authorize(Policy = Policies.ManageIncidents)]
    [EndpointSummary("Create an incident (compliance officer, admin)")]
    [ProducesResponseType<IncidentDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(IncidentRequest request, CancellationToken ct)
    {
        if (await db.Incidents.AnyAsync(i => i.Reference == request.Reference.Trim(), ct))
        {
            ModelState.AddModelError(nameof(request.Reference), t["Cette référence est déjà utilisée par un autre incident."]);
        }

        Validate(request);
        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        var incident = new Incident(Guid.CreateVersion7(), request.Reference.Trim(), request.Title.Trim(), clock.GetUtcNow().UtcDateTime);
        request.ApplyTo(incident, request.OccurrenceStart?.UtcDateTime, request.OccurrenceEnd?.UtcDateTime, request.DiscoveredAt?.UtcDateTime, () => IncidentInput.NewProcessor(db));
        db.Incidents.Add(incident);
        audit.Record("incident.created", nameof(Incident), incident.Id, incident.Id, null, "Incident créé (API).");
        await db.SaveChangesAsync(ct);
        var created = await access.FindIncidentAsync(incident.Id, ct);
        return CreatedAtAction(nameof(Get), new { id = incident.Id }, IncidentDto.From(created!, 0));
    }

    private void Validate(IncidentRequest r)
    {
        var start = r.OccurrenceStartUnknown ? null : r.OccurrenceStart?.UtcDateTime;
        var end = r.OccurrenceEndUnknown ? null : r.OccurrenceEnd?.UtcDateTime;
        foreach (var field in Incident.Validate(start, end, r.DiscoveredAt?.UtcDateTime))
        {
            ModelState.AddModelError(field == nameof(Incident.OccurrenceEndUtc) ? nameof(r.OccurrenceEnd) : nameof(r.DiscoveredAt),
                field == nameof(Incident.OccurrenceEndUtc)
                    ? t["La fin de la violation ne peut pas précéder son début."]
                    : t["La découverte ne peut pas précéder le début de la violation."]);
        }
    }

    private async Task<Dictionary<Guid, int>> CaseCountsAsync(List<Guid> incidentIds, CancellationToken ct) =>
        await access.Cases().Where(c => incidentIds.Contains(c.IncidentId)).GroupBy(c => c.IncidentId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}

public sealed class IncidentRequest : IncidentInput
{
    [Display(Name = "Début de la violation")]
    public DateTimeOffset? OccurrenceStart { get; set; }

    [Display(Name = "Fin de la violation")]
    public DateTimeOffset? OccurrenceEnd { get; set; }

    [Display(Name = "Découverte de la violation")]
    public DateTimeOffset? DiscoveredAt { get; set; }
}

public sealed record ProcessorDto(Guid Id, string Name, string? Siren, string ContactName, string ContactEmail, string ContactPhone, int? NoticeSlaHours);

public sealed record IncidentDto(
    Guid Id, string Reference, string Title, string Description,
    IReadOnlyList<BreachNature> Nature, BreachCertainty Certainty, IncidentOrigin Origin, IncidentCause Cause,
    DateTimeOffset? OccurrenceStart, bool OccurrenceStartUnknown, DateTimeOffset? OccurrenceEnd, bool OccurrenceEndUnknown, bool Ongoing,
    DateTimeOffset? DiscoveredAt, string DiscoveryDescription, IReadOnlyList<DataCategories> DataCategories, string TimeZoneId,
    ProcessorDto? Processor, int CaseCount, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static IncidentDto From(Incident i, int caseCount) => new(
        i.Id, i.Reference, i.Title, i.Description,
        Shared.Labels.Flags(i.Nature).ToList(), i.Certainty, i.Origin, i.Cause,
        ApiInstant.Local(i.OccurrenceStartUtc, i.TimeZoneId), i.OccurrenceStartUnknown,
        ApiInstant.Local(i.OccurrenceEndUtc, i.TimeZoneId), i.OccurrenceEndUnknown, i.Ongoing,
        ApiInstant.Local(i.DiscoveredAtUtc, i.TimeZoneId), i.DiscoveryDescription, Shared.Labels.Flags(i.DataCategories).ToList(), i.TimeZoneId,
        i.Processor is { } p ? new ProcessorDto(p.Id, p.Name, p.Siren, p.ContactName, p.ContactEmail, p.ContactPhone, p.NoticeSlaHours) : null,
        caseCount, ApiInstant.Utc(i.CreatedAtUtc)!.Value, ApiInstant.Utc(i.UpdatedAtUtc)!.Value);
}
