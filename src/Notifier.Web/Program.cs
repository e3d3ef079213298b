using Notifier.Web.Features.Api;
using Notifier.Web.Features.Deadlines;
using Notifier.Web.Features.Imports;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Seeding;

var builder = WebApplication.CreateBuilder(args);
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
builder.Services.AddScoped<AuditTrail>();
builder.Services.AddScoped<DemoSeed>();

var app = builder.Build();

if (Cli.IsCommand(args))
{
    return await Cli.RunAsync(app, args);
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
