using Notifier.Web.Features.Api;
using Notifier.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddNotifier();

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
