using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Protection;
using Notifier.Core.Synthetic;
using Notifier.Web.Features.Imports;
using Notifier.Web.Infrastructure;
using Npgsql;

namespace Notifier.Benchmarks;

// The import benchmark of issue 4 ("Scale"), driven by bench/import.sh and documented in docs/benchmarks.md.
//   generate --count 491840 --out FILE [--seed 1] [--lab-code L01]
//   import   --provider sqlite|postgresql --connection CS --file FILE --result JSON [--data DIR] [--chunk-rows N]
//   loader   --provider sqlite|postgresql --connection CS --file FILE --result JSON
//   summary  --results DIR
// Each `import` runs in a process of its own so that its peak memory is its own.
public static class BenchProgram
{
    public const int Rows = 491_840;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        // GCDIAG=1: counts of collections by depth and reason, and the types that allocate most (sampled every ~100 KB).
        using var gcl = Environment.GetEnvironmentVariable("GCDIAG") == "1" ? new GcDiag() : null;
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: Notifier.Benchmarks generate|import|loader|summary|letters|email [--option value]...");
            return 2;
        }

        var o = Parse(args.Skip(1).ToArray());
        return args[0] switch
        {
            "generate" => Generate(o),
            "import" => await ImportAsync(o),
            "loader" => await LoaderAsync(o),
            "summary" => Summary(o),
            "letters" => await LettersBench.RunAsync(o),
            "letters-db" => await LettersJobBench.RunAsync(o),
            "email" => await EmailBench.RunAsync(o),
            _ => 2,
        };
    }

    // The same calls as the app's `generate-patients` command (Cli.GeneratePatients): one laboratory's file.
    private static int Generate(Dictionary<string, string> o)
    {
        var options = new SyntheticPatientOptions
        {
            Count = int.Parse(o.GetValueOrDefault("count", Rows.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture),
            Seed = int.Parse(o.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture),
            LabCode = o.GetValueOrDefault("lab-code", "L01"),
        };
        var path = Path.GetFullPath(Required(o, "out"));
        var stopwatch = Stopwatch.StartNew();
        PatientCsv.WriteFile(path, SyntheticPatients.Generate(options));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Count} synthetic patients written to {path} ({new FileInfo(path).Length / 1e6:F1} MB) in {stopwatch.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    // End to end through the app's own code: host with the app's registrations, migrations, a lab, an incident, a case
    // and a DPO; the upload sealed into segments (ImportFiles.StoreAsync, as ImportService.ReceiveAsync does it), the
    // run queued (ImportService.StartAsync, which checks the mapping), then the Hangfire job's body
    // (SubjectImporter.RunAsync) called in-process.
    private static async Task<int> ImportAsync(Dictionary<string, string> o)
    {
        var provider = Provider(o);
        var file = Path.GetFullPath(Required(o, "file"));
        var connection = Required(o, "connection");
        var data = Path.GetFullPath(o.GetValueOrDefault("data", Path.Combine(Path.GetTempPath(), "notifier-bench-" + Guid.NewGuid().ToString("N")[..8])));
        Directory.CreateDirectory(data);

        var settings = HostSettings(provider == DatabaseProvider.Sqlite ? "Sqlite" : "PostgreSql", connection, data);
        settings["Logging:LogLevel:Notifier"] = "Information";
        if (o.TryGetValue("chunk-rows", out var chunkRows))
        {
            settings["Imports:ChunkRows"] = chunkRows;
        }

        var total = Stopwatch.StartNew();
        await using var app = BuildHost(settings, data);
        await Database.MigrateAsync(app.Services);
        var (caseId, userId) = await SeedAsync(app);
        var setup = total.Elapsed;

        // 1. Upload: the file sealed into 1 MiB segments, as ImportService.ReceiveAsync stores a request body.
        var store = Stopwatch.StartNew();
        Guid importId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<NotifierDbContext>();
            var cipher = sp.GetRequiredService<FieldCipher>();
            var imports = sp.GetRequiredService<ImportService>();
            var clock = sp.GetRequiredService<TimeProvider>();
            var run = new ImportRun(Guid.CreateVersion7(), caseId, userId, Path.GetFileName(file), 0, clock.GetUtcNow().UtcDateTime);
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync();
            await using (var upload = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                var (size, sha) = await ImportFiles.StoreAsync(db, cipher, run.Id, upload, imports.Options.MaxFileBytes, CancellationToken.None);
                run = await db.ImportRuns.FirstAsync(r => r.Id == run.Id);
                run.FileSize = size;
                run.Sha256 = sha;
                await db.SaveChangesAsync();
            }

            store.Stop();

            // 2. Start: mapping checked against the headers, state Queued, job enqueued (no Hangfire worker runs here).
            var errors = await imports.StartAsync(run, CsvEncoding.Auto, null, sp.GetRequiredService<IDbContextFactory<NotifierDbContext>>(), CancellationToken.None);
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("StartAsync refused the file: " + string.Join(" ; ", errors));
                return 1;
            }

            importId = run.Id;
        }

        var queued = total.Elapsed;

        // 3. The job body, timed on its own.
        var cpuBefore = CpuSeconds();
        var job = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SubjectImporter>().RunAsync(importId, CancellationToken.None);
        }

        job.Stop();
        var jobCpu = CpuSeconds() - cpuBefore;
        total.Stop();

        ImportRun final;
        int stored;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
            final = await db.ImportRuns.AsNoTracking().FirstAsync(r => r.Id == importId);
            stored = await db.Subjects.CountAsync(s => s.ControllerCaseId == caseId);
        }

        var peak = PeakMemoryBytes();
        var result = new BenchResult
        {
            Kind = "import",
            Provider = ProviderName(provider),
            Rows = final.RowsRead,
            SetupSeconds = setup.TotalSeconds,
            StoreSeconds = store.Elapsed.TotalSeconds,
            StartSeconds = (queued - setup - store.Elapsed).TotalSeconds,
            JobSeconds = job.Elapsed.TotalSeconds,
            ImportSeconds = store.Elapsed.TotalSeconds + (queued - setup - store.Elapsed).TotalSeconds + job.Elapsed.TotalSeconds,
            JobCpuSeconds = jobCpu,
            PeakMemoryBytes = peak,
            State = final.State.ToString(),
            Failure = final.Failure,
            Imported = final.Imported,
            Merged = final.Merged,
            Rejected = final.Rejected,
            FlaggedForReview = final.FlaggedForReview,
            WithWarnings = final.WithWarnings,
            Issues = final.IssueCount,
            StoredSubjects = stored,
            FileBytes = new FileInfo(file).Length,
            ChunkRows = app.Services.GetRequiredService<IOptions<ImportOptions>>().Value.ChunkRows,
            ServerGc = System.Runtime.GCSettings.IsServerGC,
        };
        await WriteResultAsync(o, result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Provider} import: {result.State}, {result.Rows} rows ({result.Imported} created, {result.Merged} merged, {result.Rejected} rejected, " +
            $"{result.FlaggedForReview} to review, {result.Issues} issue lines, {stored} stored); upload {result.StoreSeconds:F1} s, " +
            $"start {result.StartSeconds:F1} s, job {result.JobSeconds:F1} s (CPU {result.JobCpuSeconds:F1} s), total {result.ImportSeconds:F1} s, {result.RowsPerSecond:F0} rows/s, " +
            $"peak {result.PeakMemoryBytes / 1e6:F0} MB ({result.PeakMemoryBytes / 1048576.0:F0} MiB)"));
        return final.State == ImportState.Completed && final.RowsRead > 0 ? 0 : 1;
    }

    // The app's settings for a benchmark host: fresh keys, no Hangfire worker, no demo, mail to a folder, quiet logs.
    internal static Dictionary<string, string?> HostSettings(string provider, string connection, string data)
    {
        var keys = Protection.NewKeys();
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider,
            ["Database:ConnectionString"] = connection,
            ["Database:ApplyMigrationsOnStartup"] = "false",
            ["DataFolder"] = data,
            ["Encryption:ActiveKeyId"] = "1",
            ["Encryption:Keys:1"] = keys.Keys["1"],
            ["Encryption:BlindIndexKey"] = keys.BlindIndexKey,
            ["Jobs:Worker"] = "false",
            ["Demo:Enabled"] = "false",
            ["Email:Transport"] = "Pickup",
            ["Email:From"] = "Notifier <notifier@localhost>",
            ["Email:PickupFolder"] = Path.Combine(data, "mail"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Error",
        };
    }

    // The registrations of src/Notifier.Web/Program.cs, without the HTTP pipeline: the same services the job gets.
    internal static WebApplication BuildHost(Dictionary<string, string?> settings, string contentRoot)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = contentRoot,
            ApplicationName = typeof(ImportService).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNotifier();
        return builder.Build();
    }

    // One laboratory, one incident, its case and the laboratory's DPO (who "uploads" the file).
    private static async Task<(Guid CaseId, Guid UserId)> SeedAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await Startup.EnsureRolesAsync(sp.GetRequiredService<RoleManager<NotifierRole>>());
        var db = sp.GetRequiredService<NotifierDbContext>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var lab = new Laboratory(Guid.CreateVersion7(), "Laboratoire Banc d'Essai")
        {
            Address = new PostalAddress { Line1 = "1 rue du Banc", PostalCode = "35000", City = "Rennes" },
        };
        var incident = new Incident(Guid.CreateVersion7(), "BENCH-2021", "Banc d'essai de l'import", now);
        var @case = new ControllerCase(Guid.CreateVersion7(), incident.Id, lab.Id, "BENCH-2021-L01", now);
        db.AddRange(lab, incident, @case);
        await db.SaveChangesAsync();

        var users = sp.GetRequiredService<UserManager<NotifierUser>>();
        var email = "dpo@bench.example";
        var user = new NotifierUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "DPO banc d'essai", CreatedAtUtc = now };
        var created = await users.CreateAsync(user, Passwords.Generate());
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, Roles.LabDpo);
        db.LabAssignments.Add(new LabAssignment { UserId = user.Id, LaboratoryId = lab.Id });
        await db.SaveChangesAsync();
        return (@case.Id, user.Id);
    }

    // The database's own bulk loader on the same raw file, into a plain table of text columns: the reference.
    private static async Task<int> LoaderAsync(Dictionary<string, string> o)
    {
        var provider = Provider(o);
        var file = Path.GetFullPath(Required(o, "file"));
        var connection = Required(o, "connection");
        var columns = string.Join(", ", PatientCsv.Columns.Select(c => $"\"{c}\" text"));
        TimeSpan elapsed;
        long loaded;
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.GetFullPath(connection);
            foreach (var leftover in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(leftover);
            }

            // Same storage settings as the app's database: a file in WAL mode.
            await RunToolAsync("sqlite3", [path, "PRAGMA journal_mode=WAL;", $"CREATE TABLE patients_raw ({columns});"], null);
            // .import reads the file itself (one transaction); --skip 1 drops the header line.
            var stopwatch = Stopwatch.StartNew();
            await RunToolAsync("sqlite3", [path, ".mode csv", ".separator ;", $".import --skip 1 '{file}' patients_raw"], null);
            elapsed = stopwatch.Elapsed;
            var count = await RunToolAsync("sqlite3", [path, "SELECT count(*) FROM patients_raw;"], null);
            loaded = long.Parse(count.Trim(), CultureInfo.InvariantCulture);
        }
        else
        {
            var csb = new NpgsqlConnectionStringBuilder(connection);
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                await using var create = new NpgsqlCommand($"DROP TABLE IF EXISTS patients_raw; CREATE TABLE patients_raw ({columns});", db);
                await create.ExecuteNonQueryAsync();
            }

            // psql streams the file to COPY ... FROM STDIN; the server parses the CSV.
            var environment = new Dictionary<string, string?>
            {
                ["PGHOST"] = csb.Host, ["PGPORT"] = csb.Port.ToString(CultureInfo.InvariantCulture), ["PGUSER"] = csb.Username,
                ["PGDATABASE"] = csb.Database, ["PGPASSWORD"] = csb.Password,
            };
            var stopwatch = Stopwatch.StartNew();
            await RunToolAsync("psql", ["-v", "ON_ERROR_STOP=1", "-q", "-c", "COPY patients_raw FROM STDIN (FORMAT csv, DELIMITER ';', HEADER)"], environment, stdinFile: file);
            elapsed = stopwatch.Elapsed;
            await using var db2 = new NpgsqlConnection(connection);
            await db2.OpenAsync();
            await using var count = new NpgsqlCommand("SELECT count(*) FROM patients_raw", db2);
            loaded = (long)(await count.ExecuteScalarAsync())!;
        }

        var result = new BenchResult
        {
            Kind = "loader",
            Provider = ProviderName(provider),
            Rows = (int)loaded,
            ImportSeconds = elapsed.TotalSeconds,
            FileBytes = new FileInfo(file).Length,
        };
        await WriteResultAsync(o, result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Provider} loader: {loaded} rows in {elapsed.TotalSeconds:F1} s, {result.RowsPerSecond:F0} rows/s"));
        return 0;
    }

    private static int Summary(Dictionary<string, string> o)
    {
        var results = Directory.EnumerateFiles(Required(o, "results"), "*.json")
            .Select(f => JsonSerializer.Deserialize<BenchResult>(File.ReadAllText(f))!)
            .ToList();
        var providers = results.Select(r => r.Provider).Distinct().OrderByDescending(p => p, StringComparer.Ordinal).ToList();
        var lines = new List<string>
        {
            "| Database | Rows | Upload (s) | Job (s) | Job CPU (s) | Total (s) | Rows/s | Peak memory (MB) | Loader (s) | Loader rows/s | Total / loader | Job / loader |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        };
        var ok = true;
        foreach (var provider in providers)
        {
            var import = results.FirstOrDefault(r => r.Provider == provider && r.Kind == "import");
            var loader = results.FirstOrDefault(r => r.Provider == provider && r.Kind == "loader");
            string F(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "—";
            lines.Add($"| {provider} | {F(import?.Rows, "N0")} | {F(import?.StoreSeconds, "F1")} | {F(import?.JobSeconds, "F1")} | {F(import?.JobCpuSeconds, "F1")} | " +
                $"{F(import?.ImportSeconds, "F1")} | {F(import?.RowsPerSecond, "N0")} | {F(import?.PeakMemoryBytes / 1e6, "F0")} | " +
                $"{F(loader?.ImportSeconds, "F1")} | {F(loader?.RowsPerSecond, "N0")} | " +
                $"{F(import is null || loader is null ? null : import.ImportSeconds / loader.ImportSeconds, "F1")}× | " +
                $"{F(import is null || loader is null ? null : import.JobSeconds / loader.ImportSeconds, "F1")}× |");
            if (import is not null)
            {
                var targets = new List<string>();
                targets.Add(import.ImportSeconds < 30 ? "time OK (< 30 s)" : "time MISSED (≥ 30 s)");
                targets.Add(import.PeakMemoryBytes < 500L * 1000 * 1000 ? "memory OK (< 500 MB)" : "memory MISSED (≥ 500 MB)");
                if (loader is not null)
                {
                    targets.Add(import.ImportSeconds <= 4 * loader.ImportSeconds ? "ratio OK (≤ 4×)" : "ratio MISSED (> 4×)");
                }

                lines.Add($"|   targets: {string.Join(", ", targets)} | | | | | | | | | | | |");
                ok &= import.State == nameof(ImportState.Completed);
            }
        }

        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        return ok ? 0 : 1;
    }

    // User + system time of every thread of this process: less sensitive than wall time to other work on the machine.
    internal static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    // VmHWM: the process's peak resident set (what Process.PeakWorkingSet64 reads on Linux).
    internal static long PeakMemoryBytes()
    {
        if (File.Exists("/proc/self/status"))
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }

    private static async Task<string> RunToolAsync(string tool, IReadOnlyList<string> arguments, Dictionary<string, string?>? environment, string? stdinFile = null)
    {
        var info = new ProcessStartInfo
        {
            FileName = tool,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdinFile is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using (var input = new FileStream(stdinFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                await input.CopyToAsync(process.StandardInput.BaseStream, 1 << 16);
            }

            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0 || errors.Length > 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {errors}");
        }

        return output;
    }

    private static async Task WriteResultAsync(Dictionary<string, string> o, BenchResult result)
    {
        if (o.TryGetValue("result", out var path))
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, Json));
        }
    }

    private static DatabaseProvider Provider(Dictionary<string, string> o) => Required(o, "provider").ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
        var other => throw new ArgumentException($"Unknown provider '{other}' (sqlite or postgresql)."),
    };

    private static string ProviderName(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite ? "SQLite" : "PostgreSQL";

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            result[args[i][2..]] = args[i + 1];
        }

        return result;
    }

    private static string Required(Dictionary<string, string> o, string key) =>
        o.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new ArgumentException($"Missing --{key}.");
}

