using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// The one seam for outgoing mail (house style rule 12). Implementations throw on failure; a permanent SMTP refusal
// surfaces as MailKit's SmtpCommandException with a 5xx StatusCode so that callers can stop retrying.
// Returns the server's answer to the message (the text of SMTP's 250), or a note of where the pickup file went.
public interface IEmailSender
{
    Task<string> SendAsync(EmailMessage message, CancellationToken ct);
}
