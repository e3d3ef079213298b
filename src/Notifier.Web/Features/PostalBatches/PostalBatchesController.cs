using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

using Notifier.Web.Features.Letters;

namespace Notifier.Web.Features.PostalBatches;

// The mailroom's screens for one laboratory's case: batches, their ZIP, their states and returned mail.
// Addresses, codes and counts only: no view model here carries a health field.
[Authorize(Policy = Policies.Letters)]
public sealed class PostalBatchesController(NotifierDbContext db, LabAccess access, PostalBatchService batches, IStringLocalizer<SharedResource> t) : Controller
{
    public const int MaxReturnsFile = 2_000_000;

    // Letters left out listed on a batch's page (a batch holds at most 10,000 letters).
    public const int SkippedShown = 1_000;

    public async Task<IActionResult> Index(Guid caseId, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        return View(await PageAsync(@case, ct));
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Create(Guid caseId, string? language, int? size, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        if (size is < 1 or > 10_000)
        {
            TempData["Flash"] = t["La taille d'un lot doit être comprise entre 1 et 10 000 courriers."].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        var created = await batches.CreateAsync(@case, language, size, access.UserId, ct);
        TempData["Flash"] = created.Count == 0
            ? t["Aucune personne n'attend de courrier postal pour ce laboratoire."].Value
            : t["{0} lot(s) créé(s) : {1} courrier(s). La génération se poursuit en arrière-plan.", created.Count, created.Sum(b => b.LetterCount)].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct);
        if (batch is null)
        {
            return NotFound();
        }

        var skipped = batch.SkippedCount > 0 ? await batches.SkippedAsync(batch.Id, SkippedShown, ct) : [];
        return View(new PostalBatchPage(@case!, batch, skipped));
    }

    // Polled by the page while the batch is generated.
    public async Task<IActionResult> Progress(Guid id, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct);
        return batch is null ? NotFound() : Json(PostalBatchDto.From(batch, @case!.Laboratory!.TimeZoneId));
    }

    public async Task<IActionResult> Zip(Guid id, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct);
        if (batch is null)
        {
            return NotFound();
        }

        var zip = await batches.ZipAsync(batch, ct);
        if (zip is null)
        {
            TempData["Flash"] = t[PostalBatchLabels.Error(PostalBatchErrors.NotGenerated)].Value;
            return RedirectToAction(nameof(Show), new { id });
        }

        return File(zip, "application/zip", PostalBatchService.ZipName(batch, @case!));
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Advance(Guid id, PostalBatchState to, DateTime? postedAt, string? postedOffset, string? depositProof, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct, tracked: true);
        if (batch is null)
        {
            return NotFound();
        }

        DateTime? postedUtc = null;
        if (to == PostalBatchState.Posted)
        {
            postedUtc = LocalInstant.ToUtc(ModelState, "postedAt", postedAt, postedOffset, @case!.Laboratory!.TimeZoneId, t);
        }

        var error = ModelState.IsValid ? await batches.AdvanceAsync(batch, to, postedUtc, depositProof, ct) : PostalBatchErrors.PostedAt;
        TempData["Flash"] = error is null ? t["Lot {0} : {1}.", batch.Number, t[PostalBatchLabels.Of(to)].Value].Value : t[PostalBatchLabels.Error(error)].Value;
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    [RequestSizeLimit(MaxReturnsFile + 100_000)]
    public async Task<IActionResult> Returns(Guid caseId, string? codes, IFormFile? file, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var lines = new List<string>();
        if (!string.IsNullOrWhiteSpace(codes))
        {
            lines.AddRange(codes.Split(['\n', '\r', ',', ';'], StringSplitOptions.RemoveEmptyEntries));
        }

        if (file is { Length: > 0 })
        {
            if (file.Length > MaxReturnsFile)
            {
                TempData["Flash"] = t["La liste de retours dépasse 2 Mo : découpez-la."].Value;
                return RedirectToAction(nameof(Index), new { caseId });
            }

            using var reader = new StreamReader(file.OpenReadStream(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var text = await reader.ReadToEndAsync(ct);
            // One code per line, or the first cell of a CSV line (a scanner's export, or the manifest itself).
            lines.AddRange(text.Split(['\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(';', ',')[0].Trim('"', ' ')));
        }

        if (lines.Count == 0)
        {
            TempData["Flash"] = t["Saisissez ou scannez au moins un code de courrier, ou déposez une liste."].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        var result = await batches.RecordReturnsAsync(@case, lines, ct);
        TempData["Returns"] = System.Text.Json.JsonSerializer.Serialize(result);
        return RedirectToAction(nameof(Index), new { caseId });
    }

    private async Task<PostalBatchesPage> PageAsync(ControllerCase @case, CancellationToken ct)
    {
        var list = await db.PostalBatches.AsNoTracking().Where(b => b.ControllerCaseId == @case.Id).OrderByDescending(b => b.Number).ToListAsync(ct);
        var awaiting = await batches.AwaitingLetter(@case.Id).CountAsync(ct);
        var unreachable = await db.Subjects.CountAsync(s => s.ControllerCaseId == @case.Id && s.Status == SubjectNotificationStatus.Unreachable, ct);
        var toEmail = await db.Subjects.CountAsync(s => s.ControllerCaseId == @case.Id && s.Status == SubjectNotificationStatus.Returned, ct);
        ReturnsResult? returns = TempData["Returns"] is string json ? System.Text.Json.JsonSerializer.Deserialize<ReturnsResult>(json) : null;
        return new PostalBatchesPage(@case, list, awaiting, unreachable, toEmail, returns);
    }
}

public sealed record PostalBatchesPage(ControllerCase Case, IReadOnlyList<PostalBatch> Batches, int AwaitingLetter, int Unreachable, int MovedToEmail, ReturnsResult? Returns);

public sealed record PostalBatchPage(ControllerCase Case, PostalBatch Batch, IReadOnlyList<SkippedLetter> Skipped);
