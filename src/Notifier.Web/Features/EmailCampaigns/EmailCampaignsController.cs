using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MimeKit;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.EmailCampaigns;

public sealed record EmailCampaignsPage(ControllerCase Case, LabEmailSettings Settings, int Awaiting, IReadOnlyList<EmailCampaign> Campaigns);

public sealed record EmailCampaignPage(ControllerCase Case, CampaignProgress Progress);

// The DPO's campaign screens: the lab's policy and rate, starting a campaign, live progress, pause/resume/cancel, the
// per-person export and the upload of bounces (.eml DSN). Only the DPO of that laboratory (FindCaseForPersonsAsync).
[Authorize(Policy = Policies.LabPersons)]
public sealed class EmailCampaignsController(NotifierDbContext db, LabAccess access, EmailCampaignService campaigns, BounceService bounces,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const int MaxBounceUpload = 20_000_000;

    public async Task<IActionResult> Index(Guid caseId, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var settings = await campaigns.SettingsAsync(@case.LaboratoryId, ct);
        var list = await db.EmailCampaigns.AsNoTracking().Where(c => c.ControllerCaseId == caseId).OrderByDescending(c => c.Number).ToListAsync(ct);
        return View(new EmailCampaignsPage(@case, settings, await campaigns.AwaitingEmail(caseId).CountAsync(ct), list));
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Settings(Guid caseId, EmailPolicy policy, int perMinute, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        if (!Enum.IsDefined(policy))
        {
            TempData["Flash"] = t["Politique inconnue."].Value;
        }
        else if (perMinute is < 0 or > LabEmailSettings.MaxPerMinute)
        {
            TempData["Flash"] = t["Le débit doit être compris entre 0 (sans limite) et 100 000 messages par minute."].Value;
        }
        else
        {
            await campaigns.SaveSettingsAsync(@case, policy, perMinute, access.UserId, ct);
            TempData["Flash"] = t["Réglages du courriel enregistrés."].Value;
        }

        return RedirectToAction(nameof(Index), new { caseId });
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(Guid caseId, string? language, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var campaign = await campaigns.CreateAsync(@case, language, access.UserId, ct);
        if (campaign is null)
        {
            TempData["Flash"] = t["Aucune personne de ce laboratoire n'attend de courriel."].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        return RedirectToAction(nameof(Show), new { id = campaign.Id });
    }

    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        var (campaign, @case) = await EmailCampaignsApiController.FindAsync(db, access, id, tracked: false, ct);
        return campaign is null ? NotFound() : View(new EmailCampaignPage(@case!, await campaigns.ProgressAsync(campaign, ct)));
    }

    // Polled by the page every two seconds.
    public async Task<IActionResult> Progress(Guid id, CancellationToken ct)
    {
        var (campaign, @case) = await EmailCampaignsApiController.FindAsync(db, access, id, tracked: false, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        // The estimated end as the page shows it: the laboratory's time with its offset, in the user's language (the
        // browser's own formatting would use its zone and its locale).
        var progress = await campaigns.ProgressAsync(campaign, ct);
        var dto = EmailCampaignDto.From(progress, @case!);
        var eta = progress.EstimatedEndUtc is { } end
            ? Core.LabTime.Format(end, @case!.Laboratory!.TimeZoneId, System.Globalization.CultureInfo.CurrentCulture)
            : null;
        return Json(new { dto.State, dto.Counts, dto.ProgressPercent, dto.SentPerMinute, EstimatedEnd = eta });
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Pause(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.PauseAsync, t["Campagne mise en pause."], ct);

    [HttpPost]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Resume(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.ResumeAsync, t["Campagne reprise."], ct);

    [HttpPost]
    [ValidateAntiForgeryToken]
    public Task<IActionResult> Cancel(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.CancelAsync, t["Campagne annulée."], ct);

    public async Task<IActionResult> Export(Guid id, CancellationToken ct)
    {
        var (campaign, @case) = await EmailCampaignsApiController.FindAsync(db, access, id, tracked: false, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        var csv = await campaigns.ExportAsync(campaign, @case!.Laboratory!.TimeZoneId, ct);
        return File(csv, "text/csv; charset=utf-8", $"{@case.Reference}-campagne-{campaign.Number}-courriels.csv");
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(MaxBounceUpload)]
    public async Task<IActionResult> Bounces(Guid caseId, List<IFormFile>? files, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var messages = new List<MimeMessage>();
        var unreadable = 0;
        foreach (var file in (files ?? []).Take(500))
        {
            try
            {
                await using var stream = file.OpenReadStream();
                messages.Add(await MimeMessage.LoadAsync(stream, ct));
            }
            catch (FormatException)
            {
                unreadable++;
            }
        }

        if (messages.Count == 0)
        {
            TempData["Flash"] = t["Choisissez un ou plusieurs fichiers .eml d'avis de non-remise."].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        var r = await bounces.RecordAsync(@case.Id, messages, ct);
        TempData["Flash"] = t["{0} avis lu(s) : {1} courriel(s) en échec, renvoyé(s) vers le courrier postal ; {2} déjà enregistré(s), {3} sans correspondance, {4} fichier(s) qui ne sont pas des avis de non-remise.",
            r.Reports, r.Bounced, r.AlreadyRecorded, r.Unmatched, r.NotDsn + unreadable].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    private async Task<IActionResult> ChangeAsync(Guid id, Func<EmailCampaign, CancellationToken, Task<string?>> change, LocalizedString done, CancellationToken ct)
    {
        var (campaign, _) = await EmailCampaignsApiController.FindAsync(db, access, id, tracked: true, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        var error = await change(campaign, ct);
        TempData["Flash"] = error is null ? done.Value : t[EmailCampaignLabels.Error(error)].Value;
        return RedirectToAction(nameof(Show), new { id });
    }
}
