using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Notifications;
using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Dossier;

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.ViewCases)]
[IgnoreAntiforgeryToken]
public sealed class NotificationsApiController(DossierService dossiers, DossierPdf pdf, NotifierDbContext db, LabAccess access, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : ControllerBase
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [HttpGet("cases/{caseId:guid}/notifications")]
    [EndpointSummary("The laboratory's CNIL notifications (initial, then complementary), oldest first")]
    [ProducesResponseType<Paged<NotificationDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> List(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        var items = ctx.Notifications.Select(n => NotificationDto.From(n, ctx.TimeZoneId)).ToList();
        return Ok(new Paged<NotificationDto>(items, items.Count));
    }

    [HttpPost("cases/{caseId:guid}/notifications")]
    [EndpointSummary("Prepare a notification from the current facts (a snapshot of every field of the dossier)")]
    [EndpointDescription("kind is Initial or Complementary; a complementary notification is linked to the initial one. An incomplete initial notification is allowed (Art. 33(4)) and marked complete=false.")]
    [ProducesResponseType<CreatedDto>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Create(Guid caseId, CreateNotificationRequest request, CancellationToken ct)
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

        var (notification, error) = dossiers.Prepare(ctx, request.Kind!.Value, User.Identity!.Name!, Now);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(request.Kind), t[error]);
            return ValidationProblem(ModelState);
        }

        await db.SaveChangesAsync(ct);
        return CreatedAtAction(nameof(Pdf), new { caseId, id = notification!.Id }, new CreatedDto(notification.Id));
    }

    [HttpGet("cases/{caseId:guid}/notifications/{id:guid}/pdf")]
    [EndpointSummary("The notification's dossier as a PDF, in the CNIL form's order")]
    [ProducesResponseType<FileContentResult>(StatusCodes.Status200OK, "application/pdf")]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Pdf(Guid caseId, Guid id, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        var n = ctx?.Notifications.FirstOrDefault(x => x.Id == id);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        return File(pdf.Render(DossierService.Snapshot(n), DossierPdf.Filing(n, ctx.TimeZoneId), Now), "application/pdf", DossierPdf.FileName(ctx.Case.Reference, n));
    }

    [HttpPost("cases/{caseId:guid}/notifications/{id:guid}/filed")]
    [EndpointSummary("Record the filing on the CNIL site: instant, CNIL notification number, reasons for the delay when late")]
    [EndpointDescription("filedAt carries its UTC offset. Filed after the 72-hour deadline without reasonsForDelay → 400 with the French message.")]
    [ProducesResponseType<NotificationDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Filed(Guid caseId, Guid id, FiledRequest request, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        var n = ctx?.Notifications.FirstOrDefault(x => x.Id == id);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var error = await dossiers.RecordFilingAsync(ctx, n, request.FiledAt!.Value.UtcDateTime, request.CnilNumber, request.ReasonsForDelay,
            User.Identity!.Name!, Now, ct);
        if (error is not null)
        {
            var key = error == DossierService.Message(NotificationErrors.ReasonsRequired) ? nameof(request.ReasonsForDelay)
                : error == DossierService.Message(NotificationErrors.NumberRequired) ? nameof(request.CnilNumber) : nameof(request.FiledAt);
            ModelState.AddModelError(key, t[error]);
            return ValidationProblem(ModelState);
        }

        await db.SaveChangesAsync(ct);
        return Ok(NotificationDto.From(n, ctx.TimeZoneId));
    }
}

public sealed class CreateNotificationRequest
{
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    public NotificationKind? Kind { get; set; }
}

public sealed class FiledRequest
{
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    public DateTimeOffset? FiledAt { get; set; }

    [StringLength(CnilNotification.NumberMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? CnilNumber { get; set; }

    [StringLength(CnilNotification.ReasonsMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? ReasonsForDelay { get; set; }
}

public sealed record CreatedDto(Guid Id);

public sealed record NotificationDto(Guid Id, NotificationKind Kind, int Sequence, Guid? InitialId, bool Complete, DateTimeOffset CreatedAt,
    string CreatedBy, DateTimeOffset? FiledAt, DateTimeOffset? FiledAtLocal, string CnilNumber, bool FiledLate, string ReasonsForDelay,
    bool HasCnilSummary)
{
    public static NotificationDto From(CnilNotification n, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(n);
        return new(n.Id, n.Kind, n.Sequence, n.InitialId, n.Complete, ApiInstant.Utc(n.CreatedAtUtc)!.Value, n.CreatedBy, ApiInstant.Utc(n.FiledAtUtc),
            ApiInstant.Local(n.FiledAtUtc, timeZoneId), n.CnilNumber, n.FiledLate, n.ReasonsForDelay, n.SummaryDocumentId is not null);
    }
}
