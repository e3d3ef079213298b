using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Synthetic;

namespace Notifier.Web.Infrastructure;

// Operator commands that share the web app's configuration:
//   dotnet run --project src/Notifier.Web -- migrate
//   dotnet run --project src/Notifier.Web -- create-user --email a@b.fr --role LabDpo --lab <laboratory id> [--password P] [--name "Nom"]
//   dotnet run --project src/Notifier.Web -- create-api-token --email a@b.fr --name "CI" [--days 90]
//   dotnet run --project src/Notifier.Web -- generate-patients --count 491840 --out patients.csv [--seed 1] [--lab-code L01] [--departments 35,29]
public static class Cli
{
    public static readonly IReadOnlyList<string> Commands = ["migrate", "create-user", "create-api-token", "generate-patients"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var options = Parse(args.Skip(1).ToArray());
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(app),
                "create-user" => await CreateUserAsync(app, options),
                "create-api-token" => await CreateTokenAsync(app, options),
                "generate-patients" => GeneratePatients(options),
                _ => 2,
            };
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app)
    {
        await Database.MigrateAsync(app.Services);
        await using var scope = app.Services.CreateAsyncScope();
        await Startup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<NotifierRole>>());
        Console.WriteLine("Database is up to date.");
        return 0;
    }

    private static async Task<int> CreateUserAsync(WebApplication app, Dictionary<string, string> o)
    {
        var email = Required(o, "email");
        var role = Required(o, "role");
        if (!Roles.All.Contains(role))
        {
            throw new CliException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        }

        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<NotifierDbContext>();
        var users = sp.GetRequiredService<UserManager<NotifierUser>>();
        await Startup.EnsureRolesAsync(sp.GetRequiredService<RoleManager<NotifierRole>>());

        var labs = new List<Guid>();
        foreach (var value in o.TryGetValue("lab", out var l) ? l.Split(',', StringSplitOptions.RemoveEmptyEntries) : [])
        {
            if (!Guid.TryParse(value, out var labId) || !await db.Laboratories.AnyAsync(x => x.Id == labId))
            {
                throw new CliException($"Unknown laboratory id '{value}'.");
            }

            labs.Add(labId);
        }

        if (Roles.IsLabScoped(role) && labs.Count == 0)
        {
            throw new CliException($"Role {role} needs at least one --lab <laboratory id>.");
        }

        var generated = !o.TryGetValue("password", out var password);
        password ??= Passwords.Generate();
        var user = new NotifierUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = o.GetValueOrDefault("name", email),
            CreatedAtUtc = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new CliException(string.Join(Environment.NewLine, result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(user, role);
        db.LabAssignments.AddRange(labs.Select(id => new LabAssignment { UserId = user.Id, LaboratoryId = id }));
        await db.SaveChangesAsync();
        Console.WriteLine($"User {email} created with role {role}.");
        if (generated)
        {
            Console.WriteLine($"Password (shown once): {password}");
        }

        return 0;
    }

    private static async Task<int> CreateTokenAsync(WebApplication app, Dictionary<string, string> o)
    {
        var email = Required(o, "email");
        var name = Required(o, "name");
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<NotifierDbContext>();
        var user = await sp.GetRequiredService<UserManager<NotifierUser>>().FindByEmailAsync(email)
            ?? throw new CliException($"No user with e-mail {email}.");
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        int? days = o.TryGetValue("days", out var d) ? int.Parse(d, CultureInfo.InvariantCulture) : null;
        var (token, _) = ApiTokenIssuer.Issue(db, user.Id, name, days is null ? null : now.AddDays(days.Value), now);
        await db.SaveChangesAsync();
        Console.WriteLine(token);
        return 0;
    }

    private static int GeneratePatients(Dictionary<string, string> o)
    {
        var count = int.Parse(Required(o, "count"), CultureInfo.InvariantCulture);
        var output = Required(o, "out");
        var options = new SyntheticPatientOptions
        {
            Count = count,
            Seed = o.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 1,
            LabCode = o.GetValueOrDefault("lab-code", "L01"),
        };
        if (o.TryGetValue("departments", out var departments))
        {
            options = options with { Departments = departments.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
        }

        // Relative paths are relative to the working directory, which `dotnet run --project` sets to the project folder.
        var path = Path.GetFullPath(output);
        if (Path.GetDirectoryName(path) is { } folder && !Directory.Exists(folder))
        {
            throw new CliException($"Folder not found: {folder}. Give an absolute path or create the folder first.");
        }

        PatientCsv.WriteFile(path, SyntheticPatients.Generate(options));
        Console.WriteLine($"{count} synthetic patients written to {path}.");
        return 0;
    }

    private static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliException($"Unexpected argument '{args[i]}'.");
            }

            var key = args[i][2..];
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliException($"Option --{key} needs a value.");
            }

            result[key] = args[++i];
        }

        return result;
    }

    private static string Required(Dictionary<string, string> o, string key) =>
        o.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new CliException($"Missing --{key}.");

    private sealed class CliException(string message) : Exception(message);
}
