using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

// --role web|worker|both is Jobs:Role (docs/operations.md); operator commands keep their own --role (create-user).
var builder = WebApplication.CreateBuilder(Cli.IsCommand(args) ? args : Jobs.RoleSwitch(args));
builder.AddNotifier();

var app = builder.Build();

if (Cli.IsCommand(args))
{
    return await Cli.RunAsync(app, args);
}

if (!Jobs.ServesWeb(app.Configuration))
{
    // --role worker: background jobs only (docs/operations.md). No pages, no API; a plain liveness answer for probes.
    await Startup.PrepareWorkerAsync(app);
    app.MapGet("/", () => "Notifier worker");
    app.MapNotifierJobSchedules();
    await app.RunAsync();
    return 0;
}

await Startup.PrepareAsync(app);
app.UseNotifierPipeline();
app.MapNotifierApi();
app.MapNotifierJobs();
app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");
await app.RunAsync();
return 0;

// WebApplicationFactory<Program> in the tests needs a public type.
public partial class Program;
