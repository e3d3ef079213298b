using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Web.Features.EmailCampaigns;
using Notifier.Web.Tests.Email;
using Notifier.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Notifier.Web.Tests.EmailCampaigns;

// Several worker processes (real child processes of the built app, `dotnet Notifier.Web.dll --role worker`) sharing one
// real PostgreSQL database and Hangfire's PostgreSQL storage, sending to a real SMTP server on 127.0.0.1 in this test.
// The test's own host is the web node: it creates the campaign and enqueues the first chunks, it runs no jobs.
[Collection("postgres")]
public sealed class WorkerProcessTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Persons = 3000;

    // Generous for a loaded 2-core machine: the property (exactly once, none missing) is checked whatever the time.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan CampaignTimeout = TimeSpan.FromSeconds(300);

    [PostgresFact]
    public async Task Two_worker_processes_send_a_campaign_of_3000_exactly_once_per_person()
    {
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        var connectionString = postgres.ConnectionString($"workers_{Guid.NewGuid():N}");
        using var web = await WebNodeAsync(smtp, connectionString);
        var s = await Scenario.CreateAsync(web);
        await EmailCampaignTests.SetDpoAsync(web, s.LabAId);
        await EmailCampaignTests.SeedEmailPersonsAsync(web, s.CaseAId, Persons);

        await using var first = await Worker.StartAsync(smtp, connectionString, output, "A");
        await using var second = await Worker.StartAsync(smtp, connectionString, output, "B");
        var id = await CreateCampaignAsync(web, s.CaseAId);
        await WaitForAsync(web, id, m => m.Status == EmailMessageStatus.Sent, Persons, CampaignTimeout, [first, second]);

        var perRecipient = smtp.PerRecipient;
        Assert.Equal(Persons, perRecipient.Count);
        var duplicates = perRecipient.Where(p => p.Value > 1).Select(p => $"{p.Key}×{p.Value}").ToList();
        Assert.True(duplicates.Count == 0, "Sent more than once: " + string.Join(", ", duplicates.Take(20)));
        Assert.Equal(Persons, smtp.Count);
        // Both processes sent (one SMTP session each, plus the sink's readiness probe).
        Assert.True(smtp.Sessions >= 3, $"Only {smtp.Sessions - 1} SMTP session(s): one worker did all the work.");
        Assert.Equal(EmailCampaignState.Completed, await StateAsync(web, id, TimeSpan.FromSeconds(30)));
    }

    [PostgresFact]
    public async Task A_worker_killed_mid_campaign_loses_nobody_and_its_successor_resends_at_most_the_messages_in_flight()
    {
        await using var smtp = await SmtpSink.StartAsync(keepMessages: false);
        var connectionString = postgres.ConnectionString($"kill_{Guid.NewGuid():N}");
        using var web = await WebNodeAsync(smtp, connectionString);
        var s = await Scenario.CreateAsync(web);
        await EmailCampaignTests.SetDpoAsync(web, s.LabAId);
        await EmailCampaignTests.SeedEmailPersonsAsync(web, s.CaseAId, Persons);

        var first = await Worker.StartAsync(smtp, connectionString, output, "A");
        // The kill comes while the server holds the 600th message and has not answered it yet: that message is accepted
        // by the server and unknown to the worker (the protocol's own window), besides the accepted messages whose
        // "sent" marks were not yet committed at that instant.
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        smtp.BeforeAnswer = n =>
        {
            if (n == Persons / 5)
            {
                killed.TrySetResult();
                first.Kill();
            }

            return Task.CompletedTask;
        };
        var id = await CreateCampaignAsync(web, s.CaseAId);
        var deadline = DateTime.UtcNow + CampaignTimeout;
        while (!killed.Task.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Worker A sent only {smtp.Count} messages.{first.Log()}");
            Assert.False(first.HasExited && !killed.Task.IsCompleted, "Worker A stopped by itself." + first.Log());
            await Task.Delay(10);
        }

        smtp.BeforeAnswer = null;
        await first.DisposeAsync();
        // The process is gone; a message whose last bytes were already in the socket is still counted by the server.
        await Task.Delay(500);
        var atKill = smtp.Count;
        var sentAtKill = await web.WithDbAsync(db => db.EmailOutboxMessages.CountAsync(m => m.EmailCampaignId == id && m.Status == EmailMessageStatus.Sent));
        Assert.True(atKill < Persons, "The campaign finished before the kill: nothing was tested.");

        await using var second = await Worker.StartAsync(smtp, connectionString, output, "B");
        await WaitForAsync(web, id, m => m.Status == EmailMessageStatus.Sent, Persons, CampaignTimeout, [second]);

        var perRecipient = smtp.PerRecipient;
        Assert.Equal(Persons, perRecipient.Count);
        var duplicates = perRecipient.Values.Sum(v => v - 1);
        output.WriteLine($"Killed after {atKill} messages received by the server ({sentAtKill} marked sent, window at the kill {atKill - sentAtKill}); " +
            $"duplicates after restart: {duplicates} (bound {Worker.Threads * Worker.MarkBatchMax}).");
        // The window: per Hangfire worker thread of the killed process (Jobs:WorkerCount = 2), at most MarkBatchMax
        // messages accepted by the server and not yet committed "sent" (the group commit, ADR-0014).
        Assert.True(duplicates <= Worker.Threads * Worker.MarkBatchMax,
            $"{duplicates} duplicate(s), more than the {Worker.Threads} × {Worker.MarkBatchMax} messages that can be accepted and unmarked.");
        // And exactly those: every message the server had and the database had not marked was sent again, no other one —
        // at least the one on the wire at the kill.
        Assert.Equal(atKill - sentAtKill, duplicates);
        Assert.True(duplicates >= 1, "The message the server held at the kill was not sent again.");
        Assert.Equal(Persons + duplicates, smtp.Count);
    }

    private static async Task<NotifierApp> WebNodeAsync(SmtpSink smtp, string connectionString)
    {
        // The web node's clock is the real one at start (the workers use the real clock; the sweep compares instants).
        var web = EmailCampaignTests.App(smtp, DatabaseProvider.PostgreSql, connectionString, DateTimeOffset.UtcNow);
        _ = web.Services;
        await web.WithDbAsync(db => db.Database.CanConnectAsync());
        return web;
    }

    private static async Task<Guid> CreateCampaignAsync(NotifierApp web, Guid caseId)
    {
        await using var scope = web.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == caseId);
        var campaign = await scope.ServiceProvider.GetRequiredService<EmailCampaignService>().CreateAsync(@case, "fr", null, CancellationToken.None);
        return campaign!.Id;
    }

    private static async Task WaitForAsync(NotifierApp web, Guid id, System.Linq.Expressions.Expression<Func<EmailOutboxMessage, bool>> done, int count,
        TimeSpan timeout, Worker[] workers)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var n = await web.WithDbAsync(db => db.EmailOutboxMessages.Where(m => m.EmailCampaignId == id).CountAsync(done));
            if (n == count)
            {
                return;
            }

            foreach (var w in workers)
            {
                Assert.False(w.HasExited, $"Worker {w.Name} stopped by itself after {n} of {count} messages.{w.Log()}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"{n} of {count} messages sent after {timeout.TotalSeconds:0} s.{string.Concat(workers.Select(w => w.Log()))}");
            await Task.Delay(250);
        }
    }

    private static async Task<EmailCampaignState> StateAsync(NotifierApp web, Guid id, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var state = await web.WithDbAsync(db => db.EmailCampaigns.Where(c => c.Id == id).Select(c => c.State).FirstAsync());
            if (state != EmailCampaignState.Running || DateTime.UtcNow > deadline)
            {
                return state;
            }

            await Task.Delay(200);
        }
    }

    // One `dotnet Notifier.Web.dll --role worker` process.
    private sealed class Worker : IAsyncDisposable
    {
        public const int Threads = 2;

        // Set explicitly (the default is 50) so that the bound checked is the one configured.
        public const int MarkBatchMax = 10;

        private readonly Process _process;
        private readonly StringBuilder _log = new();
        private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Worker(Process process, string name)
        {
            _process = process;
            Name = name;
        }

        public string Name { get; }

        public bool HasExited => _process.HasExited;

        public static async Task<Worker> StartAsync(SmtpSink smtp, string connectionString, ITestOutputHelper output, string name)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Notifier.Web.dll");
            Assert.True(File.Exists(dll), $"{dll} not found next to the test assembly.");
            var folder = Directory.CreateTempSubdirectory("notifier-worker-").FullName;
            var info = new ProcessStartInfo
            {
                FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { dll, "--role", "worker", "--urls", "http://127.0.0.1:0" })
            {
                info.ArgumentList.Add(a);
            }

            var env = info.Environment;
            env["ASPNETCORE_ENVIRONMENT"] = "Testing";
            env["DOTNET_ENVIRONMENT"] = "Testing";
            env["Database__Provider"] = "PostgreSql";
            env["Database__ConnectionString"] = connectionString;
            env["Database__ApplyMigrationsOnStartup"] = "false";
            env["DataFolder"] = folder;
            env["Encryption__ActiveKeyId"] = "1";
            env["Encryption__Keys__1"] = NotifierApp.TestKeys.Keys["1"];
            env["Encryption__BlindIndexKey"] = NotifierApp.TestKeys.BlindIndexKey;
            env["Email__Transport"] = "Smtp";
            env["Email__From"] = "Laboratoire <notifier@labo.test>";
            env["Email__Smtp__Host"] = "127.0.0.1";
            env["Email__Smtp__Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
            env["Email__Smtp__Security"] = "None";
            env["Email__Smtp__Pipelining"] = "false";
            env["Jobs__WorkerCount"] = Threads.ToString(CultureInfo.InvariantCulture);
            env["Jobs__PollInterval"] = "00:00:00.500";
            env["EmailCampaigns__StaleClaimAfter"] = "00:00:05";
            env["EmailCampaigns__MarkBatchMax"] = MarkBatchMax.ToString(CultureInfo.InvariantCulture);
            env["EmailCampaigns__LostChunkAfter"] = "00:00:10";
            env["Logging__LogLevel__Default"] = "Warning";
            env["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

            var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
            var worker = new Worker(process, name);
            process.OutputDataReceived += (_, e) => worker.Append(e.Data);
            process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var started = Stopwatch.StartNew();
            var ready = await Task.WhenAny(worker._listening.Task, Task.Delay(StartTimeout), process.WaitForExitAsync());
            if (ready != worker._listening.Task)
            {
                var log = worker.Log();
                await worker.DisposeAsync();
                throw new Xunit.Sdk.XunitException($"Worker {name} did not start within {StartTimeout.TotalSeconds:0} s.{log}");
            }

            output.WriteLine($"Worker {name} (pid {process.Id}) ready in {started.Elapsed.TotalSeconds:0.0} s");
            return worker;
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_log)
            {
                if (_log.Length < 200_000)
                {
                    _log.AppendLine(line);
                }
            }

            if (line.Contains("Now listening on", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        }

        public string Log()
        {
            lock (_log)
            {
                var text = _log.ToString();
                return $"\n--- worker {Name} output (last 4000 chars) ---\n{(text.Length > 4000 ? text[^4000..] : text)}";
            }
        }

        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Kill();
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
