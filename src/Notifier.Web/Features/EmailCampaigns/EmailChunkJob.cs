using System.Net.Sockets;
using System.Text.RegularExpressions;
using Hangfire;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Letters;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Letters;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Features.EmailCampaigns;

public enum SmtpFailureKind
{
    // 4xx, a dropped connection, a timeout: try again later.
    Transient,

    // 5xx: final for that address.
    Permanent,
}

public static partial class SmtpFailures
{
    public static SmtpFailureKind Classify(Exception e) => e switch
    {
        SmtpCommandException c when (int)c.StatusCode >= 500 => SmtpFailureKind.Permanent,
        _ => SmtpFailureKind.Transient,
    };

    // Whether the connection itself failed (then the rest of the chunk waits too), rather than one recipient.
    public static bool IsConnectionLevel(Exception e) =>
        e is not SmtpCommandException || ((SmtpCommandException)e).ErrorCode == SmtpErrorCode.UnexpectedStatusCode;

    // What is stored of an SMTP answer or error: one line, at most 200 characters, and any address in it masked — a
    // 550 often quotes the recipient.
    public static string Describe(string? text)
    {
        var line = Address().Replace((text ?? "").ReplaceLineEndings(" ").Trim(), "<adresse>");
        return line.Length > EmailOutboxMessage.AnswerMax ? line[..EmailOutboxMessage.AnswerMax] : line;
    }

    public static string Describe(Exception e) => e switch
    {
        SmtpCommandException c => Describe($"{(int)c.StatusCode} {c.Message}"),
        SocketException or IOException or ServiceNotConnectedException or SmtpProtocolException or SslHandshakeException
            => Describe($"connexion : {e.GetType().Name} {e.Message}"),
        _ => Describe(e.GetType().Name + " " + e.Message),
    };

    [GeneratedRegex(@"[^\s<>""]+@[^\s<>""]+")]
    private static partial Regex Address();
}

