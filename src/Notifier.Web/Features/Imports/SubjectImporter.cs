using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Imports;

public sealed class ImportOptions
{
    public const string Section = "Imports";

    // Largest accepted upload. 491,840 rows of the canonical format weigh about 130 MB.
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    // Rows per transaction: the unit of progress, of resumption after a crash and of memory use.
    [Range(100, 100_000)]
    public int ChunkRows { get; set; } = 2000;

    [Range(1, 50)]
    public int PreviewRows { get; set; } = 5;
}

// Runs one import end to end (issue 4): read the sealed upload, validate and normalise every row (ImportRow), recognise
// the persons already known in this laboratory (same lab patient id, NIR or identity key, compared by keyed hash) and
// link those known in the incident's other laboratories, seal the payloads and store them with the provider's bulk
// path, chunk by chunk. Each chunk is one transaction holding its persons, its error-report lines and the run's
// counters, so the progress a user sees is exactly what is stored, and a job restarted after a crash resumes at the
// first chunk not committed.
public sealed class SubjectImporter(
    NotifierDbContext db,
    IDbContextFactory<NotifierDbContext> contexts,
    FieldCipher cipher,
    TimeProvider clock,
    AuditTrail audit,
    IOptions<ImportOptions> options,
    ILogger<SubjectImporter> logger)
{
    private readonly Phases _phases = new();

    public async Task RunAsync(Guid importId, CancellationToken ct)
    {
        var run = await db.ImportRuns.FirstOrDefaultAsync(r => r.Id == importId, ct);
        if (run is null || run.State is ImportState.Draft or ImportState.Completed or ImportState.Failed)
        {
            // A draft was never started; a finished run is not run twice (a re-delivered job is a no-op).
            return;
        }

        try
        {
            await ImportAsync(run, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown: Hangfire hands the job to the next server, which resumes after RecordsCommitted.
            throw;
        }
        catch (Exception e)
        {
            // The message shown to the DPO is ours; the exception's is logged by type only, because a database or
            // decoder message could quote a value of the file.
            logger.LogError("Import {ImportId} failed: {ExceptionType} at {StackTrace}", importId, e.GetType().FullName, e.StackTrace);
            await FailAsync(importId, e is InvalidDataException or ImportFileTooLargeException ? e.Message : "erreur interne pendant l'import ; les lignes déjà enregistrées sont conservées, relancez l'import du même fichier pour le terminer (sans doublon)", CancellationToken.None);
        }
        finally
        {
            await RelaxedCommits.EndAsync(db);
        }
    }

    private async Task FailAsync(Guid importId, string message, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var run = await db.ImportRuns.FirstAsync(r => r.Id == importId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        run.State = ImportState.Failed;
        run.Failure = message.Length <= ImportRun.FailureMax ? message : message[..(ImportRun.FailureMax - 1)] + "…";
        run.FinishedAtUtc = now;
        run.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await ImportFiles.DeleteAsync(db, importId, ct);
        await AuditAsync(run, "import.failed", $"Import {Short(run.Id)} échoué après {run.RowsRead} lignes lues", ct);
    }

    private async Task ImportAsync(ImportRun run, CancellationToken ct)
    {
        var @case = await db.Cases.AsNoTracking().Include(c => c.Laboratory).FirstAsync(c => c.Id == run.ControllerCaseId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(LabTime.ToLocal(now, @case.Laboratory!.TimeZoneId).DateTime);

        var stopwatch = Stopwatch.StartNew();
        var allocated = GC.GetTotalAllocatedBytes();
        var paused = GC.GetTotalPauseDuration();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        using var file = SealedFileStream.Open(contexts, cipher, run);
        var encoding = Enum.TryParse<CsvEncoding>(run.RequestedEncoding, out var requested) ? requested : CsvEncoding.Auto;
        var sniff = CsvSource.Sniff(file, encoding);
        var mapping = ImportMappings.Resolve(sniff.Headers, run.MappingJson);
        if (!mapping.IsValid)
        {
            throw new InvalidDataException("correspondance des colonnes invalide : " + string.Join(" ; ", mapping.Errors));
        }

        run.State = ImportState.Running;
        run.StartedAtUtc ??= now;
        run.DetectedEncoding = sniff.EncodingName;
        run.Delimiter = sniff.Delimiter == '\t' ? "tab" : sniff.Delimiter.ToString();
        run.RowsTotal ??= CsvSource.CountRecords(file, sniff);
        run.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);

        // The chunks' commits need not wait for the disk: the job resumes from RecordsCommitted, committed with the rows
        // it counts (RelaxedCommits); the larger page cache keeps the indexes' pages between chunks.
        await RelaxedCommits.BeginAsync(db, largeCache: true, ct);
        var state = await KnownPersons.LoadAsync(db, @case, run.Id, ct);
        state.Reserve(run.RowsTotal ?? 0);
        var chunkRows = options.Value.ChunkRows;
        var writer = SubjectBulkWriter.For(db);
        var skip = run.RecordsCommitted;
        var chunk = new List<CsvRow>(chunkRows);

        // Two stages overlap: while one chunk is written to the database (a task of its own), the next one is read,
        // validated and matched; the write of a chunk starts only when the previous one has committed.
        var writing = Task.CompletedTask;
        try
        {
            foreach (var row in CsvSource.Rows(file, sniff))
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                chunk.Add(row);
                if (chunk.Count == chunkRows)
                {
                    writing = await PrepareChunkAsync(run, @case, state, mapping, today, chunk, writer, writing, ct);
                    chunk = new List<CsvRow>(chunkRows);
                }
            }

            writing = await PrepareChunkAsync(run, @case, state, mapping, today, chunk, writer, writing, ct);
            await writing;
        }
        catch (Exception) when (!writing.IsCompleted)
        {
            // The file failed (e.g. an undecodable byte) while a chunk was being written: let that write finish before
            // the failure is recorded through the same context. Its own outcome does not change the one reported.
            await Task.WhenAny(writing);
            throw;
        }

        var finished = clock.GetUtcNow().UtcDateTime;
        run.State = ImportState.Completed;
        run.RowsTotal = run.RowsRead;
        run.FinishedAtUtc = finished;
        run.UpdatedAtUtc = finished;
        await db.SaveChangesAsync(ct);
        await ImportFiles.DeleteAsync(db, run.Id, ct);
        await AuditAsync(run, "import.completed",
            $"Import {Short(run.Id)} : {run.RowsRead} lignes lues, {run.Imported} personnes créées, {run.Updated} mises à jour, " +
            $"{run.Merged} fusionnées, {run.Rejected} rejetées, {run.FlaggedForReview} à revoir", ct);
        logger.LogInformation(
            "Import {ImportId} completed: {Rows} rows in {Seconds:F1} s (validate {Validate:F1} s, decide {Decide:F1} s, load and wait {Merge:F1} s, seal {Seal:F1} s; write {Write:F1} s, overlapped; {AllocatedMb:F0} MB allocated, GC pauses {GcSeconds:F1} s, collections {Gen0}/{Gen1}/{Gen2})",
            run.Id, run.RowsRead, stopwatch.Elapsed.TotalSeconds, _phases.Validate.TotalSeconds, _phases.Decide.TotalSeconds, _phases.Merge.TotalSeconds,
            _phases.Seal.TotalSeconds, _phases.Write.TotalSeconds, (GC.GetTotalAllocatedBytes() - allocated) / 1e6,
            (GC.GetTotalPauseDuration() - paused).TotalSeconds, GC.CollectionCount(0) - collections[0], GC.CollectionCount(1) - collections[1],
            GC.CollectionCount(2) - collections[2]);
    }

    // Steps 1–4 of a chunk; returns the started write of step 5. Steps 1 and 2 use no database and run while the
    // previous chunk is still being written; step 3 reads stored persons, so it waits for that write to commit.
    private async Task<Task> PrepareChunkAsync(ImportRun run, ControllerCase @case, KnownPersons known, ColumnMapping mapping, DateOnly today,
        List<CsvRow> rows, ISubjectBulkWriter writer, Task previousWrite, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var labId = @case.LaboratoryId;

        var phase = Stopwatch.StartNew();
        // 1. Validate and hash every row, in parallel: pure CPU work.
        var results = new RowResult[rows.Count];
        var keys = new SubjectKeys?[rows.Count];
        // Rented, and every per-chunk collection below sized up front under 85,000 bytes: a large-object-heap array per
        // chunk cost a full garbage collection every few chunks.
        var hashes = ArrayPool<KeyHashes>.Shared.Rent(rows.Count);
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var r = ImportRow.Validate(rows[i].Line, rows[i].Fields, mapping, today);
            results[i] = r;
            keys[i] = r.Payload is { } p ? SubjectRecord.Keys(cipher, labId, p) : null;
            hashes[i] = keys[i] is { } k ? KeyHashes.Of(k) : default;
        });

        _phases.Validate += phase.Elapsed;
        phase.Restart();

        // 2. Decide, in file order, which person each row is: a new one, one of this file, or one already stored.
        var issues = new List<RowIssue>();
        var targets = new Guid[rows.Count];
        var fresh = new Dictionary<Guid, DataSubject>(rows.Count);
        // A new person's keys and the row payload they were computed from in step 1: step 4 reuses them unless a
        // later row of the chunk was merged into that person (three HMACs and the identity folding per row saved).
        var freshRow = new Dictionary<Guid, int>(rows.Count);
        // Stored persons this chunk touches → whether this run had already touched them before this chunk.
        var toLoad = new Dictionary<Guid, bool>();
        var counts = new ChunkCounts();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = results[i];
            issues.AddRange(r.Issues);
            if (rows[i].ExtraCells)
            {
                issues.Add(new RowIssue(rows[i].Line, r.LabPatientId, "(hors en-têtes)", "cellules_en_trop",
                    "cellules au-delà de la dernière colonne d'en-tête : ignorées (vérifiez les séparateurs de la ligne)", IssueSeverity.Warning));
            }

            if (r.Rejected)
            {
                counts.Rejected++;
                continue;
            }

            counts.WithWarnings += r.Issues.Any(x => x.Severity == IssueSeverity.Warning) ? 1 : 0;
            counts.Review += r.ReviewReason != ReviewReason.None ? 1 : 0;
            var k = keys[i]!;
            var h = hashes[i];
            var match = known.Find(h, out var matchedBy);
            if (match is null)
            {
                var id = Guid.CreateVersion7();
                var person = known.CrossLabPerson(h);
                counts.Linked += person is not null ? 1 : 0;
                fresh[id] = new DataSubject(id, @case.Id, [], now) { ImportId = run.Id, PersonId = person ?? id };
                freshRow[id] = i;
                known.Register(id, h, rows[i].Line, touched: true);
                targets[i] = id;
                counts.Imported++;
                continue;
            }

            var target = match.Value;
            targets[i] = target;
            var touched = known.TouchedInThisRun(target, out var firstLine);
            if (!fresh.ContainsKey(target))
            {
                toLoad.TryAdd(target, touched);
            }

            if (touched)
            {
                counts.Merged++;
                issues.Add(new RowIssue(rows[i].Line, r.LabPatientId, MatchColumn(matchedBy), "doublon_fusionne",
                    firstLine > 0
                        ? $"même personne que la ligne {firstLine} ({MatchLabel(matchedBy)}) : les deux lignes sont fusionnées"
                        : $"même personne qu'une ligne déjà enregistrée de ce fichier ({MatchLabel(matchedBy)}) : lignes fusionnées",
                    IssueSeverity.Warning));
            }
            else
            {
                // First row of this file for a person of an earlier import: counted as updated or unchanged below.
                known.Register(target, h, rows[i].Line, touched: true);
            }

            known.Register(target, h, 0, touched: true);
        }

        ArrayPool<KeyHashes>.Shared.Return(hashes);
        _phases.Decide += phase.Elapsed;
        phase.Restart();

        // 3. Load the stored persons this chunk touches, then merge every row into its person, in file order.
        await previousWrite;
        var stored = await LoadStoredAsync(toLoad, ct);
        var payloads = new Dictionary<Guid, SubjectPayload>(rows.Count);
        var correctionKind = mapping.Has("opposition_parents") ? MergeKind.CorrectionWithOpposition : MergeKind.Correction;
        var storedBefore = new Dictionary<Guid, SubjectPayload>();
        foreach (var (id, s) in stored)
        {
            storedBefore[id] = s.Payload;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (results[i].Payload is not { } incoming)
            {
                continue;
            }

            var id = targets[i];
            if (!payloads.TryGetValue(id, out var current))
            {
                if (fresh.ContainsKey(id))
                {
                    payloads[id] = incoming;
                    continue;
                }

                current = stored[id].Payload;
                var kind = stored[id].FromThisRun ? MergeKind.DuplicateInFile : correctionKind;
                payloads[id] = SubjectRecord.Merge(current, incoming, kind);
                continue;
            }

            payloads[id] = SubjectRecord.Merge(current, incoming, MergeKind.DuplicateInFile);
        }

        _phases.Merge += phase.Elapsed;
        phase.Restart();

        // 4. Assess, re-key and seal in parallel.
        var updates = new ConcurrentBag<DataSubject>();
        var unchanged = 0;
        var updated = 0;
        Parallel.ForEach(payloads, new ParallelOptions { CancellationToken = ct }, pair =>
        {
            var (id, payload) = pair;
            // A new person made of one row only: its keys, facts and address block are those step 1 computed.
            var single = freshRow.TryGetValue(id, out var first) && ReferenceEquals(results[first].Payload, payload);
            var assessment = single
                ? SubjectRecord.Assess(results[first].Facts!, results[first].Address)
                : SubjectRecord.Assess(payload, today);
            var k = single ? keys[first]! : SubjectRecord.Keys(cipher, labId, payload);
            if (fresh.TryGetValue(id, out var subject))
            {
                SubjectRecord.Apply(subject, assessment, k);
                subject.Payload = cipher.SealSubject(id, payload);
                return;
            }

            var s = stored[id];
            if (payload == storedBefore[id])
            {
                // Re-importing the same file rewrites nothing.
                if (!s.FromThisRun)
                {
                    Interlocked.Increment(ref unchanged);
                }

                return;
            }

            if (!s.FromThisRun)
            {
                Interlocked.Increment(ref updated);
            }

            var existing = s.ToSubject(@case.Id);
            SubjectRecord.Apply(existing, assessment, k);
            existing.ImportId = run.Id;
            existing.Payload = cipher.SealSubject(id, payload);
            existing.UpdatedAtUtc = now;
            updates.Add(existing);
        });
        counts.Updated = updated;
        counts.Unchanged = unchanged;

        _phases.Seal += phase.Elapsed;

        // Task.Run: the SQLite writer is synchronous and would otherwise run to its end before this method returns.
        var chunkWrite = new ChunkWrite(fresh.Values.ToList(), [.. updates], issues, counts, rows.Count, now);
        return Task.Run(() => WriteChunkAsync(run, chunkWrite, writer, ct), ct);
    }

    // 5. One transaction: persons, error-report lines, counters.
    private async Task WriteChunkAsync(ImportRun run, ChunkWrite chunk, ISubjectBulkWriter writer, CancellationToken ct)
    {
        var phase = Stopwatch.StartNew();
        var (fresh, updates, issues, counts, rowCount, now) = chunk;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await writer.InsertAsync(db, fresh, ct);
        await writer.UpdateAsync(db, updates, ct);
        foreach (var issue in issues)
        {
            db.ImportIssues.Add(new ImportIssue(run.Id, run.IssueCount++, issue.Line, Cap(issue.Column, ImportIssue.ColumnMax),
                Cap(issue.Rule, ImportIssue.RuleMax), issue.Severity, ImportIssueText.Seal(cipher, run.Id, issue.LabPatientId, issue.Message)));
        }

        run.RowsRead += rowCount;
        run.RecordsCommitted += rowCount;
        run.Imported += counts.Imported;
        run.Updated += counts.Updated;
        run.Unchanged += counts.Unchanged;
        run.Merged += counts.Merged;
        run.Rejected += counts.Rejected;
        run.FlaggedForReview += counts.Review;
        run.WithWarnings += counts.WithWarnings;
        run.LinkedAcrossLabs += counts.Linked;
        run.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _phases.Write += phase.Elapsed;

        // Issues are write-only here: dropping them from the tracker keeps the context small over 100 chunks.
        foreach (var entry in db.ChangeTracker.Entries<ImportIssue>().ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private async Task<Dictionary<Guid, StoredSubject>> LoadStoredAsync(Dictionary<Guid, bool> ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, StoredSubject>();
        if (ids.Count == 0)
        {
            return result;
        }

        foreach (var part in ids.Keys.Chunk(1000))
        {
            var rows = await db.Subjects.AsNoTracking().Where(s => part.Contains(s.Id))
                .Select(s => new { s.Id, s.Payload, s.ImportId, s.PersonId, s.Status, s.LetterCode, s.CreatedAtUtc })
                .ToListAsync(ct);
            foreach (var r in rows)
            {
                result[r.Id] = new StoredSubject(r.Id, cipher.OpenSubject(r.Id, r.Payload), r.ImportId, r.PersonId, r.Status, r.LetterCode, r.CreatedAtUtc,
                    FromThisRun: ids[r.Id]);
            }
        }

        return result;
    }

    private async Task AuditAsync(ImportRun run, string action, string summary, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == run.CreatedBy).Select(u => u.Email).FirstOrDefaultAsync(ct);
        var incidentId = await db.Cases.Where(c => c.Id == run.ControllerCaseId).Select(c => c.IncidentId).FirstAsync(ct);
        audit.RecordAs(run.CreatedBy, user ?? "?", action, nameof(ImportRun), run.Id, incidentId, run.ControllerCaseId, summary + $" par {user ?? "?"}");
        await db.SaveChangesAsync(ct);
    }

    private static string MatchColumn(MatchedBy by) => by switch
    {
        MatchedBy.LabPatientId => "lab_patient_id",
        MatchedBy.Nir => "nir",
        _ => "nom",
    };

    private static string MatchLabel(MatchedBy by) => by switch
    {
        MatchedBy.LabPatientId => "même identifiant patient",
        MatchedBy.Nir => "même NIR",
        _ => "même nom, prénom, date de naissance et code postal",
    };

    internal static string Short(Guid id) => id.ToString("N")[..8];

    private static string Cap(string value, int max) => value.Length <= max ? value : value[..max];

    // Where a job's time went, for the completion log line (operators tune Imports:ChunkRows and the database with it).
    private sealed class Phases
    {
        public TimeSpan Validate;
        public TimeSpan Decide;
        public TimeSpan Merge;
        public TimeSpan Seal;
        public TimeSpan Write;

    }

    private sealed record ChunkWrite(List<DataSubject> Fresh, List<DataSubject> Updates, List<RowIssue> Issues, ChunkCounts Counts, int RowCount,
        DateTime Now);

    private sealed class ChunkCounts
    {
        public int Imported;
        public int Updated;
        public int Unchanged;
        public int Merged;
        public int Rejected;
        public int Review;
        public int WithWarnings;
        public int Linked;
    }

    private sealed record StoredSubject(Guid Id, SubjectPayload Payload, Guid? ImportId, Guid? PersonId, SubjectNotificationStatus Status,
        string? LetterCode, DateTime CreatedAtUtc, bool FromThisRun)
    {
        public DataSubject ToSubject(Guid caseId) =>
            new(Id, caseId, [], CreatedAtUtc) { ImportId = ImportId, PersonId = PersonId ?? Id, Status = Status, LetterCode = LetterCode };
    }
}

