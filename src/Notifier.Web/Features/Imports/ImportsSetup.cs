using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Imports;

public static class ImportsSetup
{
    public static WebApplicationBuilder AddNotifierImports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<ImportService>();
        builder.Services.AddScoped<SubjectImporter>();
        builder.Services.AddScoped<ImportJob>();
        builder.Services.AddScoped<ImportDraftCleanupJob>();
        RecurringJobs.Add<ImportDraftCleanupJob>(ImportDraftCleanupJob.RecurringId, "17 * * * *", j => j.RunAsync(CancellationToken.None));
        return builder;
    }
}

// Drafts (uploaded, never started) hold a sealed copy of a patient file: they are deleted after a day.
public sealed class ImportDraftCleanupJob(NotifierDbContext db, TimeProvider clock)
{
    public const string RecurringId = "import-draft-cleanup";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Retention;
        var stale = await db.ImportRuns.Where(r => r.State == Core.Import.ImportState.Draft && r.CreatedAtUtc < cutoff).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in stale)
        {
            await db.ImportFileSegments.Where(s => s.ImportRunId == id).ExecuteDeleteAsync(ct);
            await db.ImportRuns.Where(r => r.Id == id).ExecuteDeleteAsync(ct);
        }

        return stale.Count;
    }
}
