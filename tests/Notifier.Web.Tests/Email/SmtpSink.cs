using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using Notifier.Web.Tests.Infrastructure;
using SmtpServer.Storage;

namespace Notifier.Web.Tests.Email;

// A real SMTP server on 127.0.0.1, in process (the SmtpServer package): it accepts every message, keeps it parsed by
// MimeKit with the id of the SMTP session it came in, and refuses the recipients it is told to refuse with a 5xx.
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Received> _messages = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _deferred = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _perRecipient = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _keep;
    private int _count;
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private int _sessions;

    private SmtpSink(int port, bool keep)
    {
        Port = port;
        _keep = keep;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
        _running = _server.StartAsync(_stop.Token);
    }

    public sealed record Received(Guid SessionId, MimeMessage Message);

    public int Port { get; }

    // SMTP sessions opened so far (includes the readiness probe of StartAsync).
    public int Sessions => Volatile.Read(ref _sessions);

    public IReadOnlyList<Received> Messages => [.. _messages];

    // Messages accepted so far (also counted when keepMessages is off).
    public int Count => Volatile.Read(ref _count);

    // Messages accepted per recipient address: exactly once per person is checked here.
    public IReadOnlyDictionary<string, int> PerRecipient => new Dictionary<string, int>(_perRecipient, StringComparer.OrdinalIgnoreCase);

    // A given port restarts a sink where a stopped one listened (a server restart, seen from the client).
    // keepMessages: false counts recipients without parsing or keeping the messages (thousands of them, the benchmark).
    public static async Task<SmtpSink> StartAsync(int? port = null, bool keepMessages = true)
    {
        var sink = new SmtpSink(port ?? Ports.Free(), keepMessages);
        await sink.WaitUntilListeningAsync();
        return sink;
    }

    // Called for every accepted message, with the number accepted so far (this one included), before the server answers
    // its 250: a test observes the client's state at that instant (the messages it had sent before this one).
    public Func<int, Task>? BeforeAnswer { get; set; }

    // RCPT TO for this address is answered 550 (mailbox unavailable).
    public void Refuse(string address) => _refused[address] = true;

    // RCPT TO for this address is answered 452 (a transient refusal) the next `times` times.
    public void Defer(string address, int times) => _deferred[address] = times;

    public async Task<IReadOnlyList<Received>> WaitForMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The sink received {Count} of {count} messages.");
            }

            await Task.Delay(20);
        }

        return Messages;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (attempt < 100)
            {
                await Task.Delay(20);
            }
        }
    }


    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            foreach (var to in transaction.To)
            {
                sink._perRecipient.AddOrUpdate(to.AsAddress(), 1, (_, n) => n + 1);
            }

            if (sink._keep)
            {
                using var stream = new MemoryStream(buffer.ToArray());
                var message = await MimeMessage.LoadAsync(stream, cancellationToken);
                sink._messages.Enqueue(new Received(context.SessionId, message));
            }

            // Counted once kept, so that a caller waiting for n messages finds all n in Messages.
            var count = Interlocked.Increment(ref sink._count);
            if (sink.BeforeAnswer is { } observe)
            {
                await observe(count);
            }

            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpSink sink) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken token)
        {
            var address = to.AsAddress();
            if (sink._deferred.TryGetValue(address, out var left) && left > 0 && sink._deferred.TryUpdate(address, left - 1, left))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.InsufficientStorage, "4.2.2 Mailbox full, try again later"));
            }

            return Task.FromResult(!sink._refused.ContainsKey(address));
        }
    }
}