internal enum MatchedBy
{
    LabPatientId,
    Nir,
    Identity,
}

// The keyed hashes of the persons already known, as 128-bit prefixes so that half a million of them fit in tens of MB.
// In this case: lab patient id, NIR and identity key → subject. In the incident's other cases: NIR and identity key
// → person id (the cross-lab link).
internal sealed class KnownPersons
{
    private readonly Dictionary<UInt128, Guid> _byLab = [];
    private readonly Dictionary<UInt128, Guid> _byNir = [];
    private readonly Dictionary<UInt128, Guid> _byIdentity = [];
    private readonly Dictionary<UInt128, Guid> _personByNir = [];
    private readonly Dictionary<UInt128, Guid> _personByIdentity = [];

    // Subjects this run has created or updated → the file line of their first row (0 when unknown after a restart).
    private readonly Dictionary<Guid, int> _touched = [];

    public static async Task<KnownPersons> LoadAsync(NotifierDbContext db, ControllerCase @case, Guid runId, CancellationToken ct)
    {
        var known = new KnownPersons();
        var own = db.Subjects.AsNoTracking().Where(s => s.ControllerCaseId == @case.Id)
            .Select(s => new { s.Id, s.LabPatientIdIndex, s.NirIndex, s.IdentityIndex, s.ImportId })
            .AsAsyncEnumerable();
        await foreach (var s in own.WithCancellation(ct))
        {
            known.Register(s.Id, KeyHashes.Of(new SubjectKeys(s.LabPatientIdIndex, s.NirIndex, s.IdentityIndex)), 0, touched: s.ImportId == runId);
        }

        var others = db.Subjects.AsNoTracking()
            .Where(s => s.ControllerCaseId != @case.Id && db.Cases.Any(c => c.Id == s.ControllerCaseId && c.IncidentId == @case.IncidentId))
            .Where(s => s.NirIndex != null || s.IdentityIndex != null)
            .Select(s => new { s.Id, s.NirIndex, s.IdentityIndex, s.PersonId })
            .AsAsyncEnumerable();
        await foreach (var s in others.WithCancellation(ct))
        {
            var person = s.PersonId ?? s.Id;
            if (KeyHashes.Hash(s.NirIndex) is { } n)
            {
                known._personByNir.TryAdd(n, person);
            }

            if (KeyHashes.Hash(s.IdentityIndex) is { } i)
            {
                known._personByIdentity.TryAdd(i, person);
            }
        }

        return known;
    }

