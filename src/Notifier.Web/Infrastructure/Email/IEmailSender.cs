using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// The one seam for outgoing mail (house style rule 12). Implementations throw on failure; a permanent SMTP refusal
// surfaces as MailKit's SmtpCommandException with a 5xx StatusCode so that callers can stop retrying.
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}
