using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Features.EmailCampaigns;

// One failed delivery read from a DSN (RFC 3464): the Message-Id of the original (when the report quotes it), the
// final recipient and the status code (5.1.1 …).
public sealed record DeliveryFailure(string? OriginalMessageId, string? Recipient, string Status);

public static class DeliveryStatusNotifications
{
    // Failed recipients of a multipart/report; delayed or delivered ones are not bounces. Null when the message is not a DSN.
    public static IReadOnlyList<DeliveryFailure>? Read(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (report is null)
        {
            return null;
        }

        string? original = null;
        foreach (var part in message.BodyParts)
        {
            // message/rfc822 (the whole original) or text/rfc822-headers (its headers only; MimeKit reads both as a MessagePart).
            if (part is MessagePart { Message: { } quoted } && quoted.MessageId is { } id)
            {
                original = id;
            }
        }

        var failures = new List<DeliveryFailure>();
        foreach (var group in report.StatusGroups.Skip(1))
        {
            var action = group["Action"]?.Trim();
            var status = group["Status"]?.Trim() ?? "";
            if (!string.Equals(action, "failed", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var recipient = group["Original-Recipient"] ?? group["Final-Recipient"];
            if (recipient is not null && recipient.Contains(';', StringComparison.Ordinal))
            {
                recipient = recipient[(recipient.IndexOf(';', StringComparison.Ordinal) + 1)..];
            }

            failures.Add(new DeliveryFailure(original, recipient?.Trim(), status));
        }

        return failures;
    }

    // Our Message-Ids are "<outbox row id>@<domain of Email:From>".
    public static Guid? OutboxId(string? messageId)
    {
        if (messageId is null)
        {
            return null;
        }

        var local = messageId.Trim('<', '>').Split('@', 2)[0];
        return Guid.TryParse(local, out var id) ? id : null;
    }
}

public sealed record BounceResult(int Reports, int Bounced, int AlreadyRecorded, int NotDsn, int Unmatched);

// A bounce marks the message bounced and sends the person back to the paper letter (EmailChannel.ToPaper).
public sealed class BounceService(NotifierDbContext db, FieldCipher cipher, AuditTrail audit, TimeProvider clock, ILogger<BounceService> logger)
{
    // caseId limits the matching to one laboratory's case (an upload by its DPO); null for the IMAP poll (Message-Id only).
    public async Task<BounceResult> RecordAsync(Guid? caseId, IEnumerable<MimeMessage> reports, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reports);
        int count = 0, bounced = 0, already = 0, notDsn = 0, unmatched = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var report in reports)
        {
            count++;
            var failures = DeliveryStatusNotifications.Read(report);
            if (failures is null)
            {
                notDsn++;
                continue;
            }

            foreach (var failure in failures)
            {
                var message = await FindAsync(caseId, failure, ct);
                if (message is null)
                {
                    unmatched++;
                    continue;
                }

                if (message.Status == EmailMessageStatus.Bounced)
                {
                    already++;
                    continue;
                }

                message.Status = EmailMessageStatus.Bounced;
                message.BouncedAtUtc = now;
                message.Failure = SmtpFailures.Describe("DSN " + failure.Status);
                var subject = await db.Subjects.FirstAsync(s => s.Id == message.DataSubjectId, ct);
                var p = cipher.OpenSubject(subject.Id, subject.Payload);
                EmailChannel.ToPaper(subject,
                    AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country) is { NeedsReview: false, Lines.Count: > 0 },
                    now);
                bounced++;
            }
        }

        if (bounced > 0)
        {
            if (caseId is { } id)
            {
                audit.Record("email-bounces.recorded", "ControllerCase", id, null, id, $"{bounced} retour(s) de courriel (DSN) : personnes renvoyées vers le courrier");
            }
            else
            {
                audit.RecordAs(null, "imap", "email-bounces.recorded", "EmailCampaign", Guid.Empty, null, null,
                    $"{bounced} retour(s) de courriel (DSN) lus par IMAP : personnes renvoyées vers le courrier");
            }
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Bounces: {Reports} report(s), {Bounced} bounced, {Unmatched} unmatched", count, bounced, unmatched);
        return new BounceResult(count, bounced, already, notDsn, unmatched);
    }

    private async Task<EmailOutboxMessage?> FindAsync(Guid? caseId, DeliveryFailure failure, CancellationToken ct)
    {
        var campaigns = caseId is { } c ? db.EmailCampaigns.Where(x => x.ControllerCaseId == c).Select(x => x.Id) : db.EmailCampaigns.Select(x => x.Id);
        if (DeliveryStatusNotifications.OutboxId(failure.OriginalMessageId) is { } id)
        {
            return await db.EmailOutboxMessages.FirstOrDefaultAsync(m => m.Id == id && campaigns.Contains(m.EmailCampaignId), ct);
        }

        if (caseId is null || string.IsNullOrWhiteSpace(failure.Recipient))
        {
            return null;
        }

        // No quoted original: match the recipient among the case's sent messages (addresses are encrypted, so decrypt).
        var sent = await db.EmailOutboxMessages.Where(m => campaigns.Contains(m.EmailCampaignId) && m.Status == EmailMessageStatus.Sent)
            .Join(db.Subjects, m => m.DataSubjectId, s => s.Id, (m, s) => new { m.Id, s.Payload, SubjectId = s.Id }).ToListAsync(ct);
        var match = sent.LastOrDefault(r => string.Equals(cipher.OpenSubject(r.SubjectId, r.Payload).Email?.Trim(), failure.Recipient, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : await db.EmailOutboxMessages.FirstAsync(m => m.Id == match.Id, ct);
    }
}

// Reads unseen messages of the bounce mailbox (Email:Imap:*) and records the DSNs among them; every message read is
// flagged seen, so the next poll starts after it. Registered as a recurring job only when Email:Imap:Host is set.
public sealed class ImapBouncePollJob(BounceService bounces, IOptions<EmailOptions> options, ILogger<ImapBouncePollJob> logger)
{
    public const string RecurringId = "email-bounce-imap-poll";

    public async Task<BounceResult?> RunAsync(CancellationToken ct)
    {
        var imap = options.Value.Imap;
        if (!imap.Enabled)
        {
            return null;
        }

        using var client = new ImapClient();
        await client.ConnectAsync(imap.Host, imap.Port, MailKitEmailSender.SocketOptions(imap.Security), ct);
        if (!string.IsNullOrEmpty(imap.UserName))
        {
            await client.AuthenticateAsync(imap.UserName, imap.Password ?? "", ct);
        }

        var folder = await client.GetFolderAsync(imap.Folder, ct);
        await folder.OpenAsync(FolderAccess.ReadWrite, ct);
        var uids = await folder.SearchAsync(SearchQuery.NotSeen, ct);
        var messages = new List<MimeMessage>();
        foreach (var uid in uids.Take(1000))
        {
            messages.Add(await folder.GetMessageAsync(uid, ct));
        }

        var result = await bounces.RecordAsync(null, messages, ct);
        if (uids.Count > 0)
        {
            await folder.AddFlagsAsync(uids.Take(1000).ToList(), MessageFlags.Seen, silent: true, ct);
        }

        await client.DisconnectAsync(true, ct);
        logger.LogInformation("IMAP bounce poll: {Count} message(s) read", messages.Count);
        return result;
    }
}
