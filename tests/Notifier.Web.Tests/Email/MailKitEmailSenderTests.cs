using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifier.Core.Emails;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Tests.Email;

// MailKitEmailSender against a real SMTP server on 127.0.0.1 (house style §4.7).
public sealed class MailKitEmailSenderTests : IAsyncLifetime
{
    private const string From = "Notifier Test <notifier@notifier.test>";
    private readonly List<MailKitEmailSender> _senders = [];
    private SmtpSink _sink = null!;
    private MailKitEmailSender _sender = null!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        // SmtpServer answers pipelined commands ~50 ms late each (Email:Smtp:Pipelining in docs/configuration.md).
        _sender = Sender(pipelining: false);
    }

    public async Task DisposeAsync()
    {
        foreach (var sender in _senders)
        {
            await sender.DisposeAsync();
        }

        await _sink.DisposeAsync();
    }

    private MailKitEmailSender Sender(bool pipelining, int connections = 2)
    {
        var sender = new MailKitEmailSender(Options.Create(new EmailOptions
        {
            Transport = EmailTransport.Smtp,
            From = From,
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _sink.Port, Security = SmtpSecurity.None, Pipelining = pipelining, Connections = connections },
        }), TimeProvider.System, NullLogger<MailKitEmailSender>.Instance);
        _senders.Add(sender);
        return sender;
    }

    private static EmailMessage Message(int i, string? to = null) => new(
        Guid.NewGuid(),
        to ?? $"dpo{i}@lab{i}.test",
        $"Violation de données — avis n° {i}",
        $"Madame, Monsieur,\r\nAvis n° {i} : vos données ont été concernées.\r\n",
        $"<p>Madame, Monsieur,</p><p>Avis n° {i} : vos données ont été <strong>concernées</strong>.</p>");

    [Fact]
    public async Task Three_messages_arrive_with_text_and_html_parts_and_their_headers()
    {
        var sent = Enumerable.Range(1, 3).Select(i => Message(i)).ToList();
        foreach (var message in sent)
        {
            await _sender.SendAsync(message, CancellationToken.None);
        }

        var received = await _sink.WaitForMessagesAsync(3);
        Assert.Equal(3, received.Count);
        foreach (var message in sent)
        {
            var mime = Assert.Single(received, r => r.Message.MessageId == $"{message.Id}@notifier.test").Message;
            Assert.Equal(message.Subject, mime.Subject);
            Assert.Equal(message.To, Assert.IsType<MailboxAddress>(Assert.Single(mime.To)).Address);
            var from = Assert.IsType<MailboxAddress>(Assert.Single(mime.From));
            Assert.Equal(("Notifier Test", "notifier@notifier.test"), (from.Name, from.Address));
            Assert.Equal($"<{message.Id}@notifier.test>", mime.Headers[HeaderId.MessageId]);
            var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
            Assert.Equal(["text/plain", "text/html"], alternative.OfType<TextPart>().Select(p => p.ContentType.MimeType));
            // Line endings are the transport's business (CRLF on the wire); the words must arrive intact.
            Assert.Equal(message.TextBody.ReplaceLineEndings("\n"), mime.TextBody?.ReplaceLineEndings("\n"));
            Assert.Equal(message.HtmlBody, mime.HtmlBody);
        }
    }

    [Fact]
    public async Task One_connection_carries_all_three_messages()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _sender.SendAsync(Message(i), CancellationToken.None);
        }

        var received = await _sink.WaitForMessagesAsync(3);
        Assert.Single(received.Select(r => r.SessionId).Distinct());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Concurrent_sends_share_at_most_the_configured_number_of_connections(int connections)
    {
        var sender = Sender(pipelining: false, connections);
        await Task.WhenAll(Enumerable.Range(1, 12).Select(i => sender.SendAsync(Message(i), CancellationToken.None)));
        // And again: the sessions opened are kept and reused, none is added.
        await Task.WhenAll(Enumerable.Range(13, 12).Select(i => sender.SendAsync(Message(i), CancellationToken.None)));

        var received = await _sink.WaitForMessagesAsync(24);
        Assert.Equal(24, received.Count);
        // Twelve sends at once find no idle session: each of the first ones opens one, up to the limit.
        Assert.Equal(connections, received.Select(r => r.SessionId).Distinct().Count());
        Assert.Equal(connections + 1, _sink.Sessions); // + the sink's readiness probe
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_recipient_surfaces_as_a_permanent_SmtpCommandException_and_the_connection_keeps_working(bool pipelining)
    {
        var sender = Sender(pipelining);
        _sink.Refuse("gone@lab.test");
        await sender.SendAsync(Message(1), CancellationToken.None);

        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(Message(2, "gone@lab.test"), CancellationToken.None));
        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, e.ErrorCode);
        Assert.InRange((int)e.StatusCode, 500, 599);

        await sender.SendAsync(Message(3), CancellationToken.None);
        var received = await _sink.WaitForMessagesAsync(2);
        Assert.Equal(2, received.Count);
        Assert.Single(received.Select(r => r.SessionId).Distinct());
    }

    [Fact]
    public async Task A_connection_dropped_by_the_server_is_replaced_on_the_next_send()
    {
        await _sender.SendAsync(Message(1), CancellationToken.None);
        var port = _sink.Port;
        await _sink.DisposeAsync();
        _sink = await SmtpSink.StartAsync(port);

        await _sender.SendAsync(Message(2), CancellationToken.None);

        var received = await _sink.WaitForMessagesAsync(1);
        Assert.Single(received);
    }
}
