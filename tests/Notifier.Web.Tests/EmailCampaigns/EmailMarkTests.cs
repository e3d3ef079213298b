using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Web.Features.EmailCampaigns;
using Notifier.Web.Tests.Email;
using Notifier.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Notifier.Web.Tests.EmailCampaigns;

// The group commit of the "sent" marks (EmailMarkWriter, ADR-0014), on SQLite and PostgreSQL, with a real SMTP server on
// 127.0.0.1: the number of accepted-but-unmarked messages never exceeds EmailCampaigns:MarkBatchMax, every mark is
// committed before the chunk ends, and a job stopped in the middle of a group still commits the marks of every message
// whose 250 it had received.
[Collection("postgres")]
public sealed class EmailMarkTests(PostgresServer postgres, ITestOutputHelper output)
{
    private NotifierApp App(SmtpSink smtp, DatabaseProvider provider, int markBatchMax, int? markGroup = null, string? markLinger = null)
    {
        var app = EmailCampaignTests.App(smtp, provider, provider == DatabaseProvider.PostgreSql ? postgres.ConnectionString($"marks_{Guid.NewGuid():N}") : null);
        app.Settings["EmailCampaigns:MarkBatchMax"] = markBatchMax.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (markGroup is { } group)
        {
            app.Settings["EmailCampaigns:MarkGroup"] = group.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (markLinger is not null)
        {
            app.Settings["EmailCampaigns:MarkLinger"] = markLinger;
        }

        return app;
    }

    // Lab A's DPO, `persons` persons with an email, and a campaign started for them.
    private static async Task<Guid> CampaignOfAsync(NotifierApp app, int persons)
    {
        var s = await Scenario.CreateAsync(app);
        await EmailCampaignTests.SetDpoAsync(app, s.LabAId);
        await EmailCampaignTests.SeedEmailPersonsAsync(app, s.CaseAId, persons);
        return await CreateCampaignAsync(app, s.CaseAId);
    }

    private static async Task<Guid> CreateCampaignAsync(NotifierApp app, Guid caseId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == caseId);
        return (await scope.ServiceProvider.GetRequiredService<EmailCampaignService>().CreateAsync(@case, "fr", null, CancellationToken.None))!.Id;
    }

    private static Task<int> SentAsync(NotifierApp app, Guid campaignId) =>
        app.WithDbAsync(db => db.EmailOutboxMessages.CountAsync(m => m.EmailCampaignId == campaignId && m.Status == EmailMessageStatus.Sent));

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task At_most_MarkBatchMax_accepted_messages_are_unmarked_at_any_instant_and_all_are_marked_when_the_chunk_ends(DatabaseProvider provider)
    {
        const int persons = 40;
        const int max = 3;
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        using var app = App(smtp, provider, max);
        var id = await CampaignOfAsync(app, persons);

        // When the server has message n in hand (before its 250), the n − 1 earlier ones were accepted: those of them not
        // yet committed "sent" are the window at that instant. This message holds one slot, so at most max − 1 others.
        var widest = 0;
        smtp.BeforeAnswer = async n =>
        {
            var unmarked = n - 1 - await SentAsync(app, id);
            InterlockedMax(ref widest, unmarked);
        };
        await EmailCampaignTests.RunChunksAsync(app, id);

        output.WriteLine($"{provider}: widest window seen {widest} (bound {max - 1} besides the message on the wire)");
        Assert.InRange(widest, 0, max - 1);
        Assert.Equal(persons, smtp.Count);
        var rows = await app.WithDbAsync(db => db.EmailOutboxMessages.AsNoTracking().Where(m => m.EmailCampaignId == id).ToListAsync());
        Assert.All(rows, m =>
        {
            Assert.Equal(EmailMessageStatus.Sent, m.Status);
            Assert.NotNull(m.SentAtUtc);
            Assert.StartsWith("Ok", m.ServerAnswer, StringComparison.OrdinalIgnoreCase);
        });

        // The chunk counted what was left after its last marks: nothing, so the campaign is completed.
        Assert.Equal(EmailCampaignState.Completed, await app.WithDbAsync(db => db.EmailCampaigns.Where(c => c.Id == id).Select(c => c.State).FirstAsync()));
    }

