using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Notifier.Core.Emails;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Tests.Email;

public sealed class PickupEmailSenderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("notifier-pickup-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2021, 2, 27, 9, 30, 15, 250, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private PickupEmailSender Sender() => new(Options.Create(new EmailOptions { From = "Notifier <notifier@notifier.test>", PickupFolder = _folder }),
        _clock, NullLogger<PickupEmailSender>.Instance);

    [Fact]
    public async Task A_message_becomes_one_parseable_eml_file_with_text_and_html_parts()
    {
        var message = new EmailMessage(Guid.NewGuid(), "dpo@lab.test", "Avis de violation", "Texte brut — é à ç.", "<p>Texte <em>HTML</em> — é à ç.</p>");

        await Sender().SendAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal($"20210227T093015250Z-{message.Id}.eml", Path.GetFileName(file));
        var mime = await MimeMessage.LoadAsync(file);
        Assert.Equal(message.Subject, mime.Subject);
        Assert.Equal("dpo@lab.test", Assert.IsType<MailboxAddress>(Assert.Single(mime.To)).Address);
        Assert.Equal("notifier@notifier.test", Assert.IsType<MailboxAddress>(Assert.Single(mime.From)).Address);
        Assert.Equal($"{message.Id}@notifier.test", mime.MessageId);
        // RFC 5322 dates have whole seconds.
        Assert.Equal(_clock.GetUtcNow().AddMilliseconds(-250), mime.Date);
        var alternative = Assert.IsType<MultipartAlternative>(mime.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.OfType<TextPart>().Select(p => p.ContentType.MimeType));
        Assert.Equal(message.TextBody, mime.TextBody);
        Assert.Equal(message.HtmlBody, mime.HtmlBody);
    }

    [Fact]
    public async Task The_file_uses_CRLF_line_endings_as_RFC_5322_requires()
    {
        await Sender().SendAsync(new EmailMessage(Guid.NewGuid(), "dpo@lab.test", "Sujet", "Ligne 1\nLigne 2", null), CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(Assert.Single(Directory.GetFiles(_folder)));
        var lineFeeds = bytes.Select((b, i) => (b, i)).Where(x => x.b == '\n').ToList();
        Assert.NotEmpty(lineFeeds);
        Assert.All(lineFeeds, x => Assert.Equal((byte)'\r', bytes[x.i - 1]));
    }

    [Fact]
    public async Task A_message_without_HTML_is_a_single_text_part_and_no_temporary_file_remains()
    {
        await Sender().SendAsync(new EmailMessage(Guid.NewGuid(), "dpo@lab.test", "Sujet", "Texte seul", null), CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
        var mime = await MimeMessage.LoadAsync(file);
        Assert.Equal("text/plain", Assert.IsType<TextPart>(mime.Body).ContentType.MimeType);
    }
}
