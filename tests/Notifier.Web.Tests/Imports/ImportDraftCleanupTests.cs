using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Web.Features.Imports;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// A draft holds a sealed copy of a patient file: never started, it is deleted after a day; started imports stay.
public sealed class ImportDraftCleanupTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new();
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Drafts_older_than_a_day_are_deleted_with_their_file_and_nothing_else_is()
    {
        var owner = await _app.CreateUserAsync(Roles.LabDpo, _s.LabAId);
        var old = await CreateAsync(owner.Id, ImportState.Draft);
        var completed = await CreateAsync(owner.Id, ImportState.Completed);
        _app.Clock.Advance(TimeSpan.FromHours(23));
        var recent = await CreateAsync(owner.Id, ImportState.Draft);
        _app.Clock.Advance(TimeSpan.FromHours(2));

        var deleted = await _app.WithDbAsync(db => new ImportDraftCleanupJob(db, _app.Clock).RunAsync(CancellationToken.None));

        Assert.Equal(1, deleted);
        await _app.WithDbAsync(async db =>
        {
            var left = await db.ImportRuns.Select(r => r.Id).ToListAsync();
            Assert.DoesNotContain(old, left);
            Assert.Contains(completed, left);
            Assert.Contains(recent, left);
            Assert.False(await db.ImportFileSegments.AnyAsync(s => s.ImportRunId == old));
            Assert.True(await db.ImportFileSegments.AnyAsync(s => s.ImportRunId == recent));
        });
    }

    private async Task<Guid> CreateAsync(Guid owner, ImportState state)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        var cipher = scope.ServiceProvider.GetRequiredService<FieldCipher>();
        var run = new ImportRun(Guid.CreateVersion7(), _s.CaseAId, owner, "brouillon.csv", 0, _app.Clock.GetUtcNow().UtcDateTime) { State = state };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("nom;prenom;email\r\nTest;Brouillon;brouillon@example.org\r\n"));
        await ImportFiles.StoreAsync(db, cipher, run.Id, file, 1_000_000, CancellationToken.None);
        return run.Id;
    }
}
