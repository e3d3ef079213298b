using MimeKit;
using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// EmailMessage → RFC 5322 message, shared by both transports so that a pickup file and an SMTP delivery are identical.
internal static class EmailMime
{
    public static MimeMessage Create(EmailMessage message, MailboxAddress from, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = now,
            // Jobs run at least once: a repeated send carries the same Message-Id and can be recognised (house style §4.7).
            MessageId = MessageId(message.Id, from),
        };
        mime.From.Add(new MailboxAddress(from.Name, from.Address));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }

    // Without the angle brackets, as MimeKit stores it: <{id}@{domain}> on the wire.
    public static string MessageId(Guid id, MailboxAddress from) => $"{id:D}@{from.Domain}";
}
