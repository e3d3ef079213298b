using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using MimeKit.Cryptography;
using Notifier.Core.Emails;
using Notifier.Web.Infrastructure.Email;
using Org.BouncyCastle.Crypto;

namespace Notifier.Web.Tests.Email;

// Email:Dkim:* signs every message; the signature verifies with the public key the lab's DNS would publish, and breaks
// when the body is changed.
public sealed class DkimTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("notifier-dkim-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_configured_key_signs_the_message_and_the_signature_verifies_with_the_published_key()
    {
        using var rsa = RSA.Create(2048);
        var keyPath = Path.Combine(_folder, "dkim.pem");
        await File.WriteAllTextAsync(keyPath, rsa.ExportRSAPrivateKeyPem());
        var mail = Path.Combine(_folder, "mail");
        var options = new EmailOptions
        {
            From = "Laboratoire <ne-pas-repondre@labo.test>",
            PickupFolder = mail,
            Dkim = new DkimOptions { Domain = "labo.test", Selector = "notifier2021", PrivateKeyPath = keyPath },
        };
        var sender = new PickupEmailSender(Options.Create(options), new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<PickupEmailSender>.Instance);
        await sender.SendAsync(new EmailMessage(Guid.NewGuid(), "zoe@example.test", "Information", "Bonjour Zoé,\r\nTexte.", "<p>Bonjour Zoé,</p>"), CancellationToken.None);

        var message = await MimeMessage.LoadAsync(Assert.Single(Directory.GetFiles(mail)));
        var header = message.Headers[HeaderId.DkimSignature];
        Assert.NotNull(header);
        Assert.Contains("d=labo.test", header, StringComparison.Ordinal);
        Assert.Contains("s=notifier2021", header, StringComparison.Ordinal);

        var published = $"v=DKIM1; k=rsa; p={Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())}";
        var verifier = new DkimVerifier(new Locator(published));
        var signature = message.Headers[message.Headers.IndexOf(HeaderId.DkimSignature)];
        Assert.True(await verifier.VerifyAsync(message, signature));

        message.BodyParts.OfType<TextPart>().First(p => p.IsPlain).Text = "Texte modifié.";
        Assert.False(await verifier.VerifyAsync(message, signature));
    }

    private sealed class Locator(string txt) : DkimPublicKeyLocatorBase
    {
        public override AsymmetricKeyParameter LocatePublicKey(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            GetPublicKey(txt);

        public override Task<AsymmetricKeyParameter> LocatePublicKeyAsync(string methods, string domain, string selector, CancellationToken cancellationToken = default) =>
            Task.FromResult(GetPublicKey(txt));
    }
}