    [Fact]
    public async Task No_commit_of_marks_begins_before_a_full_group_waits_and_the_last_partial_group_is_committed_when_the_chunk_ends()
    {
        const int persons = 23;
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        // A linger longer than the test: only a full group (or the end of the chunk) begins a commit.
        using var app = App(smtp, DatabaseProvider.Sqlite, 50, markGroup: 5, markLinger: "00:00:01");
        var id = await CampaignOfAsync(app, persons);

        var seen = new List<int>();
        int atLast = -1, stillAtLast = -1;
        smtp.BeforeAnswer = async n =>
        {
            var marked = await SentAsync(app, id);
            lock (seen)
            {
                seen.Add(marked);
            }

            if (n == persons)
            {
                // 22 accepted: the full groups commit on their own (a group is at least 5: the marks that arrive while a
                // commit gets going join it); fewer than 5 are left to wait for the end of the chunk.
                atLast = await MarkedWithinAsync(app, id, persons - 1 - 4);
                await Task.Delay(300);
                stillAtLast = await SentAsync(app, id);
            }
        };
        await EmailCampaignTests.RunChunksAsync(app, id);

        var counts = seen.Append(atLast).Distinct().Order().ToList();
        output.WriteLine($"marked counts seen by the server: {string.Join(", ", counts)}");
        Assert.InRange(persons - 1 - atLast, 0, 4);
        Assert.Equal(atLast, stillAtLast);
        // Every commit before the end of the chunk was a group of at least 5.
        Assert.All(counts.Zip(counts.Skip(1)), pair => Assert.True(pair.Second - pair.First >= 5, $"a commit of {pair.Second - pair.First} marks"));
        Assert.Equal(persons, await SentAsync(app, id));
    }

    [Fact]
    public async Task A_partial_group_is_committed_once_its_first_mark_has_waited_the_linger()
    {
        const int persons = 10;
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        using var app = App(smtp, DatabaseProvider.Sqlite, 50, markGroup: 50, markLinger: "00:00:00.500");
        var id = await CampaignOfAsync(app, persons);

        int? beforeLinger = null, afterLinger = null;
        smtp.BeforeAnswer = async n =>
        {
            if (n == 4)
            {
                // 3 accepted moments ago, far from a group of 50: nothing committed yet, then the linger commits them.
                beforeLinger = await SentAsync(app, id);
                afterLinger = await MarkedWithinAsync(app, id, 3);
            }
        };
        await EmailCampaignTests.RunChunksAsync(app, id);

        Assert.Equal((0, 3), (beforeLinger, afterLinger));
        Assert.Equal(persons, await SentAsync(app, id));
    }

    // The marked count once it reaches at least `expected` (or whatever it is after 10 s).
    private static async Task<int> MarkedWithinAsync(NotifierApp app, Guid campaignId, int expected)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        int marked;
        while ((marked = await SentAsync(app, campaignId)) < expected && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return marked;
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_job_stopped_in_the_middle_of_a_group_still_commits_the_marks_of_every_message_the_server_had_answered(DatabaseProvider provider)
    {
        const int persons = 30;
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        using var app = App(smtp, provider, 50);
        var id = await CampaignOfAsync(app, persons);

        // From the 5th message on, another connection holds the lock the marks need, so they pile up in one group; at the
        // 12th the job is cancelled (as Hangfire does at shutdown) while it waits for that message's 250, and the lock is
        // released a moment later.
        using var stop = new CancellationTokenSource();
        await using var blockerScope = app.Services.CreateAsyncScope();
        var blocker = blockerScope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? held = null;
        var markedAtStop = -1;
        Task? release = null;
        smtp.BeforeAnswer = async n =>
        {
            if (n == 5)
            {
                held = await blocker.Database.BeginTransactionAsync();
                if (provider == DatabaseProvider.PostgreSql)
                {
                    await blocker.Database.ExecuteSqlRawAsync("LOCK TABLE \"EmailOutboxMessages\" IN EXCLUSIVE MODE");
                }
                else
                {
                    // SQLite has one writer: any write takes the database's write lock until the end of the transaction.
                    await blocker.Database.ExecuteSqlRawAsync("UPDATE \"EmailCampaigns\" SET \"Number\" = \"Number\"");
                }
            }
            else if (n == 12)
            {
                markedAtStop = await SentAsync(app, id);
                await stop.CancelAsync();
                release = Task.Run(async () =>
                {
                    await Task.Delay(500);
                    await held!.RollbackAsync();
                });
            }
        };

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<EmailChunkJob>();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.RunAsync(id, 0, stop.Token));
        }

