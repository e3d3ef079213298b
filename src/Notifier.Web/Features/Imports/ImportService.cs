using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Imports;

public sealed record ImportUpload(ImportRun? Run, string? Mapping, string? Encoding, string? Error);

public sealed record ImportPreview(
    ImportRun Run,
    CsvEncoding Encoding,
    CsvSniff Sniff,
    ColumnMapping Mapping,
    IReadOnlyList<CsvRow> Rows,
    IReadOnlyList<RowResult> Results,
    int? RowsTotal,
    ImportRun? SameFileImported,
    string? Error);

// What the UI and the API share: receive an upload (streamed, sealed on the fly), preview it, start the job.
public sealed class ImportService(
    NotifierDbContext db,
    FieldCipher cipher,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    IAntiforgery antiforgery,
    AuditTrail audit,
    IOptions<ImportOptions> options)
{
    public const string FileField = "file";
    public const string MappingField = "mapping";
    public const string EncodingField = "encoding";
    private const int FieldMax = ImportRun.MappingMax;

    public ImportOptions Options => options.Value;

    // Reads a multipart/form-data request section by section, so the file goes straight from the socket into sealed
    // segments: never buffered to a temporary file in clear (IFormFile would spool it to disk). When the form carries
    // the antiforgery token (the browser form), it must come before the file; it is validated before the file is read.
    public async Task<ImportUpload> ReceiveAsync(HttpContext http, ControllerCase @case, bool formAntiforgery, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(@case);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.Value.MaxFileBytes + (1024 * 1024);
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return new ImportUpload(null, null, null, "envoyez le fichier en multipart/form-data, dans le champ « file »");
        }

        var reader = new MultipartReader(boundary, http.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var tokenChecked = !formAntiforgery;
        ImportRun? run = null;
        try
        {
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition() && name == FileField)
                {
                    if (!tokenChecked)
                    {
                        return new ImportUpload(null, null, null, "formulaire expiré : rechargez la page et recommencez");
                    }

                    if (run is not null)
                    {
                        return await Discard(run, "un seul fichier par import", ct);
                    }

                    var fileName = ImportFileName.Clean(HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value
                        ?? HeaderUtilities.RemoveQuotes(disposition.FileName).Value);
                    run = new ImportRun(Guid.CreateVersion7(), @case.Id, http.User.UserId() ?? Guid.Empty, fileName, 0, clock.GetUtcNow().UtcDateTime);
                    db.ImportRuns.Add(run);
                    await db.SaveChangesAsync(ct);
                    try
                    {
                        var (size, sha) = await ImportFiles.StoreAsync(db, cipher, run.Id, section.Body, options.Value.MaxFileBytes, ct);
                        run = await db.ImportRuns.FirstAsync(r => r.Id == run.Id, ct);
                        run.FileSize = size;
                        run.Sha256 = sha;
                        await db.SaveChangesAsync(ct);
                    }
                    catch (ImportFileTooLargeException e)
                    {
                        return await Discard(run, $"fichier trop volumineux : {e.MaxBytes / (1024 * 1024)} Mo au plus", ct);
                    }

                    continue;
                }

                if (disposition.IsFormDisposition())
                {
                    var value = await ReadFieldAsync(section, ct);
                    if (value is null)
                    {
                        return run is null
                            ? new ImportUpload(null, null, null, $"champ « {name} » trop long")
                            : await Discard(run, $"champ « {name} » trop long", ct);
                    }

                    if (name == "__RequestVerificationToken" && !tokenChecked)
                    {
                        // The header is where the antiforgery service looks first: it then never reads the form.
                        http.Request.Headers["RequestVerificationToken"] = value;
                        if (!await antiforgery.IsRequestValidAsync(http))
                        {
                            return new ImportUpload(null, null, null, "formulaire expiré : rechargez la page et recommencez");
                        }

                        tokenChecked = true;
                        continue;
                    }

                    fields[name] = value;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return run is null
                ? new ImportUpload(null, null, null, "envoi interrompu ou mal formé : recommencez")
                : await Discard(run, "envoi interrompu ou mal formé : recommencez", ct);
        }

        if (run is null)
        {
            return new ImportUpload(null, null, null, "aucun fichier reçu (champ « file »)");
        }

        if (run.FileSize == 0)
        {
            return await Discard(run, "le fichier est vide", ct);
        }

        return new ImportUpload(run, fields.GetValueOrDefault(MappingField), fields.GetValueOrDefault(EncodingField), null);
    }

    private async Task<ImportUpload> Discard(ImportRun run, string error, CancellationToken ct)
    {
        await db.ImportRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync(ct);
        return new ImportUpload(null, null, null, error);
    }

    public async Task DiscardDraftAsync(ImportRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.State == ImportState.Draft)
        {
            await db.ImportFileSegments.Where(s => s.ImportRunId == run.Id).ExecuteDeleteAsync(ct);
            await db.ImportRuns.Where(r => r.Id == run.Id).ExecuteDeleteAsync(ct);
        }
    }

    private static async Task<string?> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8);
        var buffer = new char[FieldMax + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > FieldMax ? null : new string(buffer, 0, length);
    }

    // The name a form or the API uses for an encoding; TryParseEncoding reads it back.
    public static string EncodingName(CsvEncoding encoding) => encoding switch
    {
        CsvEncoding.Utf8 => "utf-8",
        CsvEncoding.Windows1252 => "windows-1252",
        CsvEncoding.Latin1 => "iso-8859-1",
        _ => "auto",
    };

    // "auto", "utf-8", "windows-1252", "iso-8859-1" (and the enum names); null → Auto.
    public static bool TryParseEncoding(string? value, out CsvEncoding encoding)
    {
        encoding = CsvEncoding.Auto;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        switch (value.Trim().ToLowerInvariant())
        {
            case "auto":
                return true;
            case "utf-8" or "utf8":
                encoding = CsvEncoding.Utf8;
                return true;
            case "windows-1252" or "windows1252" or "cp1252" or "ansi":
                encoding = CsvEncoding.Windows1252;
                return true;
            case "iso-8859-1" or "latin1" or "latin-1" or "iso88591":
                encoding = CsvEncoding.Latin1;
                return true;
            default:
                return false;
        }
    }

    public async Task<ImportPreview> PreviewAsync(ImportRun run, CsvEncoding encoding, string? mappingJson, IDbContextFactory<NotifierDbContext> contexts,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var file = SealedFileStream.Open(contexts, cipher, run);
        var sniff = CsvSource.Sniff(file, encoding);
        var mapping = ImportMappings.Resolve(sniff.Headers, mappingJson);
        var rows = new List<CsvRow>();
        string? error = null;
        try
        {
            foreach (var row in CsvSource.Rows(file, sniff))
            {
                rows.Add(row);
                if (rows.Count >= options.Value.PreviewRows)
                {
                    break;
                }
            }
        }
        catch (InvalidDataException e)
        {
            error = e.Message;
        }

        var total = error is null ? CsvSource.CountRecords(file, sniff) : (int?)null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var results = mapping.IsValid ? rows.Select(r => ImportRow.Validate(r.Line, r.Fields, mapping, today)).ToList() : [];
        var same = run.Sha256 is null ? null : await db.ImportRuns.AsNoTracking()
            .Where(r => r.ControllerCaseId == run.ControllerCaseId && r.Id != run.Id && r.Sha256 == run.Sha256 && r.State == ImportState.Completed)
            .OrderByDescending(r => r.CreatedAtUtc).FirstOrDefaultAsync(ct);
        return new ImportPreview(run, encoding, sniff, mapping, rows, results, total, same, error);
    }

    // Checks the mapping against the file's headers and queues the job. Returns the French errors, or none once queued.
    public async Task<IReadOnlyList<string>> StartAsync(ImportRun run, CsvEncoding encoding, IReadOnlyDictionary<string, string>? mapping,
        IDbContextFactory<NotifierDbContext> contexts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.State != ImportState.Draft)
        {
            return ["cet import a déjà été lancé"];
        }

        var json = mapping is null ? null : JsonSerializer.Serialize(mapping);
        if (json is { Length: > ImportRun.MappingMax })
        {
            return ["correspondance des colonnes trop longue"];
        }

        CsvSniff sniff;
        using (var file = SealedFileStream.Open(contexts, cipher, run))
        {
            sniff = CsvSource.Sniff(file, encoding);
        }

        if (sniff.Headers.Count == 0)
        {
            return ["la première ligne du fichier ne contient aucun en-tête de colonne"];
        }

        if (await db.ImportRuns.AnyAsync(r => r.ControllerCaseId == run.ControllerCaseId && r.Id != run.Id
                && (r.State == ImportState.Queued || r.State == ImportState.Running), ct))
        {
            // Two imports of one lab at once would both create the same persons: one after the other.
            return ["un import est déjà en cours pour ce laboratoire : attendez qu'il se termine"];
        }

        var resolved = ImportMappings.Resolve(sniff.Headers, json);
        if (!resolved.IsValid)
        {
            return resolved.Errors;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        run.RequestedEncoding = encoding.ToString();
        run.MappingJson = json;
        run.State = ImportState.Queued;
        run.QueuedAtUtc = now;
        run.UpdatedAtUtc = now;
        var caseRef = await db.Cases.Where(c => c.Id == run.ControllerCaseId).Select(c => new { c.Reference, c.IncidentId }).FirstAsync(ct);
        audit.Record("import.queued", nameof(ImportRun), run.Id, caseRef.IncidentId, run.ControllerCaseId,
            $"Import {SubjectImporter.Short(run.Id)} du dossier {caseRef.Reference} lancé ({run.FileSize} octets)");
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<ImportJob>(j => j.RunAsync(run.Id, CancellationToken.None));
        return [];
    }
}

// MVC builds every value provider before binding an action's parameters, and the form one reads (and spools to disk)
// the whole multipart body. On the upload actions the body is the file: it must reach ImportService.ReceiveAsync unread.
[AttributeUsage(AttributeTargets.Method)]
public sealed class DisableFormValueModelBindingAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var factories = context.ValueProviderFactories;
        factories.RemoveType<FormValueProviderFactory>();
        factories.RemoveType<FormFileValueProviderFactory>();
        factories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}

// The Hangfire entry point. Failures are recorded on the run by SubjectImporter, so Hangfire does not retry; a job
// interrupted by a shutdown or a crash is handed again to a worker and resumes after the last committed chunk.
public sealed class ImportJob(SubjectImporter importer)
{
    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid importId, CancellationToken ct) => importer.RunAsync(importId, ct);
}
