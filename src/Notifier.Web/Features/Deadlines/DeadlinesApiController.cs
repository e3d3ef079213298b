using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Notifier.Core;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Deadlines;

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.ViewCases)]
[IgnoreAntiforgeryToken]
public sealed class DeadlinesApiController(NotifierDbContext db, LabAccess access, CaseClocks clocks, ObligationCommands commands,
    IOptions<DeadlineOptions> options, TimeProvider clock, IStringLocalizer<SharedResource> t) : ControllerBase
{
    [HttpGet("incidents/{id:guid}/deadlines")]
    [EndpointSummary("Every obligation of every laboratory of the incident that the caller may see, most urgent first")]
    [ProducesResponseType<Paged<ObligationDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> ForIncident(Guid id, CancellationToken ct)
    {
        if (await access.FindIncidentAsync(id, ct) is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var all = await clocks.ForAsync(access.Cases().Where(c => c.IncidentId == id), now, ct);
        var items = all.OrderBy(c => c.Urgency).SelectMany(c => c.Obligations.Select(o => ObligationDto.From(c, o))).ToList();
        return Ok(new Paged<ObligationDto>(items, items.Count));
    }

    [HttpGet("deadlines/art33")]
    [EndpointSummary("Compute the Art. 33 deadline for an awareness instant, without creating a case")]
    [EndpointDescription("awareAt must carry its UTC offset (e.g. 2021-02-26T14:25:00+01:00) so that no local time is ambiguous; timeZone is an IANA zone (default Europe/Paris).")]
    [ProducesResponseType<Art33Dto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public IActionResult Art33([FromQuery] string? awareAt, [FromQuery] string? timeZone)
    {
        var zone = string.IsNullOrWhiteSpace(timeZone) ? LabTimeZones.Default : timeZone.Trim();
        if (!LabTimeZones.IsKnown(zone))
        {
            ModelState.AddModelError("timeZone", t["Fuseau horaire inconnu : choisissez un fuseau IANA, par exemple Europe/Paris."]);
        }

        // An instant without an offset would be a guess at the DST changes: it is refused.
        if (string.IsNullOrWhiteSpace(awareAt) || !HasOffset(awareAt)
            || !DateTimeOffset.TryParse(awareAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var aware))
        {
            ModelState.AddModelError("awareAt", t["Indiquez l'instant au format ISO 8601 avec son décalage, par exemple 2021-02-26T14:25:00+01:00."]);
            return ValidationProblem(ModelState);
        }

        if (!ModelState.IsValid)
        {
            return ValidationProblem(ModelState);
        }

        var hours = options.Value.Art33Hours;
        var strict = Core.Deadlines.Deadlines.Art33Strict(aware.UtcDateTime, hours);
        var latest = Core.Deadlines.Deadlines.Art33Reg1182(aware.UtcDateTime, zone, hours);
        return Ok(new Art33Dto(aware.ToUniversalTime(), zone, hours,
            new InstantDto(ApiInstant.Utc(strict)!.Value, LabTime.ToLocal(strict, zone)),
            new InstantDto(ApiInstant.Utc(latest)!.Value, LabTime.ToLocal(latest, zone))));
    }

    [HttpPost("cases/{caseId:guid}/obligations/{kind}/complete")]
    [EndpointSummary("Record that an obligation was fulfilled (a late CNIL filing needs reasonsForDelay)")]
    [ProducesResponseType<ObligationDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Complete(Guid caseId, ObligationKind kind, CompleteObligationRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var caseClock = await clocks.ForCaseAsync(access.Cases(), caseId, now, ct);
        if (caseClock is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var error = await commands.CompleteAsync(caseClock, kind, request.CompletedAt?.UtcDateTime ?? now, request.Reference, request.ReasonsForDelay,
            User.Identity!.Name!, now, ct);
        if (error is not null)
        {
            ModelState.AddModelError(error.Contains("motifs", StringComparison.Ordinal) ? nameof(request.ReasonsForDelay) : nameof(request.CompletedAt), t[error]);
            return ValidationProblem(ModelState);
        }

        await db.SaveChangesAsync(ct);
        var updated = await clocks.ForCaseAsync(access.Cases(), caseId, now, ct);
        return Ok(ObligationDto.From(updated!, updated![kind]));
    }

    private static bool HasOffset(string value)
    {
        var text = value.Trim();
        return text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
    }
}

public sealed class CompleteObligationRequest
{
    public DateTimeOffset? CompletedAt { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(ObligationRecord.ReferenceMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Reference { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(ObligationRecord.ReasonsMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ReasonsForDelay { get; set; }
}

public sealed record InstantDto(DateTimeOffset Utc, DateTimeOffset Local);

public sealed record Art33Dto(DateTimeOffset AwareAt, string TimeZone, int Hours, InstantDto Deadline, InstantDto LatestUnderReg1182);

public sealed record ObligationDto(
    Guid CaseId, Guid LaboratoryId, string Laboratory, string TimeZoneId, ObligationKind Kind, string LegalBasis, ObligationStatus Status,
    DateTimeOffset? DueAt, DateTimeOffset? DueAtLocal, bool DueImmediately, DateTimeOffset? LatestAt, DateTimeOffset? CompletedAt,
    int? LatenessMinutes, int? RemainingMinutes, string? ReasonsForDelay)
{
    public static ObligationDto From(CaseClock c, Obligation o)
    {
        var tz = c.Laboratory.TimeZoneId;
        c.Records.TryGetValue(o.Kind, out var record);
        return new ObligationDto(c.Case.Id, c.Laboratory.Id, c.Laboratory.Name, tz, o.Kind, o.LegalBasis, o.Status,
            ApiInstant.Utc(o.DueUtc), ApiInstant.Local(o.DueUtc, tz), o.DueImmediately, ApiInstant.Utc(o.LatestUtc), ApiInstant.Utc(o.CompletedAtUtc),
            o.Lateness is { } l ? (int)Math.Ceiling(l.TotalMinutes) : null, o.Remaining is { } r ? (int)Math.Floor(r.TotalMinutes) : null,
            string.IsNullOrEmpty(record?.ReasonsForDelay) ? null : record.ReasonsForDelay);
    }
}