        await release!;
        var marked = await SentAsync(app, id);
        output.WriteLine($"{provider}: {markedAtStop} marked when the job was stopped, {marked} after it returned, {smtp.Count} accepted by the server");

        // The marks of messages 5–11 were still waiting for the lock when the job was stopped: the test is about them.
        Assert.True(markedAtStop < 11, $"{markedAtStop} marks were already committed: the group was not held.");
        // Messages 1–11 got their 250 before the stop: all marked. The 12th was cancelled while waiting for its 250 (the
        // protocol's own window: the server has it, the client does not know) and stays claimed, to be sent again once stale.
        Assert.Equal(12, smtp.Count);
        Assert.Equal(11, marked);
        var sending = await app.WithDbAsync(db => db.EmailOutboxMessages.CountAsync(m => m.EmailCampaignId == id && m.Status == EmailMessageStatus.Sending));
        Assert.Equal(persons - 11, sending);
    }

    [Fact]
    public async Task A_pause_in_the_middle_of_a_claimed_chunk_stops_it_and_gives_back_the_claims_not_used()
    {
        const int persons = 30;
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        using var app = App(smtp, DatabaseProvider.Sqlite, 50);
        var id = await CampaignOfAsync(app, persons);

        // The whole chunk is claimed at once (ClaimBatch 200); the DPO pauses while the 5th message is on the wire, and
        // the job's next state check is due (StateCheckEvery 2 s on the test's clock).
        smtp.BeforeAnswer = async n =>
        {
            if (n == 5)
            {
                await app.WithDbAsync(async db =>
                {
                    var campaign = await db.EmailCampaigns.FirstAsync(c => c.Id == id);
                    Assert.Null(campaign.Pause(app.Clock.GetUtcNow().UtcDateTime));
                    await db.SaveChangesAsync();
                });
                app.Clock.Advance(TimeSpan.FromSeconds(3));
            }
        };
        await EmailCampaignTests.RunChunksAsync(app, id);

        Assert.Equal(5, smtp.Count);
        var rows = await app.WithDbAsync(db => db.EmailOutboxMessages.AsNoTracking().Where(m => m.EmailCampaignId == id).ToListAsync());
        Assert.Equal(5, rows.Count(m => m.Status == EmailMessageStatus.Sent));
        // Not left "sending" until their claim goes stale: queued, as if never claimed.
        Assert.All(rows.Where(m => m.Status != EmailMessageStatus.Sent), m => Assert.Equal((EmailMessageStatus.Queued, 0, (Guid?)null), (m.Status, m.Attempts, m.ClaimToken)));

        // Resumed: the chunk sends the 25 others at once, none twice.
        smtp.BeforeAnswer = null;
        await app.WithDbAsync(async db =>
        {
            var campaign = await db.EmailCampaigns.FirstAsync(c => c.Id == id);
            Assert.Null(campaign.Resume());
            await db.SaveChangesAsync();
        });
        await EmailCampaignTests.RunChunksAsync(app, id);
        Assert.Equal(persons, smtp.Count);
        Assert.All(smtp.PerRecipient.Values, v => Assert.Equal(1, v));
        Assert.Equal(persons, await SentAsync(app, id));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
