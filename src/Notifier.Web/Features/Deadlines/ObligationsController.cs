using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Deadlines;

// Closing an obligation from the case page. The compliance officer and the lab's DPO may record; others get 403/404.
[Authorize(Policy = Policies.ViewCases)]
public sealed class ObligationsController(NotifierDbContext db, LabAccess access, CaseClocks clocks, ObligationCommands commands,
    TimeProvider clock, IStringLocalizer<SharedResource> t) : Controller
{
    [HttpPost]
    public async Task<IActionResult> Complete(Guid caseId, ObligationKind kind, DateTime? completedAtLocal, string? completedAtOffset,
        string? reference, string? reasonsForDelay, CancellationToken ct)
    {
        var (caseClock, now) = await LoadAsync(caseId, ct);
        if (caseClock is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var completedAt = completedAtLocal is null ? now
            : LocalInstant.ToUtc(ModelState, "completedAtLocal", completedAtLocal, completedAtOffset, caseClock.Laboratory.TimeZoneId, t);
        var error = completedAt is null ? ModelState.Values.SelectMany(v => v.Errors).FirstOrDefault()?.ErrorMessage
            : await commands.CompleteAsync(caseClock, kind, completedAt.Value, reference, reasonsForDelay, User.Identity!.Name!, now, ct);
        if (error is not null)
        {
            // Nothing typed is lost: the form comes back filled in, with the message.
            TempData["ObligationReference"] = reference;
            TempData["ObligationReasons"] = reasonsForDelay;
            TempData["ObligationCompletedAt"] = completedAtLocal?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        }

        return await FinishAsync(caseId, kind, error, ct);
    }

    [HttpPost]
    public async Task<IActionResult> NotApplicable(Guid caseId, ObligationKind kind, string? reason, CancellationToken ct)
    {
        var (caseClock, now) = await LoadAsync(caseId, ct);
        if (caseClock is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        return await FinishAsync(caseId, kind, await commands.NotApplicableAsync(caseClock, kind, reason, User.Identity!.Name!, now, ct), ct);
    }

    [HttpPost]
    public async Task<IActionResult> Reopen(Guid caseId, ObligationKind kind, CancellationToken ct)
    {
        var (caseClock, _) = await LoadAsync(caseId, ct);
        if (caseClock is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        await commands.ReopenAsync(caseClock, kind, ct);
        return await FinishAsync(caseId, kind, null, ct);
    }

    private async Task<(CaseClock? Clock, DateTime Now)> LoadAsync(Guid caseId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return (await clocks.ForCaseAsync(access.Cases(), caseId, now, ct), now);
    }

    private async Task<IActionResult> FinishAsync(Guid caseId, ObligationKind kind, string? error, CancellationToken ct)
    {
        if (error is not null)
        {
            TempData["ObligationError"] = t[error].Value;
            TempData["ObligationKind"] = kind.ToString();
            return RedirectToAction("Details", "Cases", new { id = caseId }, "obligations");
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Échéance mise à jour."].Value;
        return RedirectToAction("Details", "Cases", new { id = caseId }, "obligations");
    }
}
