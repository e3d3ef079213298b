using System.Globalization;
using System.IO.Compression;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Letters;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Pdf;

namespace Notifier.Web.Features.Letters;

public sealed record ReturnsResult(int Recorded, int ToEmail, int Unreachable, int AlreadyRecorded, IReadOnlyList<string> Unknown);

// The mailroom's batches: creation (sorted, split, zones apart), generation (a Hangfire job per batch), the ZIP, the
// states, and returned mail. Addresses and letter codes only: nothing here reads or shows a health field.
public sealed class PostalBatchService(
    NotifierDbContext db,
    FieldCipher cipher,
    LetterService letters,
    LetterTemplateStore templates,
    IOptions<LettersOptions> options,
    IBackgroundJobClient jobs,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<PostalBatchService> logger)
{
    public const int ChunkSize = 200;

    // Who needs a paper letter now: reachable by post (Post, or EmailAndPost — a letter is the rule for health data),
    // not in manual review, not yet queued.
    public IQueryable<DataSubject> AwaitingLetter(Guid caseId) =>
        db.Subjects.Where(s => s.ControllerCaseId == caseId && s.ReviewReason == ReviewReason.None && s.Status == SubjectNotificationStatus.Pending
            && (s.Channel == NotificationChannel.Post || s.Channel == NotificationChannel.EmailAndPost));

    public async Task<IReadOnlyList<PostalBatch>> CreateAsync(ControllerCase @case, string? language, int? size, Guid? userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(@case);
        language = LetterTemplateStore.NormaliseLanguage(language);
        var perBatch = Math.Clamp(size ?? options.Value.BatchSize, 1, 10_000);
        var template = await templates.CurrentAsync(language, ct);
        var now = clock.GetUtcNow().UtcDateTime;

        // Sorting needs the postal code and street, which are encrypted: read the awaiting persons in pages.
        var sorted = new List<(PostalZone Zone, string PostalCode, string Street, Guid Id)>();
        var lastId = Guid.Empty;
        while (true)
        {
            var page = await AwaitingLetter(@case.Id).AsNoTracking().Where(s => s.Id.CompareTo(lastId) > 0).OrderBy(s => s.Id)
                .Select(s => new { s.Id, s.Payload }).Take(2000).ToListAsync(ct);
            foreach (var row in page)
            {
                var p = cipher.OpenSubject(row.Id, row.Payload);
                var address = AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country);
                if (address.NeedsReview)
                {
                    continue;
                }

                var postal = address.PostalCode ?? (p.PostalCode ?? "").Trim().ToUpperInvariant();
                var street = address.Lines.Count >= 2 ? address.Lines[^2] : "";
                sorted.Add((PostalBatch.ZoneOf(address), postal, street, row.Id));
            }

            if (page.Count < 2000)
            {
                break;
            }

            lastId = page[^1].Id;
        }

        sorted.Sort((a, b) =>
        {
            var c = a.Zone.CompareTo(b.Zone);
            c = c != 0 ? c : string.CompareOrdinal(a.PostalCode, b.PostalCode);
            c = c != 0 ? c : string.CompareOrdinal(a.Street, b.Street);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        });

        var number = await db.PostalBatches.Where(b => b.ControllerCaseId == @case.Id).MaxAsync(b => (int?)b.Number, ct) ?? 0;
        var planned = new List<(PostalBatch Batch, List<PostalLetter> Letters)>();
        foreach (var zone in sorted.GroupBy(s => s.Zone))
        {
            foreach (var chunk in zone.Chunk(perBatch))
            {
                var batch = new PostalBatch(Guid.CreateVersion7(), @case.Id, ++number, zone.Key, language, template.Version, now, userId)
                {
                    LetterCount = chunk.Length,
                };
                var rows = new List<PostalLetter>(chunk.Length);
                for (var i = 0; i < chunk.Length; i++)
                {
                    rows.Add(new PostalLetter(Guid.CreateVersion7(), batch.Id, chunk[i].Id, i + 1,
                        zone.Key == PostalZone.Foreign ? "99" : PostalBatch.Departement(chunk[i].PostalCode)));
                }

                planned.Add((batch, rows));
            }
        }

        if (planned.Count == 0)
        {
            return [];
        }

        // One transaction per batch (the batch, its letters, its persons marked queued and given their letter code), then
        // its job: each batch exists whole or not at all, its generation starts while the next one is written, and
        // SQLite's single writer lock is held for a few tens of milliseconds at a time rather than for the whole
        // laboratory, so the workers generating batches are not held up. Persons of a batch that a crash left unwritten
        // are still awaiting a letter. These commits do not wait for the disk; the last one (the audit entry) does, and
        // with it every earlier one, before the mailroom is answered (RelaxedCommits).
        await RelaxedCommits.BeginAsync(db, largeCache: true, ct);
        try
        {
            foreach (var (batch, rows) in planned)
            {
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    db.PostalBatches.Add(batch);
                    await db.SaveChangesAsync(ct);
                    await InsertLettersAsync(rows, ct);
                    await LetterService.QueueWithCodesAsync(db, rows.Select(r => r.DataSubjectId).ToList(), now, ct);
                    await tx.CommitAsync(ct);
                }

                db.ChangeTracker.Clear();

                // Committed first, then enqueued: a lost enqueue is picked up by the sweep (ADR-0004).
                jobs.Enqueue<PostalBatchJob>(j => j.RunAsync(batch.Id, CancellationToken.None));
            }

            await RelaxedCommits.DurableAsync(db, ct);
            audit.Record("postal-batches.created", "ControllerCase", @case.Id, @case.IncidentId, @case.Id,
                $"{planned.Count} lot(s), {sorted.Count} courrier(s), modèle {language} v{template.Version}");
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            await RelaxedCommits.EndAsync(db);
        }

        return planned.Select(p => p.Batch).ToList();
    }

    // The letter rows of new batches, RowsPerInsert to a statement (a full case is half a million rows: tracked one by
    // one, they cost EF Core ~0.15 ms each, most of the creation's time). Plain SQL, the same on the three providers,
    // with the names EF Core gave the table and columns; the values go through EF's type mappings as parameters.
    // 25 rows (125 parameters): SQLite finds each named parameter by a linear search, so the binding cost per row grows
    // with the parameters of the statement (measured: 100 rows 30–37 µs per row, 25 rows 24–30 µs).
    private const int RowsPerInsert = 25;

    private async Task InsertLettersAsync(IReadOnlyList<PostalLetter> letters, CancellationToken ct)
    {
        foreach (var chunk in letters.Chunk(RowsPerInsert))
        {
            var sql = new StringBuilder("INSERT INTO \"PostalLetters\" (\"Id\", \"PostalBatchId\", \"DataSubjectId\", \"Sequence\", \"Departement\", \"Pages\") VALUES ");
            var values = new object[chunk.Length * 5];
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = i * 5;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, 0)");
                values[p] = chunk[i].Id;
                values[p + 1] = chunk[i].PostalBatchId;
                values[p + 2] = chunk[i].DataSubjectId;
                values[p + 3] = chunk[i].Sequence;
                values[p + 4] = chunk[i].Departement;
            }

            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, ct);
        }
    }

    // Renders the batch. The persons' letter codes were given when the batch was created (a person still without one
    // gets it here, committed before the letter is drawn), so every letter drawn carries a code already stored; the
    // letters are drawn in order, ChunkSize at a time with the progress saved after each chunk; then the page counts,
    // the batch's totals and the ZIP (PDF, manifest, summary) are stored in one transaction. Safe to re-run: a generated
    // batch is left alone, codes already given are kept, and the file is written whole or not at all, so no letter is
    // ever produced twice in a batch.
    public async Task GenerateAsync(Guid batchId, CancellationToken ct)
    {
        var batch = await db.PostalBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null || batch.IsGenerated)
        {
            return;
        }

        // The progress (and any code still missing) is committed without waiting for the disk: a power cut can only lose
        // some of it, and the job then starts the batch again (no letter exists before the ZIP's commit, which is
        // durable, and with it every earlier commit of the job).
        await RelaxedCommits.BeginAsync(db, largeCache: false, ct);
        try
        {
            await GenerateAsync(batch, ct);
        }
        finally
        {
            await RelaxedCommits.EndAsync(db);
        }
    }

    private async Task GenerateAsync(PostalBatch batch, CancellationToken ct)
    {
        var batchId = batch.Id;
        var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == batch.ControllerCaseId, ct);
        var template = await templates.VersionAsync(batch.Language, batch.TemplateVersion, ct);
        var context = letters.Context(@case);
        var today = letters.Today(@case);
        // Read without tracking: a thousand letters and their persons tracked cost more to check for changes than to render.
        var rows = await db.PostalLetters.AsNoTracking().Where(l => l.PostalBatchId == batchId).OrderBy(l => l.Sequence).ToListAsync(ct);

        using var pdf = new LetterBatchDocument($"Lot {batch.Number} — {@case.Reference}", forZip: true);
        var manifest = new StringWriter(CultureInfo.InvariantCulture);
        manifest.Write("sequence;code_courrier;ligne1;ligne2;ligne3;ligne4;ligne5;ligne6;ligne7;code_postal;departement;pages\r\n");
        var perDepartement = new SortedDictionary<string, (int Letters, int Pages)>(StringComparer.Ordinal);
        int generated = 0, skipped = 0, pages = 0, sheets = 0;
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            var ids = chunk.Select(l => l.DataSubjectId).ToList();
            var subjects = await ChunkSubjectsAsync(ids, ct);
            if (subjects.Values.Any(s => s.LetterCode is null))
            {
                // Codes are given when the batch is created; a batch created before that (or a person whose code was
                // cleared) gets them here, committed before any letter carrying them is drawn.
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await LetterService.AssignMissingCodesAsync(db, subjects.Values.Where(s => s.LetterCode is null).Select(s => s.Id).ToList(), ct);
                    await tx.CommitAsync(ct);
                }

                subjects = await ChunkSubjectsAsync(ids, ct);
            }

            foreach (var row in chunk)
            {
                var subject = subjects[row.DataSubjectId];
                if (subject.LetterCode is null)
                {
                    // Given above and never taken away: a missing one is a defect, not a reason to print a letter without it.
                    throw new InvalidOperationException($"Person {subject.Id} of batch {batchId} has no letter code.");
                }

                var composition = letters.Compose(context, subject.Id, subject.Payload, subject.ExposedCategories, subject.ReviewReason, subject.LetterCode,
                    template, today);
                if (composition.Letter is not { } letter)
                {
                    // The safety check's rule is kept with the refusal (never the value), for whoever handles it by hand.
                    row.SkipReason = composition.Refusal == LetterRefusal.SafetyCheck ? $"{composition.Refusal}:{composition.Detail}" : composition.Refusal.ToString();
                    if (composition.Refusal == LetterRefusal.SafetyCheck)
                    {
                        logger.LogWarning("Letter {Sequence} of postal batch {BatchId} refused by the safety check ({Rule})", row.Sequence, batchId, composition.Detail);
                    }

                    row.Pages = 0;
                    skipped++;
                    continue;
                }

                row.SkipReason = null;
                row.Pages = pdf.Add(letter);
                pages += row.Pages;
                sheets += (row.Pages + 1) / 2;
                generated++;
                var postal = letter.AddressBlock.Count > 0 ? PostalCodeOf(letter.AddressBlock[^1]) : "";
                WriteManifestLine(manifest, row.Sequence, letter, postal, row.Departement, row.Pages);
                perDepartement[row.Departement] = perDepartement.TryGetValue(row.Departement, out var d) ? (d.Letters + 1, d.Pages + row.Pages) : (1, row.Pages);
            }

            // The progress bar's count: one row, one statement.
            batch.GeneratedCount = generated + skipped;
            await db.SaveChangesAsync(ct);
        }

        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            // A batch whose every letter was left out has no PDF (a PDF without pages is not a document): its manifest and
            // summary say so, and the batch is generated like any other.
            if (generated > 0)
            {
                var pdfEntry = archive.CreateEntry($"lot-{batch.Number:D4}.pdf", CompressionLevel.Fastest);
                await using var s = pdfEntry.Open();
                pdf.Save(s);
            }

            await WriteEntryAsync(archive, "manifest.csv", manifest.ToString(), bom: true);
            await WriteEntryAsync(archive, "summary.txt", Summary(batch, @case, generated, skipped, pages, sheets, perDepartement), bom: false);
        }

        batch.SkippedCount = skipped;
        batch.PageCount = pages;
        batch.SheetCount = sheets;
        batch.GeneratedAtUtc = clock.GetUtcNow().UtcDateTime;
        batch.Failure = null;
        await RelaxedCommits.DurableAsync(db, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The letters' page counts are written per value (one statement for the one-page letters, one for the
            // two-page ones…), not per letter.
            foreach (var group in rows.GroupBy(r => (r.Pages, r.SkipReason)))
            {
                var (pageCount, reason) = group.Key;
                foreach (var letterIds in group.Select(r => r.Id).Chunk(500))
                {
                    await db.PostalLetters.Where(l => letterIds.Contains(l.Id))
                        .ExecuteUpdateAsync(u => u.SetProperty(l => l.Pages, pageCount).SetProperty(l => l.SkipReason, reason), ct);
                }
            }

            // A person whose letter could not be produced is not left waiting for it: back among the persons awaiting a
            // letter (or in manual review), so that the next batch takes them once their record is corrected — and
            // refuses them again, in its list of letters left out, until then.
            foreach (var part in rows.Where(r => r.SkipReason is not null).Select(r => r.DataSubjectId).Chunk(500))
            {
                await db.Subjects.Where(x => part.Contains(x.Id) && x.Status == SubjectNotificationStatus.LetterQueued)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Status, x => x.ReviewReason == ReviewReason.None ? SubjectNotificationStatus.Pending : SubjectNotificationStatus.ManualReview)
                        .SetProperty(x => x.UpdatedAtUtc, batch.GeneratedAtUtc.Value), ct);
            }

            await db.PostalBatchFiles.Where(f => f.PostalBatchId == batchId).ExecuteDeleteAsync(ct);
            db.PostalBatchFiles.Add(new PostalBatchFile(batchId, zip.ToArray(), batch.GeneratedAtUtc.Value));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        logger.LogInformation("Postal batch {BatchId} generated: {Letters} letters, {Pages} pages, {Skipped} skipped", batchId, generated, pages, skipped);
    }

    // The letters a generated batch left out, in batch order, with the person's name and the refusal (the safety check's
    // rule stays in the database; nothing of the value it found exists anywhere): for whoever handles them.
    public async Task<IReadOnlyList<SkippedLetter>> SkippedAsync(Guid batchId, int max, CancellationToken ct)
    {
        var rows = await db.PostalLetters.AsNoTracking().Where(l => l.PostalBatchId == batchId && l.SkipReason != null)
            .OrderBy(l => l.Sequence).Take(max)
            .Join(db.Subjects, l => l.DataSubjectId, x => x.Id, (l, x) => new { l.Sequence, l.SkipReason, x.Id, x.Payload })
            .ToListAsync(ct);
        return rows.Select(r => new SkippedLetter(r.Sequence, Imports.SubjectNames.Display(cipher.OpenSubject(r.Id, r.Payload)),
            Enum.TryParse<LetterRefusal>(r.SkipReason!.Split(':')[0], out var refusal) ? refusal : LetterRefusal.None)).OrderBy(r => r.Sequence).ToList();
    }

    private sealed record ChunkSubject(Guid Id, byte[] Payload, DataCategories ExposedCategories, ReviewReason ReviewReason, string? LetterCode);

    private Task<Dictionary<Guid, ChunkSubject>> ChunkSubjectsAsync(List<Guid> ids, CancellationToken ct) =>
        db.Subjects.Where(s => ids.Contains(s.Id))
            .Select(s => new ChunkSubject(s.Id, s.Payload, s.ExposedCategories, s.ReviewReason, s.LetterCode)).ToDictionaryAsync(s => s.Id, ct);

    private static string PostalCodeOf(string lastLine)
    {
        var first = lastLine.Split(' ', 2)[0];
        return first.Length == 5 && first.All(char.IsAsciiDigit) ? first : "";
    }

    // French Excel: ';', UTF-8 with BOM (added by the caller), CRLF, every cell defused against formula injection.
    public static void WriteManifestLine(TextWriter w, int sequence, Letter letter, string postalCode, string departement, int pages)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(letter);
        w.Write(sequence.ToString(CultureInfo.InvariantCulture));
        w.Write(';');
        w.Write(ErrorReport.Cell(letter.Code));
        for (var i = 0; i < 7; i++)
        {
            w.Write(';');
            w.Write(i < letter.AddressBlock.Count ? ErrorReport.Cell(letter.AddressBlock[i]) : "");
        }

        w.Write(';');
        w.Write(ErrorReport.Cell(postalCode));
        w.Write(';');
        w.Write(ErrorReport.Cell(departement));
        w.Write(';');
        w.Write(pages.ToString(CultureInfo.InvariantCulture));
        w.Write("\r\n");
    }

    private static string Summary(PostalBatch batch, ControllerCase @case, int letters, int skipped, int pages, int sheets,
        SortedDictionary<string, (int Letters, int Pages)> perDepartement)
    {
        var sb = new StringBuilder();
        var zone = batch.Zone switch { PostalZone.Overseas => "outre-mer (97x/98x)", PostalZone.Foreign => "étranger", _ => "métropole" };
        sb.Append(CultureInfo.InvariantCulture, $"Lot {batch.Number} — dossier {@case.Reference} — {@case.Laboratory!.Name}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Zone : {zone}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Modèle de courrier : {batch.Language} version {batch.TemplateVersion}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Courriers : {letters}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Pages : {pages}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Feuilles (recto verso) : {sheets}\r\n");
        if (skipped > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Courriers écartés (la liste et la raison sont sur la page du lot ; ces personnes attendent un prochain lot) : {skipped}\r\n");
        }

        sb.Append("\r\nDépartement;courriers;pages\r\n");
        foreach (var (dep, count) in perDepartement)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{(dep.Length == 0 ? "?" : dep)};{count.Letters};{count.Pages}\r\n");
        }

        return sb.ToString();
    }

    private static async Task WriteEntryAsync(ZipArchive archive, string name, string text, bool bom)
    {
        var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
        await using var s = entry.Open();
        await using var w = new StreamWriter(s, new UTF8Encoding(bom));
        await w.WriteAsync(text);
    }

    public static string ZipName(PostalBatch batch, ControllerCase @case) => $"{@case.Reference}-lot-{batch.Number:D4}.zip";

    public async Task<byte[]?> ZipAsync(PostalBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var file = await db.PostalBatchFiles.AsNoTracking().FirstOrDefaultAsync(f => f.PostalBatchId == batch.Id, ct);
        if (file is null)
        {
            return null;
        }

        var tracked = await db.PostalBatches.FirstAsync(b => b.Id == batch.Id, ct);
        if (tracked.State == PostalBatchState.Created)
        {
            tracked.MarkExported(clock.GetUtcNow().UtcDateTime);
            audit.Record("postal-batch.exported", "PostalBatch", batch.Id, null, batch.ControllerCaseId, $"Lot {batch.Number} téléchargé");
            await db.SaveChangesAsync(ct);
        }

        return file.Zip;
    }

    public async Task<string?> AdvanceAsync(PostalBatch batch, PostalBatchState to, DateTime? postedAtUtc, string? depositProof, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = clock.GetUtcNow().UtcDateTime;
        var error = batch.Advance(to, now, postedAtUtc, depositProof);
        if (error is not null)
        {
            return error;
        }

        audit.Record("postal-batch." + to.ToString().ToLowerInvariant(), "PostalBatch", batch.Id, null, batch.ControllerCaseId,
            $"Lot {batch.Number} : {to}" + (to == PostalBatchState.Posted ? " (preuve de dépôt enregistrée)" : ""));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        if (to == PostalBatchState.Posted)
        {
            var letterIds = db.PostalLetters.Where(l => l.PostalBatchId == batch.Id && l.SkipReason == null && l.Pages > 0).Select(l => l.DataSubjectId);
            await db.Subjects.Where(s => letterIds.Contains(s.Id) && s.Status == SubjectNotificationStatus.LetterQueued)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, SubjectNotificationStatus.LetterPosted).SetProperty(s => s.UpdatedAtUtc, now), ct);
        }

        await tx.CommitAsync(ct);
        return null;
    }

    // Returned mail (NPAI / PND): each code of the case's letters moves its person to the next channel — e-mail if
    // they have an address — or into the case's count of unreachable persons, which feeds the Art. 34(3)(c) decision.
    public async Task<ReturnsResult> RecordReturnsAsync(ControllerCase @case, IEnumerable<string> typed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var now = clock.GetUtcNow().UtcDateTime;
        var unknown = new List<string>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in typed.Select(t => t.Trim()).Where(t => t.Length > 0).Take(20_000))
        {
            if (LetterCodes.Normalise(raw) is { } code)
            {
                codes.Add(code);
            }
            else
            {
                unknown.Add(raw.Length > 40 ? raw[..40] + "…" : raw);
            }
        }

        int recorded = 0, toEmail = 0, unreachable = 0, already = 0;
        foreach (var chunk in codes.Chunk(500))
        {
            var subjects = await db.Subjects.Where(s => s.ControllerCaseId == @case.Id && s.LetterCode != null && chunk.Contains(s.LetterCode)).ToListAsync(ct);
            foreach (var missing in chunk.Except(subjects.Select(s => s.LetterCode!)))
            {
                unknown.Add(LetterCodes.Display(missing));
            }

            var ids = subjects.Select(s => s.Id).ToList();
            var sent = await db.PostalLetters.Where(l => ids.Contains(l.DataSubjectId) && l.Pages > 0)
                .Join(db.PostalBatches.Where(b => b.State >= PostalBatchState.Exported), l => l.PostalBatchId, b => b.Id, (l, b) => l).ToListAsync(ct);
            foreach (var subject in subjects)
            {
                var letter = sent.Where(l => l.DataSubjectId == subject.Id).OrderByDescending(l => l.Id).FirstOrDefault();
                if (letter is null)
                {
                    unknown.Add(LetterCodes.Display(subject.LetterCode!));
                    continue;
                }

                if (letter.ReturnedAtUtc is not null || subject.Status is SubjectNotificationStatus.Unreachable or SubjectNotificationStatus.Returned)
                {
                    already++;
                    continue;
                }

                letter.ReturnedAtUtc = now;
                recorded++;
                if (subject.HasEmail)
                {
                    subject.Channel = NotificationChannel.Email;
                    subject.Status = SubjectNotificationStatus.Returned;
                    toEmail++;
                }
                else
                {
                    subject.Channel = NotificationChannel.None;
                    subject.Status = SubjectNotificationStatus.Unreachable;
                    unreachable++;
                }

                subject.UpdatedAtUtc = now;
            }
        }

        if (recorded > 0)
        {
            audit.Record("postal-returns.recorded", "ControllerCase", @case.Id, @case.IncidentId, @case.Id,
                $"{recorded} retour(s) : {toEmail} vers le courriel, {unreachable} injoignable(s)");
        }

        await db.SaveChangesAsync(ct);
        return new ReturnsResult(recorded, toEmail, unreachable, already, unknown);
    }
}

