using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;
using Notifier.Web.Features.Letters;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Seeding;

namespace Notifier.Benchmarks;

// Letters end to end through the app (issue 6, "Scale"): the full synthetic case stored in the app's SQLite database
// (491,840 persons over 28 laboratories, encrypted as the import stores them), then — timed — each laboratory's postal
// batches created by PostalBatchService.CreateAsync (persons read and decrypted for the sort) and every batch generated
// by the Hangfire job's body, PostalBatchService.GenerateAsync (codes given, persons read, decrypted, composed, rendered,
// progress saved, ZIP stored in the database), THREADS batches at a time as THREADS Hangfire workers would: each batch
// as soon as it is created, while the next laboratory's batches are being created.
//   letters-db [--count 491840] [--labs 28] [--threads <cores>] [--data DIR]
public static class LettersJobBench
{
    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var count = int.Parse(o.GetValueOrDefault("count", "491840"), CultureInfo.InvariantCulture);
        var labs = int.Parse(o.GetValueOrDefault("labs", "28"), CultureInfo.InvariantCulture);
        var threads = int.Parse(o.GetValueOrDefault("threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var data = Path.GetFullPath(o.GetValueOrDefault("data", Path.Combine(Path.GetTempPath(), "notifier-letters-" + Guid.NewGuid().ToString("N")[..8])));
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "notifier.db");
        var settings = BenchProgram.HostSettings("Sqlite", $"Data Source={database}", data);

        try
        {
            await using var app = BenchProgram.BuildHost(settings, data);
            await Database.MigrateAsync(app.Services);
            Console.WriteLine($"Storing {count:N0} synthetic persons over {labs} laboratories in {database} (not timed)...");
            var prep = Stopwatch.StartNew();
            var cases = await SeedAsync(app.Services, count, labs);
            Console.WriteLine($"  stored in {prep.Elapsed.TotalSeconds:F0} s");

            GC.Collect();
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            var cpuBefore = BenchProgram.CpuSeconds();
            var total = Stopwatch.StartNew();
            // As in the app: each laboratory's batches are created in turn (the mailroom's request), and THREADS
            // Hangfire workers generate every batch as soon as it is enqueued, while the next laboratory's are created.
            var queue = Channel.CreateUnbounded<Guid>();
            var batchCount = 0;
            var done = 0;
            var workers = Enumerable.Range(0, threads).Select(_ => Task.Run(async () =>
            {
                await foreach (var id in queue.Reader.ReadAllAsync())
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<PostalBatchService>().GenerateAsync(id, CancellationToken.None);
                    var n = Interlocked.Increment(ref done);
                    if (n % 50 == 0)
                    {
                        Console.WriteLine($"  {n:N0} batches generated, {total.Elapsed.TotalSeconds:F0} s");
                    }
                }
            })).ToList();
            foreach (var caseId in cases)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var sp = scope.ServiceProvider;
                var @case = await sp.GetRequiredService<NotifierDbContext>().Cases.Include(c => c.Laboratory).FirstAsync(c => c.Id == caseId);
                var created = await sp.GetRequiredService<PostalBatchService>().CreateAsync(@case, "fr", null, null, CancellationToken.None);
                foreach (var batch in created)
                {
                    batchCount++;
                    queue.Writer.TryWrite(batch.Id);
                }
            }

            queue.Writer.Complete();
            var createSeconds = total.Elapsed.TotalSeconds;
            await Task.WhenAll(workers);
            var seconds = total.Elapsed.TotalSeconds;
            var cpu = BenchProgram.CpuSeconds() - cpuBefore;

            await using var check = app.Services.CreateAsyncScope();
            var db = check.ServiceProvider.GetRequiredService<NotifierDbContext>();
            var batches = await db.PostalBatches.AsNoTracking().ToListAsync();
            var letters = batches.Sum(b => b.GeneratedCount - b.SkippedCount);
            var skipped = batches.Sum(b => b.SkippedCount);
            var pages = batches.Sum(b => b.PageCount);
            var zipBytes = await db.PostalBatchFiles.SumAsync(f => (long)f.Zip.Length);
            var notGenerated = batches.Count(b => b.GeneratedAtUtc is null);
            Console.WriteLine();
            Console.WriteLine($"Through the app on SQLite: {letters:N0} letters ({pages:N0} pages, {skipped:N0} refused for manual handling) in {batches.Count:N0} batches, {threads} at a time");
            Console.WriteLine($"  all {batchCount:N0} batches created (persons read, decrypted, sorted; generation already running) after {createSeconds:F1} s; end to end {seconds:F1} s => {letters / seconds:N0} letters/s");
            Console.WriteLine($"  CPU {cpu:F1} s => {letters / cpu:N0} letters per CPU-second, {cpu / seconds:F2} cores busy on average; load average at start {load}, at the end {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")}");
            Console.WriteLine($"  ZIPs stored {zipBytes / 1e6:N0} MB ({zipBytes / (double)Math.Max(1, letters) / 1024:F1} KiB per letter); peak memory {BenchProgram.PeakMemoryBytes() / 1e6:N0} MB");
            if (notGenerated > 0)
            {
                Console.WriteLine($"  {notGenerated} batch(es) NOT generated");
                return 1;
            }

            return 0;
        }
        finally
        {
            if (!o.ContainsKey("keep"))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<List<Guid>> SeedAsync(IServiceProvider services, int count, int labs)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<NotifierDbContext>();
        var cipher = sp.GetRequiredService<FieldCipher>();
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);
        var incident = new Incident(Guid.CreateVersion7(), "BENCH-2021", "Banc d'essai des courriers", now);
        db.Add(incident);
        var cases = new List<Guid>();
        for (var lab = 0; lab < labs; lab++)
        {
            var laboratory = new Laboratory(Guid.CreateVersion7(), $"Laboratoire de biologie médicale n° {lab + 1}")
            {
                Address = new PostalAddress { Line1 = $"{lab + 1} place de la République", PostalCode = "35000", City = "Rennes" },
                Dpo = new ContactPoint { Name = "Délégué à la protection des données", Email = $"dpo{lab + 1}@labo.example", Phone = "02 99 00 00 00" },
            };
            var @case = new ControllerCase(Guid.CreateVersion7(), incident.Id, laboratory.Id, $"BENCH-2021-L{lab + 1:D2}", now);
            db.AddRange(laboratory, @case);
            await db.SaveChangesAsync();
            cases.Add(@case.Id);

            var n = count / labs + (lab < count % labs ? 1 : 0);
            foreach (var chunk in SyntheticPatients.Generate(new SyntheticPatientOptions { Count = n, Seed = lab + 1, LabCode = $"L{lab + 1:D2}" }).Chunk(10_000))
            {
                foreach (var p in chunk)
                {
                    var payload = SyntheticPatientMapping.ToPayload(p);
                    var id = Guid.CreateVersion7();
                    var subject = new DataSubject(id, @case.Id, cipher.SealSubject(id, payload), now);
                    SubjectRecord.Apply(subject, SubjectRecord.Assess(payload, today), new SubjectKeys(null, null, null));
                    db.Subjects.Add(subject);
                }

                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        return cases;
    }
}