// Sends one chunk (~200 messages) of a campaign. Safe to run twice, concurrently or after a crash: every message is
// claimed (queued → sending, with a claim token and instant; unthrottled, ClaimBatch per statement) before SMTP, so two
// runs never send the same row; after the server's 250 its "sent" mark goes to the job's EmailMarkWriter, which commits
// the marks in groups while the loop sends the next messages. A crash leaves at most EmailCampaigns:MarkBatchMax
// accepted-but-unmarked messages per job thread (sent again once their claim is stale). Every path that leaves the loop
// (pause, cancel, failure, end of chunk) flushes the marks first. The throttle slot is taken before the claim, so a
// throttled claim lives only for one SMTP exchange.
public sealed class EmailChunkJob(
    NotifierDbContext db,
    IDbContextFactory<NotifierDbContext> dbFactory,
    FieldCipher cipher,
    LetterService letters,
    IEmailSender sender,
    EmailThrottle throttle,
    IBackgroundJobClient jobs,
    IOptions<EmailCampaignOptions> options,
    TimeProvider clock,
    ILogger<EmailChunkJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(Guid campaignId, int chunk, CancellationToken ct)
    {
        var campaign = await db.EmailCampaigns.AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is not { State: EmailCampaignState.Running })
        {
            return;
        }

        await EmailConnections.HoldAsync(db, ct);
        try
        {
            await RunChunkAsync(campaign, chunk, ct);
        }
        finally
        {
            await EmailConnections.ReleaseAsync(db);
        }
    }

    private async Task RunChunkAsync(EmailCampaign campaign, int chunk, CancellationToken ct)
    {
        var campaignId = campaign.Id;
        var @case = await db.Cases.AsNoTracking().Include(c => c.Laboratory).FirstAsync(c => c.Id == campaign.ControllerCaseId, ct);
        var context = letters.Context(@case);
        var today = letters.Today(@case);
        var o = options.Value;
        var token = Guid.NewGuid();
        var lastCheck = clock.GetUtcNow().UtcDateTime;
        await BeatAsync(campaignId, chunk, ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - o.StaleClaimAfter;
        var candidates = await db.EmailOutboxMessages.AsNoTracking()
            .Where(m => m.EmailCampaignId == campaignId && m.Chunk == chunk
                && ((m.Status == EmailMessageStatus.Queued && (m.NextAttemptAtUtc == null || m.NextAttemptAtUtc <= now))
                    || (m.Status == EmailMessageStatus.Sending && m.ClaimedAtUtc < stale)))
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.DataSubjectId }).ToListAsync(ct);

        // The persons of the whole chunk in one read (their letter codes assigned in one transaction), not per claim.
        var subjects = await SubjectsAsync(candidates.Select(c => c.DataSubjectId).ToList(), ct);
        var perMinute = await PerMinuteAsync(campaign.LaboratoryId, ct);
        await using var marks = new EmailMarkWriter(dbFactory, o.MarkBatchMax, o.MarkGroup, o.MarkLinger, campaign.Policy, logger);
        // Throttled, the state is read before every message (a pause stops the next one); unthrottled, every
        // StateCheckEvery — also between the messages of a claimed batch — with the heartbeat and the lab's current rate.
        // False when the campaign is no longer running: the marks of what was sent are committed first, then the claims
        // taken and not used are given back (queued again, or cancelled with the campaign) rather than left to go stale.
        async Task<bool> StillRunningAsync(bool always)
        {
            var at = clock.GetUtcNow().UtcDateTime;
            var due = at - lastCheck >= o.StateCheckEvery;
            if (due || always)
            {
                var state = await db.EmailCampaigns.Where(c => c.Id == campaignId).Select(c => c.State).FirstAsync(ct);
                if (state != EmailCampaignState.Running)
                {
                    // Paused or cancelled: stop here; resume enqueues the chunk again.
                    await marks.FlushAsync();
                    await ReleaseClaimsAsync(campaign, chunk, token, state, ct);
                    return false;
                }
            }

            if (due)
            {
                lastCheck = at;
                await BeatAsync(campaignId, chunk, ct);
                perMinute = await PerMinuteAsync(campaign.LaboratoryId, ct);
            }

            return true;
        }

        for (var next = 0; next < candidates.Count;)
        {
            if (!await StillRunningAsync(perMinute > 0))
            {
                return;
            }

            // Throttled: one message per slot, claimed when its slot comes. Unthrottled: ClaimBatch (the whole chunk by
            // default) claimed in one statement.
            // A claim is not a send: a claimed message that a crash leaves unsent is sent once, later; only a message
            // between its 250 and its committed mark can be sent twice, whatever the claim batch.
            var batch = candidates.Skip(next).Take(perMinute > 0 ? 1 : o.ClaimBatch).ToList();
            next += batch.Count;
            if (perMinute > 0)
            {
                await throttle.WaitForSlotAsync(campaign.LaboratoryId, ct);
            }

            now = clock.GetUtcNow().UtcDateTime;
            stale = now - o.StaleClaimAfter;
            var ids = batch.Select(b => b.Id).ToList();
            var claimed = await db.EmailOutboxMessages
                .Where(m => ids.Contains(m.Id) && ((m.Status == EmailMessageStatus.Queued && (m.NextAttemptAtUtc == null || m.NextAttemptAtUtc <= now))
                    || (m.Status == EmailMessageStatus.Sending && m.ClaimedAtUtc < stale)))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailMessageStatus.Sending).SetProperty(m => m.ClaimToken, token)
                    .SetProperty(m => m.ClaimedAtUtc, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (claimed == 0)
            {
                continue;
            }

            var mine = batch;
            if (claimed < batch.Count)
            {
                // Another run holds some of them.
                var ours = await db.EmailOutboxMessages.Where(m => ids.Contains(m.Id) && m.ClaimToken == token).Select(m => m.Id).ToListAsync(ct);
                mine = batch.Where(b => ours.Contains(b.Id)).ToList();
            }

            for (var i = 0; i < mine.Count; i++)
            {
                if (i > 0)
                {
                    if (!await StillRunningAsync(false))
                    {
                        return;
                    }

                    if (perMinute > 0)
                    {
                        // The lab set a rate meanwhile: the rest of the batch goes back to the queue and is claimed slot by slot.
                        await UnclaimAsync(mine.Skip(i).Select(m => m.Id).ToList(), token, ct);
                        next = candidates.FindIndex(c => c.Id == mine[i].Id);
                        break;
                    }
                }

                if (!await SendOneAsync(campaign, context, today, mine[i].Id, subjects[mine[i].DataSubjectId], token, marks, ct))
                {
                    // The connection failed: the rest of the chunk waits for the back-off too; claims not used are released.
                    // (SendOneAsync flushed the marks before recording the failure.)
                    await UnclaimAsync(mine.Skip(i + 1).Select(m => m.Id).ToList(), token, ct);
                    await FinishChunkAsync(campaign, chunk, ct);
                    return;
                }
            }
        }

        // Every mark committed before the chunk counts what is left.
        await marks.FlushAsync();
        await FinishChunkAsync(campaign, chunk, ct);
    }

    private sealed record SubjectRow(Guid Id, byte[] Payload, DataCategories ExposedCategories, ReviewReason ReviewReason, SubjectNotificationStatus Status, string LetterCode);

    // Claims taken and not used (nothing of them went to the server): queued again, as if never claimed.
    private Task<int> UnclaimAsync(List<Guid> ids, Guid token, CancellationToken ct) =>
        Unclaim(db.EmailOutboxMessages.Where(m => ids.Contains(m.Id)), token, ct);

    private static Task<int> Unclaim(IQueryable<EmailOutboxMessage> messages, Guid token, CancellationToken ct) =>
        messages.Where(m => m.ClaimToken == token && m.Status == EmailMessageStatus.Sending)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailMessageStatus.Queued).SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.Attempts, m => m.Attempts - 1), ct);

    // The job stops on a paused or cancelled campaign, its marks committed: every message of the chunk still claimed by
    // this run was not sent.
    private async Task ReleaseClaimsAsync(EmailCampaign campaign, int chunk, Guid token, EmailCampaignState state, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Unclaim(db.EmailOutboxMessages.Where(m => m.EmailCampaignId == campaign.Id && m.Chunk == chunk), token, ct);
        if (state == EmailCampaignState.Cancelled)
        {
            await EmailCampaignService.CancelQueuedAsync(db, campaign, clock.GetUtcNow().UtcDateTime, ct);
        }

        await tx.CommitAsync(ct);
    }

    private Task<int> PerMinuteAsync(Guid laboratoryId, CancellationToken ct) =>
        db.LabEmailSettings.Where(s => s.LaboratoryId == laboratoryId).Select(s => s.PerMinute).FirstOrDefaultAsync(ct);

    // The persons of a chunk, read once, with their letter code: assigned here the first time (in one transaction for
    // the chunk), by a conditional update, so that a code already given by a postal batch in the meantime is kept.
    private async Task<Dictionary<Guid, SubjectRow>> SubjectsAsync(List<Guid> ids, CancellationToken ct)
    {
        var rows = new List<(Guid Id, byte[] Payload, DataCategories ExposedCategories, ReviewReason ReviewReason, SubjectNotificationStatus Status, string? LetterCode)>();
        foreach (var part in ids.Chunk(500))
        {
            var read = await db.Subjects.AsNoTracking().Where(s => part.Contains(s.Id))
                .Select(s => new { s.Id, s.Payload, s.ExposedCategories, s.ReviewReason, s.Status, s.LetterCode }).ToListAsync(ct);
            rows.AddRange(read.Select(r => (r.Id, r.Payload, r.ExposedCategories, r.ReviewReason, r.Status, r.LetterCode)));
        }

        var missing = rows.Where(r => r.LetterCode is null).Select(r => r.Id).ToList();
        if (missing.Count > 0)
        {
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await LetterService.AssignMissingCodesAsync(db, missing, ct);
                await tx.CommitAsync(ct);
            }

            var codes = new Dictionary<Guid, string?>();
            foreach (var part in missing.Chunk(500))
            {
                foreach (var c in await db.Subjects.AsNoTracking().Where(s => part.Contains(s.Id)).Select(s => new { s.Id, s.LetterCode }).ToListAsync(ct))
                {
                    codes[c.Id] = c.LetterCode;
                }
            }

            rows = rows.Select(r => r.LetterCode is null ? r with { LetterCode = codes[r.Id] } : r).ToList();
        }

        return rows.ToDictionary(r => r.Id, r => new SubjectRow(r.Id, r.Payload, r.ExposedCategories, r.ReviewReason, r.Status, r.LetterCode!));
    }

    // False when the server or the connection failed (stop the chunk), true otherwise.
    private async Task<bool> SendOneAsync(EmailCampaign campaign, LetterContext context, DateOnly today, Guid messageId, SubjectRow subject, Guid token,
        EmailMarkWriter marks, CancellationToken ct)
    {
        var payload = cipher.OpenSubject(subject.Id, subject.Payload);
        var composition = NotificationEmailComposer.Compose(context, new LetterRecipient(payload, subject.ExposedCategories, subject.ReviewReason),
            subject.LetterCode, campaign.Language, campaign.Policy == EmailPolicy.InAdditionToLetter, today);
        var now = clock.GetUtcNow().UtcDateTime;
        if (composition.Content is not { } content)
        {
            // The record changed since the campaign started (review, minor, address removed): no email, back to paper.
            await marks.FlushAsync();
            var tracked = await db.Subjects.FirstAsync(s => s.Id == subject.Id, ct);
            EmailChannel.ToPaper(tracked, Postable(payload), now);
            await MarkAsync(messageId, token, EmailMessageStatus.Failed, null, "refus : " + composition.Refusal, ct);
            return true;
        }

        // A slot of the duplicate window: waits while MarkBatchMax accepted messages of this job are not yet committed.
        await marks.ReserveAsync(ct);
        string answer;
        try
        {
            answer = await sender.SendAsync(new EmailMessage(messageId, payload.Email!.Trim(), content.Subject, content.TextBody, content.HtmlBody), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            marks.Release();
            await marks.FlushAsync();
            return await FailedAsync(await db.Subjects.FirstAsync(s => s.Id == subject.Id, ct), payload, messageId, token, e, ct);
        }
        catch
        {
            marks.Release();
            throw;
        }

        // The mark goes to the group commit (with the channel of a person whom the email reaches instead of the letter,
        // or whose letter came back), while the loop goes on to the next message.
        var updateChannel = campaign.Policy == EmailPolicy.InsteadOfLetter || subject.Status == SubjectNotificationStatus.Returned;
        marks.Add(new SentMark(messageId, token, clock.GetUtcNow().UtcDateTime, SmtpFailures.Describe(answer), updateChannel ? subject.Id : null));
        return true;
    }

    private async Task<bool> FailedAsync(DataSubject subject, SubjectPayload payload, Guid messageId, Guid token, Exception e, CancellationToken ct)
    {
        var kind = SmtpFailures.Classify(e);
        var reason = SmtpFailures.Describe(e);
        var now = clock.GetUtcNow().UtcDateTime;
        var attempts = await db.EmailOutboxMessages.Where(m => m.Id == messageId).Select(m => m.Attempts).FirstAsync(ct);
        logger.LogWarning("Email {MessageId}: {Kind} failure, attempt {Attempt}", messageId, kind, attempts);
        if (kind == SmtpFailureKind.Permanent || attempts >= EmailOutboxMessage.MaxAttempts)
        {
            EmailChannel.ToPaper(subject, Postable(payload), now);
            await MarkAsync(messageId, token, EmailMessageStatus.Failed, null, reason, ct);
            return kind == SmtpFailureKind.Permanent || !SmtpFailures.IsConnectionLevel(e);
        }

        var next = now + EmailOutboxMessage.Backoff(attempts);
        await db.EmailOutboxMessages.Where(m => m.Id == messageId && m.ClaimToken == token)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailMessageStatus.Queued).SetProperty(m => m.ClaimToken, (Guid?)null)
                .SetProperty(m => m.NextAttemptAtUtc, next).SetProperty(m => m.Failure, reason), ct);
        db.ChangeTracker.Clear();
        return !SmtpFailures.IsConnectionLevel(e);
    }

    private async Task MarkAsync(Guid messageId, Guid token, EmailMessageStatus status, string? answer, string failure, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.EmailOutboxMessages.Where(m => m.Id == messageId && m.ClaimToken == token)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, status).SetProperty(m => m.ServerAnswer, answer).SetProperty(m => m.Failure, failure), ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
    }

    private static bool Postable(SubjectPayload p) =>
        AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country) is { NeedsReview: false, Lines.Count: > 0 };

    private Task<int> BeatAsync(Guid campaignId, int chunk, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaignId && c.Number == chunk)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.HeartbeatAtUtc, now), ct);
    }

    // Done when nothing of the chunk is left queued or in flight; else try again at the next due instant (back-off, or a
    // claim of another run that will be stale by then). A finished chunk hands its place to the next waiting one, and the
    // last one completes the campaign.
    private async Task FinishChunkAsync(EmailCampaign campaign, int chunk, CancellationToken ct)
    {
        var o = options.Value;
        var pending = await db.EmailOutboxMessages.AsNoTracking()
            .Where(m => m.EmailCampaignId == campaign.Id && m.Chunk == chunk && (m.Status == EmailMessageStatus.Queued || m.Status == EmailMessageStatus.Sending))
            .Select(m => new { m.Status, m.NextAttemptAtUtc, m.ClaimedAtUtc }).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (pending.Count > 0)
        {
            var due = pending.Select(p => p.Status == EmailMessageStatus.Sending ? (p.ClaimedAtUtc ?? now) + o.StaleClaimAfter : p.NextAttemptAtUtc ?? now).Min();
            var delay = due - now;
            jobs.Schedule<EmailChunkJob>(j => j.RunAsync(campaign.Id, chunk, CancellationToken.None), delay < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay + TimeSpan.FromSeconds(1));
            return;
        }

        var done = await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaign.Id && c.Number == chunk && c.State != EmailChunkState.Done)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, EmailChunkState.Done), ct);
        if (done == 1)
        {
            await EnqueueNextAsync(db, jobs, campaign.Id, now, ct);
        }

        var open = await db.EmailOutboxMessages.AnyAsync(m => m.EmailCampaignId == campaign.Id
            && (m.Status == EmailMessageStatus.Queued || m.Status == EmailMessageStatus.Sending), ct);
        if (!open)
        {
            var completed = await db.EmailCampaigns.Where(c => c.Id == campaign.Id && c.State == EmailCampaignState.Running)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, EmailCampaignState.Completed).SetProperty(c => c.FinishedAtUtc, now), ct);
            if (completed == 1)
            {
                logger.LogInformation("Email campaign {CampaignId} completed", campaign.Id);
            }
        }
    }

    // Hands the next waiting chunk to Hangfire (compare-and-swap on its state, so two finishing jobs take two chunks).
    public static async Task EnqueueNextAsync(NotifierDbContext db, IBackgroundJobClient jobs, Guid campaignId, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var next = await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaignId && c.State == EmailChunkState.Waiting)
                .OrderBy(c => c.Number).Select(c => (int?)c.Number).FirstOrDefaultAsync(ct);
            if (next is not { } number)
            {
                return;
            }

            var taken = await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaignId && c.Number == number && c.State == EmailChunkState.Waiting)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, EmailChunkState.Enqueued).SetProperty(c => c.EnqueuedAtUtc, now), ct);
            if (taken == 1)
            {
                jobs.Enqueue<EmailChunkJob>(j => j.RunAsync(campaignId, number, CancellationToken.None));
                return;
            }
        }
    }
}

