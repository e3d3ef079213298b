using System.Globalization;
using System.Text;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.EmailCampaigns;

public sealed record CampaignCounts(int Total, int Queued, int Sending, int Sent, int Failed, int Bounced, int Cancelled)
{
    public int Done => Sent + Failed + Bounced + Cancelled;

    public int ProgressPercent => Total == 0 ? 100 : (int)Math.Min(100, 100L * Done / Total);
}

// Rate over the last minutes and the estimated end, from the sent instants of the outbox.
public sealed record CampaignProgress(EmailCampaign Campaign, CampaignCounts Counts, double PerMinute, DateTime? EstimatedEndUtc);

// The DPO's email campaigns: creation (outbox rows and chunks, then the first jobs), pause/resume/cancel, counts, the
// per-person export, and the lab's policy and rate. Sending itself is EmailChunkJob's.
public sealed class EmailCampaignService(
    NotifierDbContext db,
    FieldCipher cipher,
    IOptions<EmailCampaignOptions> options,
    IBackgroundJobClient jobs,
    AuditTrail audit,
    TimeProvider clock)
{
    // Rows per INSERT statement of a new campaign's outbox (2 parameters a row: well under SQL Server's 2,100; SQLite
    // binds named parameters by a linear search, so fewer per statement cost less per row).
    private const int OutboxRowsPerInsert = 50;

    // Who needs an email: a usable address (HasEmail), not in manual review, not a minor (minors are written to on
    // paper, to their legal representatives), reachable by email under the preliminary channel, and with no message
    // already queued, being sent or sent in an earlier campaign (failed and bounced ones are not retried by a new
    // campaign: the person went back to paper).
    public IQueryable<DataSubject> AwaitingEmail(Guid caseId) =>
        db.Subjects.Where(s => s.ControllerCaseId == caseId && s.HasEmail && !s.IsMinor && s.ReviewReason == ReviewReason.None
            && (s.Channel == NotificationChannel.Email || s.Channel == NotificationChannel.EmailAndPost)
            && s.Status != SubjectNotificationStatus.ManualReview && s.Status != SubjectNotificationStatus.Unreachable
            && s.Status != SubjectNotificationStatus.EmailSent
            && !db.EmailOutboxMessages.Any(m => m.DataSubjectId == s.Id && m.Status != EmailMessageStatus.Cancelled));

    public async Task<LabEmailSettings> SettingsAsync(Guid laboratoryId, CancellationToken ct)
    {
        var settings = await db.LabEmailSettings.FirstOrDefaultAsync(s => s.LaboratoryId == laboratoryId, ct);
        if (settings is null)
        {
            settings = new LabEmailSettings(laboratoryId, EmailPolicy.InAdditionToLetter, options.Value.DefaultPerMinute, clock.GetUtcNow().UtcDateTime, null);
            db.LabEmailSettings.Add(settings);
            await db.SaveChangesAsync(ct);
        }

        return settings;
    }

    public async Task<string?> SaveSettingsAsync(ControllerCase @case, EmailPolicy policy, int perMinute, Guid? userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (perMinute is < 0 or > LabEmailSettings.MaxPerMinute)
        {
            return "Le débit doit être compris entre 0 (sans limite) et 100 000 messages par minute.";
        }

        var settings = await SettingsAsync(@case.LaboratoryId, ct);
        var before = $"{settings.Policy}, {settings.PerMinute}/min";
        settings.Policy = policy;
        settings.PerMinute = perMinute;
        settings.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        settings.UpdatedByUserId = userId;
        audit.Record("email-settings.changed", "Laboratory", @case.LaboratoryId, @case.IncidentId, @case.Id,
            $"Courriel : {before} → {policy}, {perMinute}/min");
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<EmailCampaign?> CreateAsync(ControllerCase @case, string? language, Guid? userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(@case);
        language = language == "en" ? "en" : "fr";
        var settings = await SettingsAsync(@case.LaboratoryId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await AwaitingEmail(@case.Id).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return null;
        }

        var number = (await db.EmailCampaigns.Where(c => c.ControllerCaseId == @case.Id).MaxAsync(c => (int?)c.Number, ct) ?? 0) + 1;
        var campaign = new EmailCampaign(Guid.CreateVersion7(), @case.Id, @case.LaboratoryId, number, settings.Policy, settings.PerMinute, language, now, userId);
        var chunkSize = options.Value.ChunkSize;
        var chunks = ids.Chunk(chunkSize).ToList();
        campaign.MessageCount = ids.Count;
        campaign.ChunkCount = chunks.Count;
        var parallel = Math.Min(options.Value.Parallelism, chunks.Count);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.EmailCampaigns.Add(campaign);
        for (var c = 0; c < chunks.Count; c++)
        {
            db.EmailCampaignChunks.Add(new EmailCampaignChunk(campaign.Id, c, chunks[c].Length)
            {
                State = c < parallel ? EmailChunkState.Enqueued : EmailChunkState.Waiting,
                EnqueuedAtUtc = c < parallel ? now : null,
            });
        }

        audit.Record("email-campaign.created", "EmailCampaign", campaign.Id, @case.IncidentId, @case.Id,
            $"Campagne {number} : {ids.Count} courriel(s), politique {settings.Policy}, {settings.PerMinute}/min, {language}");
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        // The outbox rows in bulk, without EF's change tracking (60,000 tracked entities cost ~10 s of CPU, part of the
        // campaign's time): multi-row INSERTs of OutboxRowsPerInsert rows, the same SQL on the three providers, values as
        // the EF model stores them (the status as its name, a new row is queued with no attempt).
        for (var c = 0; c < chunks.Count; c++)
        {
            foreach (var part in chunks[c].Chunk(OutboxRowsPerInsert))
            {
                var sql = new StringBuilder("INSERT INTO \"EmailOutboxMessages\" (\"Id\", \"EmailCampaignId\", \"DataSubjectId\", \"Chunk\", \"Status\", \"Attempts\") VALUES ");
                var values = new object[1 + 2 * part.Length];
                values[0] = campaign.Id;
                for (var i = 0; i < part.Length; i++)
                {
                    values[1 + 2 * i] = Guid.CreateVersion7();
                    values[2 + 2 * i] = part[i];
                    sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}({{{1 + 2 * i}}}, {{0}}, {{{2 + 2 * i}}}, {c}, 'Queued', 0)");
                }

                await db.Database.ExecuteSqlRawAsync(sql.ToString(), values, ct);
            }
        }

        if (settings.Policy == EmailPolicy.InsteadOfLetter)
        {
            // The email replaces the letter: persons not yet queued for a letter leave the postal queue.
            foreach (var part in ids.Chunk(500))
            {
                await db.Subjects.Where(s => part.Contains(s.Id) && s.Status == SubjectNotificationStatus.Pending && s.Channel == NotificationChannel.EmailAndPost)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.Channel, NotificationChannel.Email).SetProperty(s => s.UpdatedAtUtc, now), ct);
            }
        }

        await tx.CommitAsync(ct);

        // Committed first, then enqueued: a lost enqueue is found by the sweep (ADR-0004).
        for (var c = 0; c < parallel; c++)
        {
            var chunk = c;
            jobs.Enqueue<EmailChunkJob>(j => j.RunAsync(campaign.Id, chunk, CancellationToken.None));
        }

        return campaign;
    }

    public async Task<CampaignCounts> CountsAsync(Guid campaignId, CancellationToken ct)
    {
        var groups = await db.EmailOutboxMessages.Where(m => m.EmailCampaignId == campaignId).GroupBy(m => m.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(EmailMessageStatus s) => groups.FirstOrDefault(g => g.Key == s)?.Count ?? 0;
        return new CampaignCounts(groups.Sum(g => g.Count), Of(EmailMessageStatus.Queued), Of(EmailMessageStatus.Sending), Of(EmailMessageStatus.Sent),
            Of(EmailMessageStatus.Failed), Of(EmailMessageStatus.Bounced), Of(EmailMessageStatus.Cancelled));
    }

    public async Task<CampaignProgress> ProgressAsync(EmailCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var counts = await CountsAsync(campaign.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddMinutes(-5);
        var recent = await db.EmailOutboxMessages.Where(m => m.EmailCampaignId == campaign.Id && m.SentAtUtc != null && m.SentAtUtc >= since)
            .Select(m => m.SentAtUtc).ToListAsync(ct);
        double perMinute = 0;
        if (recent.Count >= 2)
        {
            var span = (now - recent.Min()!.Value).TotalMinutes;
            perMinute = span > 0 ? recent.Count / Math.Max(span, 1.0 / 60) : 0;
        }

        var remaining = counts.Queued + counts.Sending;
        DateTime? end = campaign.State == EmailCampaignState.Running && remaining > 0 && perMinute > 0 ? now.AddMinutes(remaining / perMinute) : null;
        return new CampaignProgress(campaign, counts, perMinute, end);
    }

    public async Task<string?> PauseAsync(EmailCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var error = campaign.Pause(clock.GetUtcNow().UtcDateTime);
        if (error is null)
        {
            audit.Record("email-campaign.paused", "EmailCampaign", campaign.Id, null, campaign.ControllerCaseId, $"Campagne {campaign.Number} en pause");
            await db.SaveChangesAsync(ct);
        }

        return error;
    }

    public async Task<string?> ResumeAsync(EmailCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var error = campaign.Resume();
        if (error is not null)
        {
            return error;
        }

        audit.Record("email-campaign.resumed", "EmailCampaign", campaign.Id, null, campaign.ControllerCaseId, $"Campagne {campaign.Number} reprise");
        await db.SaveChangesAsync(ct);

        // The paused jobs returned; enqueue again every chunk that was handed out and not finished.
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaign.Id && c.State == EmailChunkState.Enqueued)
            .Select(c => c.Number).ToListAsync(ct);
        await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaign.Id && c.State == EmailChunkState.Enqueued)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.EnqueuedAtUtc, now), ct);
        foreach (var number in open)
        {
            jobs.Enqueue<EmailChunkJob>(j => j.RunAsync(campaign.Id, number, CancellationToken.None));
        }

        return null;
    }

    // Messages not yet claimed are cancelled; one being sent at this instant finishes and is recorded.
    public async Task<string?> CancelAsync(EmailCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var now = clock.GetUtcNow().UtcDateTime;
        var error = campaign.Cancel(now);
        if (error is not null)
        {
            return error;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        audit.Record("email-campaign.cancelled", "EmailCampaign", campaign.Id, null, campaign.ControllerCaseId, $"Campagne {campaign.Number} annulée");
        await db.SaveChangesAsync(ct);
        await CancelQueuedAsync(db, campaign, now, ct);
        await db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaign.Id && c.State != EmailChunkState.Done)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.State, EmailChunkState.Done), ct);
        await tx.CommitAsync(ct);
        return null;
    }

    // The queued messages of a cancelled campaign are cancelled; under "instead of the letter", persons whose email will
    // not go out get their letter back. Also run by a chunk job that stops on a cancelled campaign, for the claims it
    // had taken and not used (EmailChunkJob).
    public static async Task CancelQueuedAsync(NotifierDbContext db, EmailCampaign campaign, DateTime now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(campaign);
        await db.EmailOutboxMessages.Where(m => m.EmailCampaignId == campaign.Id && m.Status == EmailMessageStatus.Queued)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, EmailMessageStatus.Cancelled), ct);
        if (campaign.Policy == EmailPolicy.InsteadOfLetter)
        {
            var cancelled = db.EmailOutboxMessages.Where(m => m.EmailCampaignId == campaign.Id && m.Status == EmailMessageStatus.Cancelled).Select(m => m.DataSubjectId);
            await db.Subjects.Where(s => cancelled.Contains(s.Id) && s.Status == SubjectNotificationStatus.Pending && s.Channel == NotificationChannel.Email)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Channel, NotificationChannel.EmailAndPost).SetProperty(s => s.UpdatedAtUtc, now), ct);
        }
    }

    // Per person, for the DPO (French Excel: ';', BOM, formula-safe): letter code, name, address, status, instants, the
    // server's answer or the reason. Nothing from the health fields, no NIR.
    public async Task<byte[]> ExportAsync(EmailCampaign campaign, string timeZoneId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var w = new StringWriter(CultureInfo.InvariantCulture);
        w.Write("code_courrier;nom;prenom;courriel;statut;tentatives;envoye_le;reponse_serveur;motif;retour_le\r\n");
        var lastId = Guid.Empty;
        while (true)
        {
            var page = await db.EmailOutboxMessages.AsNoTracking().Where(m => m.EmailCampaignId == campaign.Id && m.Id.CompareTo(lastId) > 0).OrderBy(m => m.Id)
                .Join(db.Subjects, m => m.DataSubjectId, s => s.Id, (m, s) => new { Message = m, s.Id, s.Payload, s.LetterCode })
                .Take(1000).ToListAsync(ct);
            foreach (var row in page)
            {
                var p = cipher.OpenSubject(row.Id, row.Payload);
                var m = row.Message;
                string[] cells =
                [
                    row.LetterCode is null ? "" : LetterCodes.Display(row.LetterCode), p.LastName, p.FirstName, p.Email ?? "",
                    EmailCampaignLabels.StatusCode(m.Status), m.Attempts.ToString(CultureInfo.InvariantCulture), Local(m.SentAtUtc, timeZoneId),
                    m.ServerAnswer ?? "", m.Failure ?? "", Local(m.BouncedAtUtc, timeZoneId),
                ];
                w.Write(string.Join(';', cells.Select(ErrorReport.Cell)));
                w.Write("\r\n");
            }

            if (page.Count < 1000)
            {
                break;
            }

            lastId = page[^1].Message.Id;
        }

        audit.Record("email-campaign.exported", "EmailCampaign", campaign.Id, null, campaign.ControllerCaseId, $"Campagne {campaign.Number} : export par personne");
        await db.SaveChangesAsync(ct);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(w.ToString())];
    }

    private static string Local(DateTime? utc, string timeZoneId) =>
        utc is { } u ? LabTime.Format(u, timeZoneId, CultureInfo.GetCultureInfo("fr-FR")) : "";
}
