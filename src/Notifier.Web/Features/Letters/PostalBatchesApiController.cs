using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Letters;
using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Letters;

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.Letters)]
[IgnoreAntiforgeryToken]
public sealed class PostalBatchesApiController(NotifierDbContext db, LabAccess access, PostalBatchService batches) : ControllerBase
{
    [HttpPost("cases/{caseId:guid}/postal-batches")]
    [EndpointSummary("Create the laboratory's postal batches from every person awaiting a paper letter (one background job per batch)")]
    [EndpointDescription("Persons reachable by post, not in manual review and not yet queued are sorted by postal code then street, "
        + "split into batches of at most `size` letters (default Letters:BatchSize, 1,000), mainland, overseas (97x/98x) and foreign "
        + "addresses apart. `language` is fr (default) or en. Answers 201 with `{ items }`; follow each with GET /api/v1/postal-batches/{id}.")]
    [ProducesResponseType<Paged<PostalBatchDto>>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Create(Guid caseId, [FromBody] CreatePostalBatchesRequest? request, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var created = await batches.CreateAsync(@case, request?.Language, request?.Size, access.UserId, ct);
        var items = created.Select(b => PostalBatchDto.From(b, @case.Laboratory!.TimeZoneId)).ToList();
        return StatusCode(StatusCodes.Status201Created, new Paged<PostalBatchDto>(items, items.Count));
    }

    [HttpGet("cases/{caseId:guid}/postal-batches")]
    [EndpointSummary("The laboratory's postal batches, newest first, with the count of unreachable persons")]
    [ProducesResponseType<Paged<PostalBatchDto>>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> List(Guid caseId, [FromQuery] PageQuery paging, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var query = db.PostalBatches.AsNoTracking().Where(b => b.ControllerCaseId == caseId);
        var rows = await query.OrderByDescending(b => b.Number).Skip(paging.Skip).Take(paging.Take).ToListAsync(ct);
        return Ok(new Paged<PostalBatchDto>(rows.Select(b => PostalBatchDto.From(b, @case.Laboratory!.TimeZoneId)).ToList(), await query.CountAsync(ct)));
    }

    [HttpGet("postal-batches/{id:guid}")]
    [EndpointSummary("State, generation progress and counts of a postal batch")]
    [ProducesResponseType<PostalBatchDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(Guid id, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct);
        return batch is null ? NotFound() : Ok(PostalBatchDto.From(batch, @case!.Laboratory!.TimeZoneId));
    }

    [HttpGet("postal-batches/{id:guid}/zip")]
    [EndpointSummary("The batch for the printer: ZIP of the batch PDF, manifest.csv (French Excel) and summary.txt; the first download marks it exported")]
    [Produces("application/zip")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Zip(Guid id, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct);
        if (batch is null)
        {
            return NotFound();
        }

        var zip = await batches.ZipAsync(batch, ct);
        return zip is null
            ? Problem(statusCode: StatusCodes.Status409Conflict, detail: "Le lot est encore en cours de génération.")
            : File(zip, "application/zip", PostalBatchService.ZipName(batch, @case!));
    }

    [HttpPost("postal-batches/{id:guid}/state")]
    [EndpointSummary("Move a batch to its next state: printed, posted (with postedAt and depositProof) or closed")]
    [ProducesResponseType<PostalBatchDto>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Advance(Guid id, [FromBody] AdvancePostalBatchRequest request, CancellationToken ct)
    {
        var (batch, @case) = await access.FindBatchForMailAsync(id, ct, tracked: true);
        if (batch is null)
        {
            return NotFound();
        }

        if (!PostalBatchLabels.TryParseState(request.State, out var to))
        {
            ModelState.AddModelError(nameof(request.State), "état inconnu : exported, printed, posted ou closed");
            return ValidationProblem(ModelState);
        }

        var error = await batches.AdvanceAsync(batch, to, request.PostedAt?.UtcDateTime, request.DepositProof, ct);
        if (error is not null)
        {
            ModelState.AddModelError(nameof(request.State), PostalBatchLabels.Error(error));
            return ValidationProblem(ModelState);
        }

        return Ok(PostalBatchDto.From(batch, @case!.Laboratory!.TimeZoneId));
    }

    [HttpPost("cases/{caseId:guid}/postal-returns")]
    [EndpointSummary("Record returned mail (NPAI/PND) by letter codes: each person moves to e-mail if they have one, else to the unreachable count")]
    [ProducesResponseType<ReturnsResult>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Returns(Guid caseId, [FromBody] PostalReturnsRequest request, CancellationToken ct)
    {
        var @case = await access.FindCaseForMailAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        return Ok(await batches.RecordReturnsAsync(@case, request.Codes ?? [], ct));
    }
}

[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.LabPersons)]
public sealed class SubjectLettersApiController(NotifierDbContext db, LabAccess access, LetterService letters, LetterTemplateStore templates, AuditTrail audit) : ControllerBase
{
    [HttpGet("subjects/{id:guid}/letter.pdf")]
    [EndpointSummary("One person's letter as a PDF (the laboratory's DPO only); assigns the letter code the first time")]
    [Produces("application/pdf")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Letter(Guid id, [FromQuery] string? language, CancellationToken ct)
    {
        var result = await SingleLetter.RenderAsync(db, access, letters, templates, audit, id, language, ct);
        return result switch
        {
            { NotFound: true } => NotFound(),
            { Pdf: { } pdf } => File(pdf, "application/pdf", result.FileName),
            _ => Problem(statusCode: StatusCodes.Status409Conflict, detail: result.Error),
        };
    }
}

public sealed record SingleLetterResult(bool NotFound, byte[]? Pdf, string FileName, string? Error);

// The DPO's download of one person's letter, shared by the person list and the API.
public static class SingleLetter
{
    public static async Task<SingleLetterResult> RenderAsync(NotifierDbContext db, LabAccess access, LetterService letters, LetterTemplateStore templates,
        AuditTrail audit, Guid subjectId, string? language, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(letters);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(audit);
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.Id == subjectId, ct);
        var @case = subject is null ? null : await access.FindCaseForPersonsAsync(subject.ControllerCaseId, ct);
        if (subject is null || @case is null)
        {
            return new(true, null, "", null);
        }

        var template = await templates.CurrentAsync(language ?? "fr", ct);
        var assigned = LetterService.EnsureCode(subject);
        var composition = letters.Compose(letters.Context(@case), subject, template, letters.Today(@case));
        if (composition.Letter is not { } letter)
        {
            return new(false, null, "", PostalBatchLabels.Refusal(composition.Refusal));
        }

        audit.Record("letter.downloaded", "DataSubject", subject.Id, @case.IncidentId, @case.Id,
            $"Courrier individuel téléchargé (modèle {template.Language} v{template.Version})" + (assigned ? ", code attribué" : ""));
        await db.SaveChangesAsync(ct);
        return new(false, LetterService.Render(letter), $"courrier-{@case.Reference}-{subject.LetterCode}.pdf", null);
    }
}

public sealed record CreatePostalBatchesRequest(string? Language, [Range(1, 10_000)] int? Size);

public sealed record AdvancePostalBatchRequest([Required] string State, DateTimeOffset? PostedAt, [MaxLength(PostalBatch.DepositProofMax)] string? DepositProof);

public sealed record PostalReturnsRequest([MaxLength(20_000)] IReadOnlyList<string>? Codes);

public sealed record PostalBatchDto(Guid Id, Guid CaseId, int Number, string Zone, string State, string Language, int TemplateVersion,
    int Letters, int Generated, int Skipped, int Pages, int Sheets, int ProgressPercent, bool Ready, string? Failure,
    DateTimeOffset? CreatedAt, DateTimeOffset? ExportedAt, DateTimeOffset? PrintedAt, DateTimeOffset? PostedAt, string? DepositProof, DateTimeOffset? ClosedAt)
{
    public static PostalBatchDto From(PostalBatch b, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new(b.Id, b.ControllerCaseId, b.Number, PostalBatchLabels.ApiZone(b.Zone), PostalBatchLabels.ApiState(b.State), b.Language, b.TemplateVersion,
            b.LetterCount, b.GeneratedCount, b.SkippedCount, b.PageCount, b.SheetCount, b.ProgressPercent, b.IsGenerated, b.Failure,
            ApiInstant.Local(b.CreatedAtUtc, timeZoneId), ApiInstant.Local(b.ExportedAtUtc, timeZoneId), ApiInstant.Local(b.PrintedAtUtc, timeZoneId),
            ApiInstant.Local(b.PostedAtUtc, timeZoneId), b.DepositProof, ApiInstant.Local(b.ClosedAtUtc, timeZoneId));
    }
}