// A chunk job and its mark writer each keep one connection for their whole run (no open per statement). On SQLite every
// connection of the app waits for the single writer's lock in SQLite's busy handler (SqliteBusyTimeout), not in
// Microsoft.Data.Sqlite's 150 ms sleeps: the two job threads and their mark writers take turns at the write lock
// hundreds of times per second. Durability is unchanged (synchronous stays as configured).
internal static class EmailConnections
{
    public static Task HoldAsync(NotifierDbContext db, CancellationToken ct) => db.Database.OpenConnectionAsync(ct);

    public static Task ReleaseAsync(NotifierDbContext db) => db.Database.CloseConnectionAsync();
}

// The database is the truth (ADR-0004): an enqueued chunk of a running campaign whose job shows no heartbeat for
// LostChunkAfter lost its job (a killed worker, a lost enqueue) and is enqueued again; a claim older than
// StaleClaimAfter is taken over by that run. A running campaign with fewer enqueued chunks than its parallelism gets more.
public sealed class EmailCampaignSweepJob(NotifierDbContext db, IBackgroundJobClient jobs, IOptions<EmailCampaignOptions> options, TimeProvider clock)
{
    public const string RecurringId = "email-campaign-sweep";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var lost = now - o.LostChunkAfter;
        var running = db.EmailCampaigns.Where(c => c.State == EmailCampaignState.Running).Select(c => c.Id);
        var stale = await db.EmailCampaignChunks
            .Where(c => running.Contains(c.EmailCampaignId) && c.State == EmailChunkState.Enqueued
                && (c.HeartbeatAtUtc ?? c.EnqueuedAtUtc) < lost && (c.EnqueuedAtUtc == null || c.EnqueuedAtUtc < lost))
            .Select(c => new { c.EmailCampaignId, c.Number }).ToListAsync(ct);
        foreach (var chunk in stale)
        {
            await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == chunk.EmailCampaignId && c.Number == chunk.Number)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.EnqueuedAtUtc, now), ct);
            jobs.Enqueue<EmailChunkJob>(j => j.RunAsync(chunk.EmailCampaignId, chunk.Number, CancellationToken.None));
        }

        foreach (var campaignId in await running.ToListAsync(ct))
        {
            var enqueued = await db.EmailCampaignChunks.CountAsync(c => c.EmailCampaignId == campaignId && c.State == EmailChunkState.Enqueued, ct);
            for (var i = enqueued; i < o.Parallelism; i++)
            {
                await EmailChunkJob.EnqueueNextAsync(db, jobs, campaignId, now, ct);
            }

            // A campaign whose chunks are all done but that was not marked (a crash between the two writes).
            if (!await db.EmailOutboxMessages.AnyAsync(m => m.EmailCampaignId == campaignId
                    && (m.Status == EmailMessageStatus.Queued || m.Status == EmailMessageStatus.Sending), ct)
                && !await db.EmailCampaignChunks.AnyAsync(c => c.EmailCampaignId == campaignId && c.State != EmailChunkState.Done, ct))
            {
                await db.EmailCampaigns.Where(c => c.Id == campaignId && c.State == EmailCampaignState.Running)
                    .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, EmailCampaignState.Completed).SetProperty(c => c.FinishedAtUtc, now), ct);
            }
        }

        return stale.Count;
    }
}

// N messages per minute per laboratory, spread evenly, shared by every worker: the next free slot lives in the lab's
// settings row and is taken by compare-and-swap. 0 = no limit.
public sealed class EmailThrottle(NotifierDbContext db, TimeProvider clock)
{
    public async Task WaitForSlotAsync(Guid laboratoryId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.LabEmailSettings.AsNoTracking().Where(s => s.LaboratoryId == laboratoryId)
                .Select(s => new { s.PerMinute, s.NextSendAtUtc }).FirstOrDefaultAsync(ct);
            if (row is null || row.PerMinute <= 0)
            {
                return;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var slot = row.NextSendAtUtc is { } n && n > now ? n : now;
            var next = slot + TimeSpan.FromMinutes(1.0 / row.PerMinute);
            var old = row.NextSendAtUtc;
            var taken = await db.LabEmailSettings.Where(s => s.LaboratoryId == laboratoryId && s.NextSendAtUtc == old)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextSendAtUtc, next), ct);
            if (taken == 1)
            {
                var wait = slot - clock.GetUtcNow().UtcDateTime;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, ct);
                }

                return;
            }

            if (attempt > 50)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 50)), ct);
            }
        }
    }
}
