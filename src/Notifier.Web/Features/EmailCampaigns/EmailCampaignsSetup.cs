using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.Extensions.Options;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Features.EmailCampaigns;

public sealed class EmailCampaignOptions
{
    public const string Section = "EmailCampaigns";

    // Messages per Hangfire job.
    [Range(1, 10_000)]
    public int ChunkSize { get; set; } = Core.Emails.EmailCampaign.ChunkSize;

    // Messages claimed in one statement when the lab's rate is unlimited (one per slot when throttled). A claim is not a
    // send: after a crash, claimed messages that were not sent wait StaleClaimAfter and are sent once; the default claims
    // a whole chunk (200) at once, which the benchmark showed to matter on SQLite (one write transaction per chunk).
    [Range(1, 10_000)]
    public int ClaimBatch { get; set; } = 200;

    // Group commit of the "sent" marks (ADR-0014): at most this many messages of one job thread are accepted by the
    // server and not yet marked sent at any instant — the duplicate window after a crash, per job thread. 1 = the mark
    // of each message is committed before the next one is sent (the slowest, smallest window).
    [Range(1, 1000)]
    public int MarkBatchMax { get; set; } = 50;

    // A commit of the marks begins once this many are waiting (never more than MarkBatchMax), or once the first of them
    // has waited MarkLinger, or when the job flushes. One commit per message (MarkLinger 0: a commit begins as soon as a
    // mark arrives and none is running) made the marks the campaign's bottleneck: 37,000 commits for 60,000 messages.
    [Range(1, 1000)]
    public int MarkGroup { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan MarkLinger { get; set; } = TimeSpan.FromMilliseconds(10);

    // Chunks of one campaign handed to Hangfire at a time (across all workers); the others wait in the database.
    [Range(1, 256)]
    public int Parallelism { get; set; } = 4;

    // The rate of a lab that never set one (messages per minute, 0 = no limit).
    [Range(0, Core.Emails.LabEmailSettings.MaxPerMinute)]
    public int DefaultPerMinute { get; set; } = 60;

    // A message claimed for longer than this was in flight on a worker that died: it is sent again (the duplicate window).
    public TimeSpan StaleClaimAfter { get; set; } = TimeSpan.FromMinutes(2);

    // An enqueued chunk whose job shows no heartbeat for this long lost its job; the sweep enqueues it again.
    public TimeSpan LostChunkAfter { get; set; } = TimeSpan.FromMinutes(5);

    // How often a running chunk checks for pause/cancel and beats its heartbeat.
    public TimeSpan StateCheckEvery { get; set; } = TimeSpan.FromSeconds(2);

    // Cron of the sweep, and of the IMAP bounce poll when Email:Imap:Host is set.
    public string SweepCron { get; set; } = "* * * * *";

    public string ImapPollCron { get; set; } = "*/10 * * * *";
}

public static class EmailCampaignsSetup
{
    public static WebApplicationBuilder AddNotifierEmailCampaigns(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailCampaignOptions>().BindConfiguration(EmailCampaignOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<EmailCampaignService>();
        builder.Services.AddScoped<EmailChunkJob>();
        builder.Services.AddScoped<EmailCampaignSweepJob>();
        builder.Services.AddScoped<EmailThrottle>();
        builder.Services.AddScoped<BounceService>();
        builder.Services.AddScoped<ImapBouncePollJob>();
        var campaigns = builder.Configuration.GetSection(EmailCampaignOptions.Section).Get<EmailCampaignOptions>() ?? new EmailCampaignOptions();
        RecurringJobs.Add<EmailCampaignSweepJob>(EmailCampaignSweepJob.RecurringId, campaigns.SweepCron, j => j.RunAsync(CancellationToken.None));
        var imap = builder.Configuration.GetSection($"{EmailOptions.Section}:Imap").Get<ImapOptions>() ?? new ImapOptions();
        if (imap.Enabled)
        {
            RecurringJobs.Add<ImapBouncePollJob>(ImapBouncePollJob.RecurringId, campaigns.ImapPollCron, j => j.RunAsync(CancellationToken.None));
        }

        if (Jobs.RunsServer(builder.Configuration))
        {
            builder.Services.AddHostedService<EmailSweepOnStart>();
        }

        return builder;
    }
}

// A worker that starts (after a crash, a deploy) looks for lost chunks at once and again when the claims of the dead
// worker have gone stale, instead of waiting for the next minute of the recurring sweep.
internal sealed class EmailSweepOnStart(IBackgroundJobClient jobs, IOptions<EmailCampaignOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.Enqueue<EmailCampaignSweepJob>(j => j.RunAsync(CancellationToken.None));
        jobs.Schedule<EmailCampaignSweepJob>(j => j.RunAsync(CancellationToken.None), options.Value.LostChunkAfter + TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
