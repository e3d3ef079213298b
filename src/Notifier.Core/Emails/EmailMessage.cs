namespace Notifier.Core.Emails;

// What an email says, composed in Core; how it travels (SMTP, pickup folder) is Web's concern (house style §4.7).
// Id becomes the Message-Id, so that a job run twice produces a recognisable duplicate rather than a new message.
public sealed record EmailMessage(Guid Id, string To, string Subject, string TextBody, string? HtmlBody);