    // Sized once for the whole file: growing by doubling would reallocate these large arrays ~20 times, each time on
    // the large-object heap, which costs a full garbage collection.
    public void Reserve(long rows)
    {
        var extra = (int)Math.Min(rows, 10_000_000);
        _byLab.EnsureCapacity(_byLab.Count + extra);
        _byNir.EnsureCapacity(_byNir.Count + extra);
        _byIdentity.EnsureCapacity(_byIdentity.Count + extra);
        _touched.EnsureCapacity(_touched.Count + extra);
    }

    public Guid? Find(KeyHashes keys, out MatchedBy by)
    {
        if (keys.Lab is { } l && _byLab.TryGetValue(l, out var a))
        {
            by = MatchedBy.LabPatientId;
            return a;
        }

        if (keys.Nir is { } n && _byNir.TryGetValue(n, out var b))
        {
            by = MatchedBy.Nir;
            return b;
        }

        by = MatchedBy.Identity;
        return keys.Identity is { } i && _byIdentity.TryGetValue(i, out var c) ? c : null;
    }

    public Guid? CrossLabPerson(KeyHashes keys)
    {
        if (keys.Nir is { } n && _personByNir.TryGetValue(n, out var a))
        {
            return a;
        }

        return keys.Identity is { } i && _personByIdentity.TryGetValue(i, out var b) ? b : null;
    }

