using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Web.Features.Api;
using Notifier.Web.Features.Deadlines;
using Notifier.Web.Features.Dossier;
using Notifier.Web.Features.EmailCampaigns;
using Notifier.Web.Features.Imports;
using Notifier.Web.Features.Letters;
using Notifier.Web.Infrastructure.Seeding;

namespace Notifier.Web.Infrastructure;

public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string AdminEmail { get; set; } = "";
    public string AdminPassword { get; set; } = "";
}

// What runs once before the app serves: migrations (when configured), roles, the first admin, the demo incident.
public static class Startup
{
    // Every service of the app, in one place: the web host (Program.cs) and the import benchmark build the same set.
    public static WebApplicationBuilder AddNotifier(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNotifierDatabase();
        builder.AddNotifierProtection();
        builder.AddNotifierIdentity();
        builder.AddNotifierLocalization();
        builder.AddNotifierMvc();
        builder.AddNotifierApi();
        builder.AddNotifierRateLimits();
        builder.AddNotifierEmail();
        builder.AddNotifierJobs();
        builder.AddNotifierDeadlines();
        builder.AddNotifierImports();
        builder.AddNotifierLetters();
        builder.AddNotifierDossier();
        builder.AddNotifierEmailCampaigns();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<DemoSeed>();
        return builder;
    }

    // A worker process only migrates (when configured); roles, the first admin and the demo are the web node's.
    public static async Task PrepareWorkerAsync(WebApplication app, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.ApplyMigrationsOnStartup)
        {
            await Database.MigrateAsync(app.Services, ct);
        }
    }

    public static async Task PrepareAsync(WebApplication app, CancellationToken ct = default)
    {
        var dbOptions = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        if (dbOptions.ApplyMigrationsOnStartup)
        {
            await Database.MigrateAsync(app.Services, ct);
        }

        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Notifier.Startup");
        await EnsureRolesAsync(services.GetRequiredService<RoleManager<NotifierRole>>());
        await Features.ReferenceData.ReferenceDataController.EnsureSeededAsync(services.GetRequiredService<NotifierDbContext>(), ct);

        var credentials = new List<DemoCredential>();
        var admin = await EnsureAdminAsync(services, app.Configuration, app.Environment, logger);
        if (admin is not null)
        {
            credentials.Add(admin);
        }

        var demo = app.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
        if (demo.Enabled)
        {
            var seeded = await services.GetRequiredService<DemoSeed>().RunAsync(demo, ct);
            if (seeded is not null)
            {
                credentials.AddRange(seeded);
                logger.LogInformation("Demo incident {Reference} seeded", DemoSeed.IncidentReference);
            }
        }

        if (app.Environment.IsDevelopment())
        {
            var file = Path.Combine(Database.DataFolder(app.Configuration, app.Environment), "demo-credentials.txt");
            if (credentials.Count > 0 && string.IsNullOrEmpty(demo.Password))
            {
                await File.AppendAllLinesAsync(file, credentials.Select(c => $"{c.Role,-18} {c.Email,-32} {c.Password}"), ct);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            // Development only: the demo sign-ins are printed on the console, never logged in other environments.
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var addresses = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
                    .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
                Console.WriteLine($"=== Notifier est prêt : {string.Join(" ", addresses)} — connectez-vous avec un des comptes de démonstration ci-dessus.");
            });
            if (File.Exists(file))
            {
                var text = new StringBuilder()
                    .AppendLine()
                    .AppendLine("=== Notifier — comptes de démonstration (Development) ===")
                    .AppendLine(await File.ReadAllTextAsync(file, ct))
                    .AppendLine("(fichier : " + file + ")");
                Console.WriteLine(text.ToString());
            }
        }
    }

    public static async Task EnsureRolesAsync(RoleManager<NotifierRole> roles)
    {
        foreach (var name in Roles.All)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new NotifierRole(name));
            }
        }
    }

    private static async Task<DemoCredential?> EnsureAdminAsync(IServiceProvider services, IConfiguration configuration,
        IHostEnvironment environment, ILogger logger)
    {
        var users = services.GetRequiredService<UserManager<NotifierUser>>();
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            return null;
        }

        var options = configuration.GetSection(BootstrapOptions.Section).Get<BootstrapOptions>() ?? new BootstrapOptions();
        var email = options.AdminEmail;
        var password = options.AdminPassword;
        var generated = false;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrWhiteSpace(password))
        {
            if (!environment.IsDevelopment())
            {
                logger.LogWarning("No administrator exists: set Bootstrap:AdminEmail and Bootstrap:AdminPassword, or run the create-user command");
                return null;
            }

            email = string.IsNullOrWhiteSpace(email) ? "admin@notifier.example" : email;
            password = Passwords.Generate();
            generated = true;
        }

        var admin = new NotifierUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrateur",
            CreatedAtUtc = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(admin, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the first administrator: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await users.AddToRoleAsync(admin, Roles.Admin);
        logger.LogInformation("First administrator created");
        return generated ? new DemoCredential(Roles.Admin, email, password) : null;
    }
}