public sealed class PostalBatchJob(PostalBatchService batches, NotifierDbContext db, ILogger<PostalBatchJob> logger)
{
    [AutomaticRetry(Attempts = 2)]
    public async Task RunAsync(Guid batchId, CancellationToken ct)
    {
        try
        {
            await batches.GenerateAsync(batchId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Postal batch {BatchId} failed", batchId);
            db.ChangeTracker.Clear();
            await db.PostalBatches.Where(b => b.Id == batchId)
                .ExecuteUpdateAsync(u => u.SetProperty(b => b.Failure, "La génération a échoué ; elle sera reprise automatiquement."), ct);
            throw;
        }
    }
}

// The database is the truth (ADR-0004): a batch whose job was lost is enqueued again.
public sealed class PostalBatchSweepJob(NotifierDbContext db, IBackgroundJobClient jobs, TimeProvider clock)
{
    public const string RecurringId = "postal-batch-sweep";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMinutes(-10);
        var stale = await db.PostalBatches.Where(b => b.GeneratedAtUtc == null && b.CreatedAtUtc < cutoff).Select(b => b.Id).ToListAsync(ct);
        foreach (var id in stale)
        {
            jobs.Enqueue<PostalBatchJob>(j => j.RunAsync(id, CancellationToken.None));
        }

        return stale.Count;
    }
}

public sealed record SkippedLetter(int Sequence, string Name, LetterRefusal Refusal);
