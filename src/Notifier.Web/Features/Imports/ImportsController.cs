using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Core.Synthetic;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Imports;

// The DPO's import screens: upload on the lab's page, preview with the detected mapping (correctable), then the live
// progress and the error report with filters. Starting an import and the preview are the lab DPO's; the progress, the
// counts and the error report are visible to whoever may see the case.
[Authorize(Policy = Policies.ViewCases)]
public sealed class ImportsController(
    NotifierDbContext db,
    LabAccess access,
    ImportService imports,
    FieldCipher cipher,
    TimeProvider clock,
    IDbContextFactory<NotifierDbContext> contexts,
    IStringLocalizer<SharedResource> t) : Controller
{
    public const int IssuePageSize = 100;

    [Authorize(Policy = Policies.LabPersons)]
    public async Task<IActionResult> New(Guid caseId, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        return @case is null ? NotFound() : View(new ImportNewPage(@case, null, imports.Options.MaxFileBytes));
    }

    // Streams the file into sealed segments (ImportService.ReceiveAsync): the antiforgery token is checked there,
    // from the form field that precedes the file, so the global filter must not read (and spool) the form first.
    [HttpPost]
    [Authorize(Policy = Policies.LabPersons)]
    [IgnoreAntiforgeryToken]
    [DisableRequestSizeLimit]
    [DisableFormValueModelBinding]
    public async Task<IActionResult> Upload(Guid caseId, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var upload = await imports.ReceiveAsync(HttpContext, @case, formAntiforgery: true, ct);
        if (upload.Run is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("New", new ImportNewPage(@case, t[upload.Error!], imports.Options.MaxFileBytes));
        }

        return RedirectToAction(nameof(Preview), new { id = upload.Run.Id, encoding = upload.Encoding });
    }

    [Authorize(Policy = Policies.LabPersons)]
    public async Task<IActionResult> Preview(Guid id, string? encoding, CancellationToken ct)
    {
        var (run, @case) = await FindForPersonsAsync(id, ct);
        if (run is null || @case is null)
        {
            return NotFound();
        }

        if (run.State != ImportState.Draft)
        {
            return RedirectToAction(nameof(Show), new { id });
        }

        _ = ImportService.TryParseEncoding(encoding, out var chosen);
        var preview = await imports.PreviewAsync(run, chosen, null, contexts, ct);
        return View(new ImportPreviewPage(@case, preview, []));
    }

    [HttpPost]
    [Authorize(Policy = Policies.LabPersons)]
    public async Task<IActionResult> Start(Guid id, string? encoding, [FromForm] Dictionary<string, string>? map, CancellationToken ct)
    {
        var (run, @case) = await FindForPersonsAsync(id, ct);
        if (run is null || @case is null)
        {
            return NotFound();
        }

        if (run.State != ImportState.Draft)
        {
            return RedirectToAction(nameof(Show), new { id });
        }

        if (!ImportService.TryParseEncoding(encoding, out var chosen))
        {
            chosen = CsvEncoding.Auto;
        }

        // The form sends every canonical column; an empty choice means "not imported".
        var mapping = map?.Where(p => PatientCsv.Columns.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var errors = await imports.StartAsync(run, chosen, mapping, contexts, ct);
        if (errors.Count > 0)
        {
            var mappingJson = mapping is null ? null : System.Text.Json.JsonSerializer.Serialize(mapping);
            var preview = await imports.PreviewAsync(run, chosen, mappingJson, contexts, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Preview), new ImportPreviewPage(@case, preview, errors));
        }

        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost]
    [Authorize(Policy = Policies.LabPersons)]
    public async Task<IActionResult> Discard(Guid id, CancellationToken ct)
    {
        var (run, @case) = await FindForPersonsAsync(id, ct);
        if (run is null || @case is null)
        {
            return NotFound();
        }

        await imports.DiscardDraftAsync(run, ct);
        return RedirectToAction("Details", "Cases", new { id = @case.Id });
    }

    public async Task<IActionResult> Show(Guid id, string? severity, string? column, string? rule, int page = 1, CancellationToken ct = default)
    {
        var (run, @case) = await FindAsync(id, ct);
        if (run is null || @case is null)
        {
            return NotFound();
        }

        var filter = new IssueFilter(Enum.TryParse<IssueSeverity>(severity, out var s) ? s : null,
            string.IsNullOrWhiteSpace(column) ? null : column, string.IsNullOrWhiteSpace(rule) ? null : rule);
        var query = ImportReports.Issues(db, run.Id, filter);
        var total = await query.CountAsync(ct);
        page = Math.Clamp(page, 1, Math.Max(1, (total + IssuePageSize - 1) / IssuePageSize));
        var rows = await query.OrderBy(i => i.Sequence).Skip((page - 1) * IssuePageSize).Take(IssuePageSize).ToListAsync(ct);
        var bySeverity = await db.ImportIssues.Where(i => i.ImportRunId == run.Id).GroupBy(i => i.Severity)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var byRule = await db.ImportIssues.Where(i => i.ImportRunId == run.Id).GroupBy(i => new { i.Rule, i.Column })
            .Select(g => new RuleCount(g.Key.Rule, g.Key.Column, g.Count())).ToListAsync(ct);
        return View(new ImportShowPage(@case, run, run.Progress(clock.GetUtcNow().UtcDateTime), filter,
            rows.Select(i => ImportReports.Open(cipher, i)).ToList(), total, page, bySeverity,
            [.. byRule.OrderByDescending(r => r.Count)], access.CanEditCases));
    }

    // Polled by the progress bar (site.js) while the job runs.
    public async Task<IActionResult> Progress(Guid id, CancellationToken ct)
    {
        var (run, _) = await FindAsync(id, ct);
        if (run is null)
        {
            return NotFound();
        }

        // The API's progress figures, plus what the page needs to know when to reload.
        var p = ImportProgressDto.From(run.Progress(clock.GetUtcNow().UtcDateTime));
        return Json(new { state = ImportStates.Api(run.State), p.RowsRead, p.RowsTotal, p.Percent, p.RowsPerSecond, p.SecondsLeft, finished = run.IsFinished });
    }

    public async Task<IActionResult> Errors(Guid id, CancellationToken ct)
    {
        var (run, _) = await FindAsync(id, ct);
        if (run is null)
        {
            return NotFound();
        }

        await ImportReports.WriteCsvAsync(Response, db, cipher, run, ct);
        return new EmptyResult();
    }

    private async Task<(ImportRun? Run, ControllerCase? Case)> FindAsync(Guid id, CancellationToken ct)
    {
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.State != ImportState.Draft, ct);
        var @case = run is null ? null : await access.FindCaseAsync(run.ControllerCaseId, ct);
        return @case is null ? (null, null) : (run, @case);
    }

    private async Task<(ImportRun? Run, ControllerCase? Case)> FindForPersonsAsync(Guid id, CancellationToken ct)
    {
        var run = await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == id, ct);
        var @case = run is null ? null : await access.FindCaseForPersonsAsync(run.ControllerCaseId, ct);
        return @case is null ? (null, null) : (run, @case);
    }
}

public sealed record ImportNewPage(ControllerCase Case, string? Error, long MaxFileBytes);

public sealed record ImportPreviewPage(ControllerCase Case, ImportPreview Preview, IReadOnlyList<string> Errors);

public sealed record RuleCount(string Rule, string Column, int Count);

public sealed record ImportShowPage(
    ControllerCase Case,
    ImportRun Run,
    ImportProgress Progress,
    IssueFilter Filter,
    IReadOnlyList<RowIssue> Issues,
    int IssueTotal,
    int Page,
    IReadOnlyDictionary<IssueSeverity, int> BySeverity,
    IReadOnlyList<RuleCount> ByRule,
    bool CanImport)
{
    public int PageCount => Math.Max(1, (IssueTotal + ImportsController.IssuePageSize - 1) / ImportsController.IssuePageSize);
}