    // First registration of a key wins: a second person with the same key is matched to the first, never re-pointed.
    public void Register(Guid subject, KeyHashes keys, int line, bool touched)
    {
        if (keys.Lab is { } l)
        {
            _byLab.TryAdd(l, subject);
        }

        if (keys.Nir is { } n)
        {
            _byNir.TryAdd(n, subject);
        }

        if (keys.Identity is { } i)
        {
            _byIdentity.TryAdd(i, subject);
        }

        if (touched && (!_touched.TryGetValue(subject, out var first) || first == 0))
        {
            _touched[subject] = line;
        }
    }

    public bool TouchedInThisRun(Guid subject, out int firstLine) => _touched.TryGetValue(subject, out firstLine);

}

// The 128-bit prefixes of a person's keyed hashes, computed once per row in the parallel step.
internal readonly record struct KeyHashes(UInt128? Lab, UInt128? Nir, UInt128? Identity)
{
    public static KeyHashes Of(SubjectKeys keys) => new(Hash(keys.Lab), Hash(keys.Nir), Hash(keys.Identity));

    public static UInt128? Hash(string? blindIndex)
    {
        if (blindIndex is null)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[33];
        return Convert.TryFromBase64String(blindIndex, bytes, out var written) && written >= 16
            ? BinaryPrimitives.ReadUInt128LittleEndian(bytes)
            : null;
    }
}

