using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.EmailCampaigns;
using Notifier.Web.Infrastructure;
using SmtpServer;
using SmtpServer.Storage;

namespace Notifier.Benchmarks;

// The email benchmark of issue 7 ("Scale"), driven by bench/email.sh and documented in docs/benchmarks.md.
//   email [--count 60000] [--workers 2] [--data DIR]
// One process: an in-process SMTP server on 127.0.0.1 (the SmtpServer package, as in the tests); the app's host on a
// SQLite file (WAL) with its own Hangfire server; a campaign of `count` persons with throttling off, timed from the
// DPO's "start" (outbox rows written) to the last message marked sent; then a bare MailKit loop sending the same number
// of messages, with the same bodies, over one connection to the same server. Prints both rates and their ratio.
public static class EmailBench
{
    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var count = int.Parse(o.GetValueOrDefault("count", "60000"), CultureInfo.InvariantCulture);
        var workers = o.GetValueOrDefault("workers", "2");
        var data = Path.GetFullPath(o.GetValueOrDefault("data", Path.Combine(Path.GetTempPath(), "notifier-email-bench-" + Guid.NewGuid().ToString("N")[..8])));
        Directory.CreateDirectory(data);
        Console.WriteLine($"Load average at start: {LoadAverage()}");

        using var stop = new CancellationTokenSource();
        var sink = new CountingStore();
        var port = FreePort();
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("bench.local")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(), Services(sink));
        var serving = server.StartAsync(stop.Token);

        var keys = Protection.NewKeys();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(data, "notifier.db")}",
            ["Database:ApplyMigrationsOnStartup"] = "false",
            ["DataFolder"] = data,
            ["Encryption:ActiveKeyId"] = "1",
            ["Encryption:Keys:1"] = keys.Keys["1"],
            ["Encryption:BlindIndexKey"] = keys.BlindIndexKey,
            ["Jobs:Role"] = "Both",
            ["Jobs:WorkerCount"] = workers,
            ["Jobs:PollInterval"] = "00:00:00.200",
            ["Demo:Enabled"] = "false",
            ["Email:Transport"] = "Smtp",
            ["Email:From"] = "Laboratoire <notifier@bench.local>",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Pipelining"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"] = "None",
        };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = data,
            ApplicationName = typeof(EmailCampaignService).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddNotifier();
        await using var app = builder.Build();
        await Database.MigrateAsync(app.Services);
        // --codes 1: the persons already have their letter code (their letters were composed first, as in the reference flow).
        var caseId = await SeedAsync(app, count, o.GetValueOrDefault("codes") == "1");
        app.MapNotifierJobSchedules();
        await app.StartAsync();

        // 1. The campaign, end to end: outbox rows and chunks written, jobs enqueued, every message sent and marked.
        Console.WriteLine($"{count:N0} persons stored; campaign starts");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var campaignClock = Stopwatch.StartNew();
        Guid campaignId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
            var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == caseId);
            campaignId = (await scope.ServiceProvider.GetRequiredService<EmailCampaignService>().CreateAsync(@case, "fr", null, CancellationToken.None))!.Id;
        }

        var created = campaignClock.Elapsed;
        while (true)
        {
            await Task.Delay(250);
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
            var state = await db.EmailCampaigns.Where(c => c.Id == campaignId).Select(c => c.State).FirstAsync();
            if (state != EmailCampaignState.Running)
            {
                break;
            }
        }

        campaignClock.Stop();
        var campaignCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        int sent;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            sent = await scope.ServiceProvider.GetRequiredService<NotifierDbContext>().EmailOutboxMessages.CountAsync(m => m.Status == EmailMessageStatus.Sent);
        }

        var received = sink.Count;
        await app.StopAsync();

        // 2. The reference: a bare MailKit loop, the same bodies, one connection, the same server.
        var sample = new MimeMessage { Subject = "x" };
        var content = NotificationEmailComposer.Compose(
            new Core.Letters.LetterContext("Laboratoire Banc d'Essai", new PostalAddress { Line1 = "1 rue du Banc", PostalCode = "35000", City = "Rennes" },
                new ContactPoint { Name = "DPO", Email = "dpo@bench.local", Phone = "02 99 00 00 00" }, "BENCH-2021-L01", "https://notifier.example/verifier"),
            new Core.Letters.LetterRecipient(new SubjectPayload { FirstName = "Prénom", LastName = "Nom", Email = "x@bench.local" }, DataCategories.Surname, ReviewReason.None),
            LetterCodes.New(), "fr", true, DateOnly.FromDateTime(DateTime.UtcNow)).Content!;
        var before = sink.Count;
        var bareCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bareClock = Stopwatch.StartNew();
        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
            client.Capabilities &= ~SmtpCapabilities.Pipelining;
            var from = MailboxAddress.Parse("Laboratoire <notifier@bench.local>");
            for (var i = 0; i < count; i++)
            {
                var message = new MimeMessage { Subject = content.Subject, Date = DateTimeOffset.UtcNow, MessageId = $"{Guid.CreateVersion7():D}@bench.local" };
                message.From.Add(from);
                message.To.Add(new MailboxAddress("", $"person{i}@bench.local"));
                message.Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody();
                await client.SendAsync(message);
            }

            await client.DisconnectAsync(true);
        }

        bareClock.Stop();
        var bareCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - bareCpu).TotalSeconds;
        var bareReceived = sink.Count - before;
        await stop.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }

        var campaignRate = sent / campaignClock.Elapsed.TotalSeconds;
        var bareRate = bareReceived / bareClock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            Email benchmark — {count:N0} messages{(o.GetValueOrDefault("codes") == "1" ? " (letter codes assigned beforehand)" : " (letter codes assigned by the campaign)")}, throttling off, SMTP server in process on 127.0.0.1 (SmtpServer 11.1, no pipelining)
              campaign (app, SQLite WAL, Hangfire {workers} workers): {sent:N0} sent ({received:N0} received by the server) in {campaignClock.Elapsed.TotalSeconds:F1} s
                                                    (outbox rows and chunks written in {created.TotalSeconds:F1} s) → {campaignRate:F0} messages/s, CPU {campaignCpu:F1} s
              bare MailKit loop, one connection:    {bareReceived:N0} in {bareClock.Elapsed.TotalSeconds:F1} s → {bareRate:F0} messages/s, CPU {bareCpuSeconds:F1} s
              ratio campaign / bare loop:           {100 * campaignRate / bareRate:F0} % (target ≥ 70 %)
            Load average at end: {LoadAverage()}
            """));
        if (o.GetValueOrDefault("keep") != "1")
        {
            Directory.Delete(data, recursive: true);
        }

        return sent == count && received == count ? 0 : 1;
    }

    private static async Task<Guid> SeedAsync(WebApplication app, int count, bool codes)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<NotifierDbContext>();
        var cipher = sp.GetRequiredService<FieldCipher>();
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var lab = new Laboratory(Guid.CreateVersion7(), "Laboratoire Banc d'Essai")
        {
            Address = new PostalAddress { Line1 = "1 rue du Banc", PostalCode = "35000", City = "Rennes" },
            Dpo = new ContactPoint { Name = "DPO banc d'essai", Email = "dpo@bench.local", Phone = "02 99 00 00 00" },
        };
        var incident = new Incident(Guid.CreateVersion7(), "BENCH-2021", "Banc d'essai du courriel", now);
        var @case = new ControllerCase(Guid.CreateVersion7(), incident.Id, lab.Id, "BENCH-2021-L01", now);
        db.AddRange(lab, incident, @case);
        db.LabEmailSettings.Add(new LabEmailSettings(lab.Id, EmailPolicy.InAdditionToLetter, 0, now, null));
        await db.SaveChangesAsync();
        var today = DateOnly.FromDateTime(now);
        for (var i = 0; i < count; i++)
        {
            var p = new SubjectPayload
            {
                FirstName = $"Prénom{i}", LastName = $"Nom{i}", BirthDate = new DateOnly(1970, 1, 1).AddDays(i % 10000),
                AddressLine1 = $"{i % 200 + 1} rue des Lilas", PostalCode = "35000", City = "Rennes", Email = $"person{i}@bench.local",
                Nir = "255081416802538", Pathologies = "Diabète de type 1",
            };
            var id = Guid.CreateVersion7();
            var subject = new DataSubject(id, @case.Id, cipher.SealSubject(id, p), now) { LetterCode = codes ? LetterCodes.New() : null };
            SubjectRecord.Apply(subject, SubjectRecord.Assess(p, today), new SubjectKeys(null, null, null));
            db.Subjects.Add(subject);
            if (i % 2000 == 1999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        return @case.Id;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static SmtpServer.ComponentModel.ServiceProvider Services(CountingStore store)
    {
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        return services;
    }

    // Accepts and counts every message (no parsing, no keeping): the server side costs the same for both runs.
    private sealed class CountingStore : MessageStore
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
        }
    }
}
