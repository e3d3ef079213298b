using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Notifier.Web.Tests.Infrastructure;

// Every test that needs PostgreSQL joins this collection; the cluster is started once per test run (house style §4.9).
[CollectionDefinition("postgres")]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>;

// A throwaway PostgreSQL cluster on 127.0.0.1, in a temporary folder, run as an unprivileged user and removed afterwards.
// NOTIFIER_TEST_POSTGRES (an Npgsql connection string to a server) replaces it; each database then gets a per-run name
// and is dropped at the end, so that a shared server is left as it was found.
public sealed partial class PostgresServer : IAsyncLifetime
{
    public const string ServerVariable = "NOTIFIER_TEST_POSTGRES";
    public const string BinariesVariable = "PG_BIN";

    // PostgreSQL refuses to run as root; the tests run as root on the build machines and in CI.
    private const string UnprivilegedUser = "nobody";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly Lazy<string?> Binaries = new(FindBinaries);

    private readonly HashSet<string> _databases = new(StringComparer.Ordinal);
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private string? _folder;
    private string? _serverConnectionString;
    private Exception? _startFailure;
    private int _stopped;

    // Why PostgreSQL tests cannot run here, or null when they can. Known before any fixture exists (test attributes read it).
    public static string? SkipReason =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable)) || Binaries.Value is not null
            ? null
            : Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } pgBin
                ? $"PostgreSQL server binaries not found in {BinariesVariable}={pgBin} (install postgresql)"
                : "PostgreSQL server binaries not found (install postgresql)";

    // CI must run every provider: there a missing prerequisite fails the test instead of skipping it.
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    // Where the cluster lives (null with an external server); exposed for diagnostics.
    public string? Folder => _folder;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } external)
        {
            _serverConnectionString = external;
            return;
        }

        if (Binaries.Value is not { } bin)
        {
            return;
        }

        try
        {
            _serverConnectionString = await StartClusterAsync(bin);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            // Reported by every test that asks for a database; SQLite rows of the same theories still run.
            _startFailure = e;
            await StopClusterAsync();
        }
    }

    // A connection string to `database`, created on first request. Names are lower-case identifiers.
    public string ConnectionString(string database)
    {
        if (!DatabaseName().IsMatch(database))
        {
            throw new ArgumentException($"'{database}' is not a plain lower-case database name.", nameof(database));
        }

        var server = _serverConnectionString ?? throw new InvalidOperationException(
            _startFailure is not null
                ? $"The throwaway PostgreSQL cluster did not start: {_startFailure.Message}"
                : $"{SkipReason}{(IsCi ? " — CI=true, so this fails instead of being skipped." : "")}",
            _startFailure);

        var builder = new NpgsqlConnectionStringBuilder(server)
        {
            Database = _folder is null ? $"nt_{_runId}_{database}" : database,
            Pooling = true,
        };

        lock (_databases)
        {
            if (_databases.Add(builder.Database))
            {
                using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
                connection.Open();
                Execute(connection, $"DROP DATABASE IF EXISTS \"{builder.Database}\"");
                Execute(connection, $"CREATE DATABASE \"{builder.Database}\" ENCODING 'UTF8' TEMPLATE template0");
            }
        }

        return builder.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_folder is null && _serverConnectionString is { } server)
        {
            await DropDatabasesAsync(server);
        }

        await StopClusterAsync();
    }

    private async Task<string> StartClusterAsync(string bin)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException($"The throwaway cluster needs Linux or macOS; on Windows set {ServerVariable}.");
        }

        var asRoot = Environment.IsPrivilegedProcess;
        // Under /tmp (world-traversable), 0700, owned by the user that runs the server.
        var parent = asRoot ? "/tmp" : Path.GetTempPath();
        _folder = Path.Combine(parent, $"notifier-pg-{_runId}");
        Directory.CreateDirectory(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        if (asRoot)
        {
            await RunAsync("chown", [UnprivilegedUser + ":", _folder], asServerUser: false);
        }

        var data = Path.Combine(_folder, "data");
        var initdb = Path.Combine(bin, "initdb");
        string[] initArgs = ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"];
        var init = await RunAsync(initdb, [.. initArgs, "--locale=C.UTF-8"], asServerUser: asRoot, check: false);
        if (init.ExitCode != 0)
        {
            // Some systems lack the C.UTF-8 locale; the encoding stays UTF-8 either way.
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }

            await RunAsync(initdb, [.. initArgs, "--no-locale"], asServerUser: asRoot);
        }

        var log = Path.Combine(_folder, "server.log");
        var pgCtl = Path.Combine(bin, "pg_ctl");
        for (var attempt = 1; ; attempt++)
        {
            var port = Ports.Free();
            var options = string.Create(CultureInfo.InvariantCulture,
                $"-p {port} -k \"{_folder}\" -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off");
            var start = await RunAsync(pgCtl, ["-D", data, "-o", options, "-w", "-t", "60", "-l", log, "start"], asServerUser: asRoot, check: false);
            if (start.ExitCode == 0)
            {
                return new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1",
                    Port = port,
                    Username = "postgres",
                    Database = "postgres",
                    Pooling = true,
                }.ConnectionString;
            }

            // Another process may have taken the port between probing and binding: try a new one.
            if (attempt == 3)
            {
                var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)";
                throw new InvalidOperationException($"pg_ctl start failed ({start.ExitCode}): {start.Output}\n{serverLog}");
            }
        }
    }

    private async Task StopClusterAsync()
    {
        if (_folder is not { } folder || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var data = Path.Combine(folder, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")) && Binaries.Value is { } bin)
        {
            await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asServerUser: Environment.IsPrivilegedProcess, check: false);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover folder under /tmp is harmless; the server itself is stopped.
        }
    }

    // Last resort when the test host is torn down without disposing fixtures (Ctrl+C): never leave a server running.
    private void OnProcessExit(object? sender, EventArgs e) => StopClusterAsync().GetAwaiter().GetResult();

    private async Task DropDatabasesAsync(string server)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        foreach (var database in _databases)
        {
            Execute(connection, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }


    // PG_BIN if set (and only it); otherwise the highest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl.
    private static string? FindBinaries()
    {
        static bool Usable(string bin) => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl"));

        if (Environment.GetEnvironmentVariable(BinariesVariable) is { Length: > 0 } pgBin)
        {
            return Usable(pgBin) ? pgBin : null;
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(root)
            .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d), out var v) ? v
                : int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0) : null))
            .Where(x => x.Version is not null && Usable(Path.Combine(x.Folder, "bin")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Folder, "bin"))
            .FirstOrDefault();
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, bool asServerUser, bool check = true)
    {
        var info = new ProcessStartInfo
        {
            FileName = asServerUser ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user must be able to enter its working directory.
            WorkingDirectory = _folder ?? Path.GetTempPath(),
        };
        if (asServerUser)
        {
            foreach (var a in new[] { "-u", UnprivilegedUser, "--", file })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(CommandTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
            }
        }

        // pg_ctl leaves the server running with its output in the log file; do not wait on anything it might inherit.
        var output = await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(5))) is Task<string[]> both
            ? string.Concat(await both)
            : "";
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}): {output}");
        }

        return (process.ExitCode, output);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,40}$")]
    private static partial Regex DatabaseName();
}