public sealed class BenchResult
{
    public string Kind { get; set; } = "";
    public string Provider { get; set; } = "";
    public int Rows { get; set; }
    public double SetupSeconds { get; set; }
    public double StoreSeconds { get; set; }
    public double StartSeconds { get; set; }
    public double JobSeconds { get; set; }
    public double JobCpuSeconds { get; set; }

    // Import: upload + start + job. Loader: the loader's run.
    public double ImportSeconds { get; set; }
    public double RowsPerSecond => ImportSeconds > 0 ? Rows / ImportSeconds : 0;
    public long PeakMemoryBytes { get; set; }
    public string? State { get; set; }
    public string? Failure { get; set; }
    public int Imported { get; set; }
    public int Merged { get; set; }
    public int Rejected { get; set; }
    public int FlaggedForReview { get; set; }
    public int WithWarnings { get; set; }
    public int Issues { get; set; }
    public int StoredSubjects { get; set; }
    public long FileBytes { get; set; }
    public int ChunkRows { get; set; }
    public bool ServerGc { get; set; }
}

// GCDIAG=1 (see docs/benchmarks.md): garbage collections by depth, reason and type (blocking or background), and the
// types that allocate most, from the runtime's own events. Printed on stderr when the command ends.
internal sealed class GcDiag : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)1;
    private readonly ConcurrentDictionary<string, int> _counts = new();

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName is null || e.Payload is null)
        {
            return;
        }

        if (e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
        {
            var heap = Convert.ToInt32(e.Payload[1], CultureInfo.InvariantCulture) == 1 ? "LOH" : "SOH";
            _counts.AddOrUpdate($"{heap} {e.Payload[5]} (x100 KB)", 1, (_, v) => v + 1);
        }
        else if (e.EventName.StartsWith("GCStart", StringComparison.Ordinal))
        {
            _counts.AddOrUpdate($"collection depth={e.Payload[1]} reason={e.Payload[2]} type={e.Payload[3]}", 1, (_, v) => v + 1);
        }
    }

    public override void Dispose()
    {
        foreach (var (what, count) in _counts.OrderByDescending(k => k.Value).Take(40))
        {
            Console.Error.WriteLine($"GC {what}: {count}");
        }

        base.Dispose();
    }
}
