using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Laboratories;
using Notifier.Core.Synthetic;
using Notifier.Web.Tests.Infrastructure;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Web.Tests.Cli;

// The operator commands run as a real process (`dotnet Notifier.Web.dll <command>`), configured through environment
// variables only, against a SQLite file that the tests then open directly or serve with a NotifierApp.
public sealed partial class CliTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("notifier-cli-").FullName;

    private string DatabaseFile => Path.Combine(_folder, "cli.db");

    private string ConnectionString => $"Data Source={DatabaseFile}";

    [Fact]
    public async Task Migrate_exits_0_and_leaves_the_file_database_with_its_tables_and_the_four_roles()
    {
        var run = await RunAsync("migrate");

        run.AssertExitCode(0);
        Assert.Contains("Database is up to date.", run.StdOut, StringComparison.Ordinal);
        Assert.True(File.Exists(DatabaseFile), $"No database file at {DatabaseFile}.{run}");

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = await QueryStringsAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table'");
        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "Laboratories", "Incidents", "ControllerCases", "DataSubjects", "ApiTokens", "AuditEntries", "__EFMigrationsHistory" })
        {
            Assert.Contains(table, tables);
        }

        var roles = await QueryStringsAsync(connection, "SELECT Name FROM AspNetRoles");
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), roles.Order(StringComparer.Ordinal));
        Assert.NotEmpty(await QueryStringsAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory"));
    }

    [Fact]
    public async Task Create_user_for_a_lab_scoped_role_without_a_laboratory_exits_2_with_a_clear_message_and_creates_nobody()
    {
        (await RunAsync("migrate")).AssertExitCode(0);

        var run = await RunAsync("create-user", "--email", "x@x.example", "--role", "LabDpo");

        run.AssertExitCode(2);
        Assert.Contains("Role LabDpo needs at least one --lab <laboratory id>.", run.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public async Task Create_user_with_an_unknown_role_exits_2_and_names_the_known_roles()
    {
        (await RunAsync("migrate")).AssertExitCode(0);

        var run = await RunAsync("create-user", "--email", "x@x.example", "--role", "SuperUser");

        run.AssertExitCode(2);
        Assert.Contains("Unknown role 'SuperUser'", run.StdErr, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", Roles.All), run.StdErr, StringComparison.Ordinal);
        Assert.Equal(0, await CountUsersAsync());
    }

    [Fact]
    public async Task A_user_created_by_the_command_gets_a_password_shown_once_that_signs_in_to_the_app()
    {
        var labId = await MigrateAndAddLaboratoryAsync();

        var run = await RunAsync("create-user", "--email", "dpo@x.example", "--role", "LabDpo", "--lab", labId.ToString());

        run.AssertExitCode(0);
        var password = PasswordLine().Match(run.StdOut) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException($"No generated password printed.{run}");
        Assert.Equal(1, Regex.Count(run.StdOut + run.StdErr, Regex.Escape(password)));

        using var app = new NotifierApp(connectionString: ConnectionString);
        using var client = await app.SignInAsync("dpo@x.example", password);
        var home = await client.GetAsync("/Account");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        var (roles, labs) = await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "dpo@x.example");
            var roleNames = await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync();
            var labIds = await db.LabAssignments.Where(a => a.UserId == user.Id).Select(a => a.LaboratoryId).ToListAsync();
            return (roleNames, labIds);
        });
        Assert.Equal(new[] { Roles.LabDpo }, roles);
        Assert.Equal(new[] { labId }, labs);
    }

    [Fact]
    public async Task A_token_created_by_the_command_opens_the_api_and_only_its_hash_is_stored()
    {
        var labId = await MigrateAndAddLaboratoryAsync();
        (await RunAsync("create-user", "--email", "dpo@x.example", "--role", "LabDpo", "--lab", labId.ToString())).AssertExitCode(0);

        var run = await RunAsync("create-api-token", "--email", "dpo@x.example", "--name", "ci");

        run.AssertExitCode(0);
        var token = run.StdOut.Split('\n').Select(l => l.Trim()).SingleOrDefault(l => l.StartsWith(ApiTokens.Scheme, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"No line starting with {ApiTokens.Scheme} printed.{run}");
        Assert.True(ApiTokens.LooksValid(token), $"'{token}' does not look like an API token.");

        using (var app = new NotifierApp(connectionString: ConnectionString))
        {
            using var anonymous = app.CreateClient();
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/incidents")).StatusCode);

            using var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync("/api/v1/incidents");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Every column of every row of ApiTokens, read raw: the hash is there, the secret is not.
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        var cells = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT * FROM ApiTokens";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    cells.Add(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }

        Assert.Contains(ApiTokens.Hash(token), cells);
        var secret = token[ApiToken.PrefixLength..];
        Assert.DoesNotContain(cells, c => c.Contains(token, StringComparison.Ordinal) || c.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_patients_writes_a_utf8_bom_file_with_a_header_and_500_rows_of_valid_nirs()
    {
        var output = Path.Combine(_folder, "patients.csv");

        var run = await RunAsync("generate-patients", "--count", "500", "--out", output, "--seed", "7");

        run.AssertExitCode(0);
        var bytes = await File.ReadAllBytesAsync(output);
        Assert.True(bytes is [0xEF, 0xBB, 0xBF, ..], "The file does not start with a UTF-8 byte-order mark.");
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        var records = ParseCsv(text);

        Assert.Equal(PatientCsv.Columns, records[0]);
        Assert.Equal(501, records.Count);
        var nirColumn = PatientCsv.Columns.ToList().IndexOf("nir");
        Assert.All(records.Skip(1), r => Assert.Equal(PatientCsv.Columns.Count, r.Count));
        var nirs = records.Skip(1).Select(r => r[nirColumn]).Where(n => n.Length > 0).ToList();
        Assert.True(nirs.Count >= 400, $"Only {nirs.Count} of 500 rows have a NIR.");
        Assert.All(nirs, n => Assert.True(NirNumber.IsValid(n), $"Invalid NIR '{n}'."));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task<Guid> MigrateAndAddLaboratoryAsync()
    {
        (await RunAsync("migrate")).AssertExitCode(0);
        var options = new DbContextOptionsBuilder<NotifierDbContext>();
        Notifier.Web.Infrastructure.Database.Configure(options, DatabaseProvider.Sqlite, ConnectionString);
        await using var db = new NotifierDbContext(options.Options);
        var lab = new Laboratory(Guid.CreateVersion7(), "Laboratoire CLI")
        {
            Address = new PostalAddress { Line1 = "1 rue du Test", PostalCode = "35000", City = "Rennes" },
        };
        db.Laboratories.Add(lab);
        await db.SaveChangesAsync();
        return lab.Id;
    }

    private async Task<long> CountUsersAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM AspNetUsers";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> QueryStringsAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private async Task<CliRun> RunAsync(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Notifier.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} not found next to the test assembly.");
        var info = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        info.Environment["Database__Provider"] = "Sqlite";
        info.Environment["Database__ConnectionString"] = ConnectionString;
        info.Environment["DataFolder"] = _folder;
        info.Environment["Encryption__ActiveKeyId"] = "1";
        info.Environment["Encryption__Keys__1"] = NotifierApp.TestKeys.Keys["1"];
        info.Environment["Encryption__BlindIndexKey"] = NotifierApp.TestKeys.BlindIndexKey;
        // EF Core logs every command at Information: keep the output (and assertion messages) readable,
        // but keep the host's lifetime messages, which would show a web server started by mistake.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var timeout = new CancellationTokenSource(ProcessTimeout))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException(
                    $"'{string.Join(' ', arguments)}' did not finish within {ProcessTimeout.TotalSeconds:0} s (did it start the web server?).");
            }
        }

        var run = new CliRun(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
        Assert.False(run.StdOut.Contains("Now listening on", StringComparison.Ordinal) || run.StdOut.Contains("Application started", StringComparison.Ordinal),
            $"'{run.Command}' started the web server.{run}");
        return run;
    }

    // RFC 4180 with ';': quoted fields may hold ';', '"' (doubled) and line breaks; records end with CRLF.
    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == PatientCsv.Delimiter)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && record.Count == 0 && !quoted, "The file does not end with a complete CRLF-terminated record.");
        return records;
    }

    [GeneratedRegex(@"Password \(shown once\): (\S+)")]
    private static partial Regex PasswordLine();

    private sealed record CliRun(string Command, int ExitCode, string StdOut, string StdErr)
    {
        public void AssertExitCode(int expected) =>
            Assert.True(ExitCode == expected, $"'{Command}' exited {ExitCode}, expected {expected}.{this}");

        public override string ToString() => $"{Environment.NewLine}--- stderr ---{Environment.NewLine}{StdErr}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StdOut}";
    }
}