// The lab patient id and the message of an error-report line, sealed together (they may quote a value of the file).
public static class ImportIssueText
{
    private const char Separator = '\u001f';

    public static byte[] Seal(FieldCipher cipher, Guid importId, string? labPatientId, string message)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        return cipher.Seal(Encoding.UTF8.GetBytes((labPatientId ?? "") + Separator + message), importId.ToByteArray());
    }

    public static (string? LabPatientId, string Message) Open(FieldCipher cipher, Guid importId, byte[] sealedText)
    {
        ArgumentNullException.ThrowIfNull(cipher);
        var text = Encoding.UTF8.GetString(cipher.Open(sealedText, importId.ToByteArray()));
        var at = text.IndexOf(Separator, StringComparison.Ordinal);
        var id = at > 0 ? text[..at] : null;
        return (id, at >= 0 ? text[(at + 1)..] : text);
    }
}

// The mapping a run uses: the one the user gave (JSON canonical → header), else the detected one.
public static class ImportMappings
{
    public static ColumnMapping Resolve(IReadOnlyList<string> headers, string? mappingJson)
    {
        if (string.IsNullOrWhiteSpace(mappingJson))
        {
            return HeaderMapping.Detect(headers);
        }

        var explicitMapping = JsonSerializer.Deserialize<Dictionary<string, string>>(mappingJson) ?? [];
        return ColumnMapping.FromExplicit(explicitMapping, headers);
    }

    // Parses the API's or the form's mapping; null with a French message when it is not a JSON object of strings.
    public static Dictionary<string, string>? Parse(string? json, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
            if (parsed is null)
            {
                error = "correspondance vide";
            }

            return parsed;
        }
        catch (JsonException)
        {
            error = "correspondance illisible : un objet JSON {\"colonne_canonique\": \"en-tête du fichier\"} est attendu";
            return null;
        }
    }
}
