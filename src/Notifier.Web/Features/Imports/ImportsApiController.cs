using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Imports;

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.ViewCases)]
[IgnoreAntiforgeryToken]
public sealed class ImportsApiController(
    NotifierDbContext db,
    LabAccess access,
    ImportService imports,
    FieldCipher cipher,
    TimeProvider clock,
    IDbContextFactory<NotifierDbContext> contexts) : ControllerBase
{
    [HttpPost("cases/{caseId:guid}/subjects/imports")]
    [Authorize(Policy = Policies.LabPersons)]
    [ImportUpload]
    [DisableFormValueModelBinding]
    [EndpointSummary("Import the laboratory's affected persons from a CSV file (starts a background job)")]
    [EndpointDescription("multipart/form-data with `file` (the CSV export), optional `mapping` (JSON object canonical column → "
        + "header of the file, e.g. {\"nom\":\"Last name\"}; columns left out are not imported) and optional `encoding` "
        + "(auto, utf-8, windows-1252, iso-8859-1). The format is documented in docs/import-format.md. Answers 202 with the "
        + "import's id; follow it with GET /api/v1/imports/{id}. Only a DPO of the laboratory may import.")]
    [ProducesResponseType<ImportStartedDto>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Create(Guid caseId, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var upload = await imports.ReceiveAsync(HttpContext, @case, formAntiforgery: false, ct);
        if (upload.Run is not { } run)
        {
            return Problem400(ImportService.FileField, upload.Error!);
        }

        if (!ImportService.TryParseEncoding(upload.Encoding, out var encoding))
        {
            await imports.DiscardDraftAsync(run, ct);
            return Problem400(ImportService.EncodingField, "encodage inconnu : auto, utf-8, windows-1252 ou iso-8859-1");
        }

        var mapping = ImportMappings.Parse(upload.Mapping, out var mappingError);
        if (mappingError is not null)
        {
            await imports.DiscardDraftAsync(run, ct);
            return Problem400(ImportService.MappingField, mappingError);
        }

        var errors = await imports.StartAsync(run, encoding, mapping, contexts, ct);
        if (errors.Count > 0)
        {
            await imports.DiscardDraftAsync(run, ct);
            foreach (var error in errors)
            {
                ModelState.AddModelError(ImportService.MappingField, error);
            }

            return ValidationProblem(ModelState);
        }

        return AcceptedAtAction(nameof(Get), new { id = run.Id }, new ImportStartedDto(run.Id));
    }

    [HttpGet("imports/{id:guid}")]
    [EndpointSummary("State, progress and counts of an import")]
    [ProducesResponseType<ImportDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(Guid id, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        return run is null ? NotFound() : Ok(ImportDto.From(run, clock.GetUtcNow().UtcDateTime, Url.Action(nameof(Errors), new { id })!));
    }

    [HttpGet("imports/{id:guid}/errors.csv")]
    [EndpointSummary("The import's error report: one line per rejected or flagged row (French Excel CSV: ';', UTF-8 with BOM)")]
    [Produces("text/csv")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Errors(Guid id, CancellationToken ct)
    {
        var run = await FindAsync(id, ct);
        if (run is null)
        {
            return NotFound();
        }

        await ImportReports.WriteCsvAsync(Response, db, cipher, run, ct);
        return new EmptyResult();
    }

    [HttpGet("cases/{caseId:guid}/subjects")]
    [Authorize(Policy = Policies.LabPersons)]
    [EndpointSummary("The laboratory's affected persons: display name, channel and notification status (no health field)")]
    [ProducesResponseType<Paged<SubjectDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Subjects(Guid caseId, [FromQuery] PageQuery paging, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var query = db.Subjects.AsNoTracking().Where(s => s.ControllerCaseId == caseId).OrderBy(s => s.Id);
        var total = await query.CountAsync(ct);
        var rows = await query.Skip(paging.Skip).Take(paging.Take).ToListAsync(ct);
        var items = rows.Select(s => SubjectDto.From(s, cipher.OpenSubject(s.Id, s.Payload))).ToList();
        return Ok(new Paged<SubjectDto>(items, total));
    }

    private Task<ImportRun?> FindAsync(Guid id, CancellationToken ct)
    {
        var cases = access.Cases().Select(c => c.Id);
        return db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && r.State != ImportState.Draft && cases.Contains(r.ControllerCaseId), ct);
    }

    private BadRequestObjectResult Problem400(string field, string message)
    {
        ModelState.AddModelError(field, message);
        return (BadRequestObjectResult)ValidationProblem(ModelState);
    }

    private sealed class ImportUploadAttribute : StreamedUploadAttribute
    {
        public override string FileField => ImportService.FileField;
        public override string FileDescription => "The laboratory's CSV export (docs/import-format.md).";

        public override IReadOnlyList<(string Name, string Description, string[] Values)> Fields =>
        [
            (ImportService.MappingField, "Optional JSON object: canonical column → header of the file.", []),
            (ImportService.EncodingField, "Optional; detected when absent.", ["auto", "utf-8", "windows-1252", "iso-8859-1"]),
        ];
    }
}

public sealed record ImportStartedDto(Guid Id);

public sealed record ImportCountsDto(int Read, int Imported, int Updated, int Unchanged, int Merged, int Rejected, int FlaggedForReview,
    int WithWarnings, int LinkedAcrossLabs, int Issues);

public sealed record ImportProgressDto(int RowsRead, int? RowsTotal, double Percent, double? RowsPerSecond, double? SecondsLeft)
{
    public static ImportProgressDto From(ImportProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new ImportProgressDto(p.RowsRead, p.RowsTotal, Math.Round(p.Percent, 1), p.RowsPerSecond is { } rate ? Math.Round(rate) : null,
            p.TimeLeft is { } left ? Math.Round(left.TotalSeconds) : null);
    }
}

public sealed record ImportDto(
    Guid Id,
    Guid CaseId,
    string State,
    string FileName,
    long FileSize,
    string? Encoding,
    string? Delimiter,
    ImportProgressDto Progress,
    ImportCountsDto Counts,
    string? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string ErrorsUrl)
{
    public static ImportDto From(ImportRun r, DateTime nowUtc, string errorsUrl)
    {
        return new ImportDto(r.Id, r.ControllerCaseId, ImportStates.Api(r.State), r.FileName, r.FileSize, r.DetectedEncoding, r.Delimiter,
            ImportProgressDto.From(r.Progress(nowUtc)),
            new ImportCountsDto(r.RowsRead, r.Imported, r.Updated, r.Unchanged, r.Merged, r.Rejected, r.FlaggedForReview, r.WithWarnings,
                r.LinkedAcrossLabs, r.IssueCount),
            r.Failure,
            ApiInstant.Utc(r.CreatedAtUtc)!.Value,
            ApiInstant.Utc(r.StartedAtUtc),
            ApiInstant.Utc(r.FinishedAtUtc),
            errorsUrl);
    }
}

// What a list of persons may show outside the person's own page: a name to recognise them, the workflow state.
public sealed record SubjectDto(Guid Id, string DisplayName, bool IsMinor, string Channel, string Status, string? ReviewReason)
{
    public static SubjectDto From(DataSubject s, SubjectPayload p) =>
        new(s.Id, SubjectNames.Display(p), s.IsMinor, s.Channel.ToString(), s.Status.ToString(),
            s.ReviewReason == Core.Subjects.ReviewReason.None ? null : s.ReviewReason.ToString());
}

public static class SubjectNames
{
    public static string Display(SubjectPayload p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var sb = new StringBuilder();
        if (p.Civility is not null)
        {
            sb.Append(p.Civility).Append(' ');
        }

        return sb.Append(p.FirstName).Append(' ').Append(p.LastName.ToUpperInvariant()).ToString();
    }
}

public static class ImportStates
{
    // The API's vocabulary (issue 4): queued, running, completed, failed (a draft is never visible there).
    public static string Api(ImportState state) => state switch
    {
        ImportState.Draft => "draft",
        ImportState.Queued => "queued",
        ImportState.Running => "running",
        ImportState.Completed => "completed",
        ImportState.Failed => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };
}
