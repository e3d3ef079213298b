using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// Writes each message as one .eml file (RFC 5322, CRLF line endings) into the pickup folder. The file appears whole or
// not at all: it is written under a hidden temporary name in the same folder, then renamed.
public sealed class PickupEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<PickupEmailSender> logger) : IEmailSender
{
    private static readonly FormatOptions Format = CreateFormat();

    private readonly string _folder = Path.GetFullPath(options.Value.PickupFolder);
    private readonly MailboxAddress _from = options.Value.FromAddress();
    private readonly DkimSigner? _dkim = options.Value.Dkim.CreateSigner();

    public string Folder => _folder;

    public async Task<string> SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = clock.GetUtcNow();
        var mime = EmailMime.Create(message, _from, now, _dkim);
        Directory.CreateDirectory(_folder);

        var name = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture)}-{message.Id:D}.eml";
        var path = Path.Combine(_folder, name);
        var temporary = Path.Combine(_folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16384, FileOptions.Asynchronous))
            {
                await mime.WriteToAsync(Format, stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }

            // Same id, same instant: the same message; replacing it keeps a re-run idempotent.
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        logger.LogInformation("Email {MessageId} written to the pickup folder", message.Id);
        return "pickup " + name;
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
