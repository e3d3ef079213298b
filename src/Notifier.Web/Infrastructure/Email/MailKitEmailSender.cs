using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// SMTP through MailKit over one long-lived connection: reconnecting for every message costs 2–3× (dependencies.md).
// Sends are serialised by a semaphore, so a singleton can be shared by concurrent jobs. A connection that the server
// dropped, or that failed mid-command, is replaced by a new one on the next send. Logs carry message ids only (rule 7).
public sealed class MailKitEmailSender : IEmailSender, IDisposable, IAsyncDisposable
{
    private readonly SmtpOptions _smtp;
    private readonly MailboxAddress _from;
    private readonly TimeProvider _clock;
    private readonly ILogger<MailKitEmailSender> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DkimSigner? _dkim;
    private SmtpClient? _client;
    private bool _disposed;

    public MailKitEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<MailKitEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _smtp = options.Value.Smtp;
        _from = options.Value.FromAddress();
        _dkim = options.Value.Dkim.CreateSigner();
        _clock = clock;
        _logger = logger;
    }

    public async Task<string> SendAsync(EmailMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mime = EmailMime.Create(message, _from, _clock.GetUtcNow(), _dkim);
        string answer;

        await _gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var reused = _client is { IsConnected: true };
                var client = await ConnectedClientAsync(ct);
                try
                {
                    answer = await client.SendAsync(mime, ct);
                    break;
                }
                catch (SmtpCommandException e) when (client.IsConnected)
                {
                    // The server refused this message (a 5xx is permanent); MailKit has reset the transaction and the
                    // session stays usable.
                    _logger.LogWarning("Email {MessageId} refused by the SMTP server: {StatusCode} {ErrorCode}", message.Id, (int)e.StatusCode, e.ErrorCode);
                    throw;
                }
                catch (Exception e) when (reused && attempt == 1 && e is IOException or SmtpProtocolException or ServiceNotConnectedException)
                {
                    // The server closed the kept connection while it was idle (timeout, restart): it fails on the first
                    // command, so nothing was accepted; try once more on a new connection.
                    await DropAsync();
                    _logger.LogInformation("SMTP connection to {Host}:{Port} was closed by the server; reconnecting for email {MessageId}",
                        _smtp.Host, _smtp.Port, message.Id);
                }
                catch
                {
                    // Protocol or I/O failure, or cancellation mid-command: the session state is unknown, never reuse it.
                    await DropAsync();
                    throw;
                }
            }

            _logger.LogDebug("Email {MessageId} sent", message.Id);
        }
        finally
        {
            _gate.Release();
        }

        return answer;
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken ct)
    {
        if (_client is { IsConnected: true } open)
        {
            return open;
        }

        await DropAsync();
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(_smtp.Host, _smtp.Port, SocketOptions(_smtp.Security), ct);
            if (!_smtp.Pipelining)
            {
                client.Capabilities &= ~SmtpCapabilities.Pipelining;
            }

            if (!string.IsNullOrEmpty(_smtp.UserName))
            {
                await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", ct);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        _client = client;
        _logger.LogInformation("SMTP connection opened to {Host}:{Port} ({Security})", _smtp.Host, _smtp.Port, _smtp.Security);
        return client;
    }

    public static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };

    private async Task DropAsync()
    {
        if (_client is not { } client)
        {
            return;
        }

        _client = null;
        try
        {
            if (client.IsConnected)
            {
                // QUIT politely, but never let a dead server hold up the caller.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(quit: true, timeout.Token);
            }
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The connection is being discarded either way.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _gate.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
