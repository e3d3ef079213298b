using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;
using Notifier.Core.Emails;

namespace Notifier.Web.Infrastructure.Email;

// SMTP through MailKit over long-lived connections: reconnecting for every message costs 2–3× (dependencies.md). At
// most Email:Smtp:Connections sessions are open at once, each carrying one message at a time and kept for the next
// (a singleton shared by concurrent jobs: a send takes an idle session, or opens one while under the limit, or waits).
// A session that the server dropped, or that failed mid-command, is replaced by a new one on the next send. Logs carry
// message ids only (rule 7).
public sealed class MailKitEmailSender : IEmailSender, IDisposable, IAsyncDisposable
{
    private readonly SmtpOptions _smtp;
    private readonly MailboxAddress _from;
    private readonly TimeProvider _clock;
    private readonly ILogger<MailKitEmailSender> _logger;
    private readonly SemaphoreSlim _gate;
    private readonly Stack<SmtpClient> _idle = new();
    private readonly DkimSigner? _dkim;
    private bool _disposed;

    public MailKitEmailSender(IOptions<EmailOptions> options, TimeProvider clock, ILogger<MailKitEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _smtp = options.Value.Smtp;
        _from = options.Value.FromAddress();
        _dkim = options.Value.Dkim.CreateSigner();
        _gate = new SemaphoreSlim(Math.Max(1, _smtp.Connections), Math.Max(1, _smtp.Connections));
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
        var client = TakeIdle();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var reused = client is { IsConnected: true };
                if (!reused)
                {
                    await DropAsync(client);
                    client = null;
                    client = await ConnectAsync(ct);
                }

                try
                {
                    answer = await client!.SendAsync(mime, ct);
                    break;
                }
                catch (SmtpCommandException e) when (client!.IsConnected)
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
                    await DropAsync(client);
                    client = null;
                    _logger.LogInformation("SMTP connection to {Host}:{Port} was closed by the server; reconnecting for email {MessageId}",
                        _smtp.Host, _smtp.Port, message.Id);
                }
                catch
                {
                    // Protocol or I/O failure, or cancellation mid-command: the session state is unknown, never reuse it.
                    await DropAsync(client);
                    client = null;
                    throw;
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                lock (_idle)
                {
                    _idle.Push(client);
                }
            }

            _gate.Release();
        }

        return answer;
    }

    private SmtpClient? TakeIdle()
    {
        lock (_idle)
        {
            return _idle.Count > 0 ? _idle.Pop() : null;
        }
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken ct)
    {
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

    private static async Task DropAsync(SmtpClient? client)
    {
        if (client is null)
        {
            return;
        }

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
        // Every session back (sends in progress finish first), then each one closed.
        var slots = Math.Max(1, _smtp.Connections);
        for (var i = 0; i < slots; i++)
        {
            await _gate.WaitAsync();
        }

        try
        {
            while (TakeIdle() is { } client)
            {
                await DropAsync(client);
            }
        }
        finally
        {
            _gate.Release(slots);
            _gate.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
