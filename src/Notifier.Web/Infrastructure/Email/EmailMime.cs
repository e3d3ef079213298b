using MimeKit;
using MimeKit.Cryptography;
using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// EmailMessage → RFC 5322 message, shared by both transports so that a pickup file and an SMTP delivery are identical.
internal static class EmailMime
{
    // DKIM-signed headers when a signer is configured (Email:Dkim): From, To, Subject, Date and Message-Id.
    private static readonly HeaderId[] SignedHeaders = [HeaderId.From, HeaderId.To, HeaderId.Subject, HeaderId.Date, HeaderId.MessageId];

    public static MimeMessage Create(EmailMessage message, MailboxAddress from, DateTimeOffset now, DkimSigner? dkim = null)
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
        if (dkim is not null)
        {
            // The body must be in its final transfer encoding before it is hashed.
            mime.Prepare(EncodingConstraint.SevenBit);
            dkim.Sign(mime, SignedHeaders);
        }

        return mime;
    }

    // Without the angle brackets, as MimeKit stores it: <{id}@{domain}> on the wire.
    public static string MessageId(Guid id, MailboxAddress from) => $"{id:D}@{from.Domain}";
}
