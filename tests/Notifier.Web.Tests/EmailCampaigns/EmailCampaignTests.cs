using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Core.Identity;
using Notifier.Core.Laboratories;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.EmailCampaigns;
using Notifier.Web.Tests.Email;
using Notifier.Web.Tests.Infrastructure;
using Notifier.Web.Tests.Letters;

namespace Notifier.Web.Tests.EmailCampaigns;

// Email campaigns through the real app and a real SMTP server on 127.0.0.1 (SmtpSink): the API, the chunk job, the
// transient (4xx, retried with back-off) and permanent (5xx, back to paper) failures, a bounce, pause/resume/cancel,
// the shared throttle and the per-person export. Jobs are run directly, the way Hangfire would run them.
[Collection("postgres")]
public sealed class EmailCampaignTests(PostgresServer postgres)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static NotifierApp App(SmtpSink smtp, DatabaseProvider provider, string? connectionString = null, DateTimeOffset? now = null)
    {
        var app = provider == DatabaseProvider.PostgreSql
            ? new NotifierApp(connectionString: connectionString, provider: provider, now: now)
            : new NotifierApp(now: now);
        app.Settings["Email:Transport"] = "Smtp";
        app.Settings["Email:From"] = "Laboratoire <notifier@labo.test>";
        app.Settings["Email:Smtp:Host"] = "127.0.0.1";
        app.Settings["Email:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture);
        app.Settings["Email:Smtp:Security"] = "None";
        app.Settings["Email:Smtp:Pipelining"] = "false";
        return app;
    }

    private NotifierApp App(SmtpSink smtp, DatabaseProvider provider) =>
        App(smtp, provider, provider == DatabaseProvider.PostgreSql ? postgres.ConnectionString($"mail_{Guid.NewGuid():N}") : null);

    internal static async Task SetDpoAsync(NotifierApp app, Guid labId, int perMinute = 0, EmailPolicy policy = EmailPolicy.InAdditionToLetter)
    {
        await app.WithDbAsync(async db =>
        {
            var lab = await db.Laboratories.FirstAsync(l => l.Id == labId);
            lab.Dpo = new ContactPoint { Name = "Anne Delorme", Role = "DPO", Email = "dpo@labo.test", Phone = "02 99 00 00 00" };
            db.LabEmailSettings.Add(new LabEmailSettings(labId, policy, perMinute, app.Clock.GetUtcNow().UtcDateTime, null));
            await db.SaveChangesAsync();
        });
    }

    // n persons with an address and an email person{i}@example.test (all synthetic), plus the health fields filled in.
    internal static async Task<List<Guid>> SeedEmailPersonsAsync(NotifierApp app, Guid caseId, int n, string domain = "example.test")
    {
        var ids = new List<Guid>();
        await app.WithDbAsync(async db =>
        {
            var cipher = app.Services.GetRequiredService<FieldCipher>();
            var now = app.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < n; i++)
            {
                var p = PostalBatchTests.Person($"Prénom{i}", $"Nom{i}", $"{i + 1} rue des Lilas", "35000", "Rennes") with { Email = $"person{i}@{domain}" };
                var id = Guid.CreateVersion7();
                var subject = new DataSubject(id, caseId, cipher.SealSubject(id, p), now) { PersonId = id };
                SubjectRecord.Apply(subject, SubjectRecord.Assess(p, DateOnly.FromDateTime(now)), SubjectRecord.Keys(cipher, Guid.Empty, p));
                db.Subjects.Add(subject);
                ids.Add(id);
                if (i % 500 == 499)
                {
                    await db.SaveChangesAsync();
                    db.ChangeTracker.Clear();
                }
            }

            await db.SaveChangesAsync();
        });
        return ids;
    }

    internal static async Task RunChunksAsync(NotifierApp app, Guid campaignId)
    {
        var chunks = await app.WithDbAsync(db => db.EmailCampaignChunks.Where(c => c.EmailCampaignId == campaignId).Select(c => c.Number).ToListAsync());
        foreach (var chunk in chunks)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<EmailChunkJob>().RunAsync(campaignId, chunk, CancellationToken.None);
        }
    }

    private static async Task<Guid> StartAsync(HttpClient api, Guid caseId)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/email-campaigns", new { language = "fr" });
        Assert.True(response.StatusCode == HttpStatusCode.Created, response + await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("id").GetGuid();
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_campaign_sends_once_per_person_retries_4xx_and_sends_5xx_and_bounces_back_to_paper(DatabaseProvider provider)
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = App(smtp, provider);
        var s = await Scenario.CreateAsync(app);
        await SetDpoAsync(app, s.LabAId);
        var ids = await SeedEmailPersonsAsync(app, s.CaseAId, 6);
        // Lab A's other persons (PostalBatchTests): one more email (Zoé, vannes), a minor without email, persons without email.
        var others = await PostalBatchTests.SeedPersonsAsync(app, s.CaseAId);
        smtp.Refuse("person1@example.test");
        smtp.Defer("person2@example.test", 2);
        var api = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);

        var id = await StartAsync(api, s.CaseAId);
        var state = await api.GetFromJsonAsync<JsonElement>($"/api/v1/email-campaigns/{id}", Json);
        Assert.Equal("running", state.GetProperty("state").GetString());
        Assert.Equal(7, state.GetProperty("counts").GetProperty("total").GetInt32());
        Assert.Equal(7, state.GetProperty("counts").GetProperty("queued").GetInt32());

        await RunChunksAsync(app, id);
        // person2 was deferred (452): queued again for a minute later; person1 refused (550): failed for good.
        var counts = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/email-campaigns/{id}", Json)).GetProperty("counts");
        Assert.Equal((5, 1, 1), (counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("queued").GetInt32()));
        var deferred = await app.WithDbAsync(db => db.EmailOutboxMessages.FirstAsync(m => m.DataSubjectId == ids[2]));
        Assert.Equal(EmailMessageStatus.Queued, deferred.Status);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), deferred.NextAttemptAtUtc);
        Assert.StartsWith("452", deferred.Failure, StringComparison.Ordinal);

        // Not due yet: a re-run sends nothing. Then after each back-off (1 min, then 4 min) it is tried again.
        await RunChunksAsync(app, id);
        Assert.Equal(5, smtp.Count);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunChunksAsync(app, id);
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await RunChunksAsync(app, id);
        state = await api.GetFromJsonAsync<JsonElement>($"/api/v1/email-campaigns/{id}", Json);
        Assert.Equal("completed", state.GetProperty("state").GetString());
        Assert.Equal(6, state.GetProperty("counts").GetProperty("sent").GetInt32());

        // Exactly once per person who has an email; none to the refused one; the minor and persons without email got none.
        var expected = Enumerable.Range(0, 6).Where(i => i != 1).Select(i => $"person{i}@example.test").Append("zoe@example.test").ToHashSet();
        Assert.Equal(expected, smtp.PerRecipient.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase));
        Assert.All(smtp.PerRecipient.Values, v => Assert.Equal(1, v));

        // The message: Message-Id from the outbox row, the code and the verification link, text and HTML, nothing secret.
        var zoe = smtp.Messages.Single(m => m.Message.To.Mailboxes.Single().Address == "zoe@example.test").Message;
        var row = await app.WithDbAsync(db => db.EmailOutboxMessages.FirstAsync(m => m.DataSubjectId == others["vannes"]));
        var code = await app.WithDbAsync(db => db.Subjects.Where(x => x.Id == others["vannes"]).Select(x => x.LetterCode).FirstAsync());
        Assert.Equal($"{row.Id:D}@labo.test", zoe.MessageId);
        Assert.NotNull(code);
        Assert.Contains($"/verifier?code={code}", zoe.TextBody, StringComparison.Ordinal);
        Assert.Contains("Zoé Lefèvre", WebUtility.HtmlDecode(zoe.HtmlBody), StringComparison.Ordinal);
        Assert.Contains("dpo@labo.test", zoe.TextBody, StringComparison.Ordinal);
        foreach (var secret in PostalBatchTests.HealthSecrets.Append("255081416802538").Append("12 rue des Lilas"))
        {
            Assert.DoesNotContain(secret, zoe.TextBody + zoe.HtmlBody + zoe.Subject, StringComparison.Ordinal);
        }

        Assert.StartsWith("Ok", row.ServerAnswer, StringComparison.OrdinalIgnoreCase);

        // 5xx: the person goes back to the paper letter (they have a postal address); the reason is kept, without the address.
        var refused = await app.WithDbAsync(db => db.EmailOutboxMessages.FirstAsync(m => m.DataSubjectId == ids[1]));
        Assert.Equal(EmailMessageStatus.Failed, refused.Status);
        Assert.StartsWith("550", refused.Failure, StringComparison.Ordinal);
        Assert.DoesNotContain("person1@", refused.Failure, StringComparison.Ordinal);
        var p1 = await app.WithDbAsync(db => db.Subjects.FirstAsync(x => x.Id == ids[1]));
        Assert.Equal(NotificationChannel.Post, p1.Channel);

        // A bounce (DSN) of a sent message, matched by the Message-Id it quotes: bounced, and the person back to paper.
        var bounced = await app.WithDbAsync(db => db.EmailOutboxMessages.FirstAsync(m => m.DataSubjectId == ids[3]));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<BounceService>()
                .RecordAsync(s.CaseAId, [Dsn($"{bounced.Id:D}@labo.test", "person3@example.test"), new MimeMessage()], CancellationToken.None);
            Assert.Equal((2, 1, 1), (result.Reports, result.Bounced, result.NotDsn));
        }

        Assert.Equal(EmailMessageStatus.Bounced, await app.WithDbAsync(db => db.EmailOutboxMessages.Where(m => m.Id == bounced.Id).Select(m => m.Status).FirstAsync()));
        Assert.Equal(NotificationChannel.Post, await app.WithDbAsync(db => db.Subjects.Where(x => x.Id == ids[3]).Select(x => x.Channel).FirstAsync()));
        counts = (await api.GetFromJsonAsync<JsonElement>($"/api/v1/email-campaigns/{id}", Json)).GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("bounced").GetInt32());

        // A second campaign finds nobody left to email.
        var again = await api.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/email-campaigns", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Instead_of_the_letter_the_email_takes_the_person_out_of_the_postal_queue_and_a_bounce_puts_them_back()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = App(smtp, DatabaseProvider.Sqlite);
        var s = await Scenario.CreateAsync(app);
        await SetDpoAsync(app, s.LabAId, policy: EmailPolicy.InsteadOfLetter);
        var ids = await SeedEmailPersonsAsync(app, s.CaseAId, 2);
        var api = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var id = await StartAsync(api, s.CaseAId);
        await RunChunksAsync(app, id);

        var sent = await app.WithDbAsync(db => db.Subjects.Where(x => ids.Contains(x.Id)).ToListAsync());
        Assert.All(sent, x => Assert.Equal((NotificationChannel.Email, SubjectNotificationStatus.EmailSent), (x.Channel, x.Status)));
        Assert.DoesNotContain("courrier postal", smtp.Messages[0].Message.TextBody, StringComparison.Ordinal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var letters = scope.ServiceProvider.GetRequiredService<Notifier.Web.Features.Letters.PostalBatchService>();
            Assert.Equal(0, await letters.AwaitingLetter(s.CaseAId).CountAsync());
            var row = await app.WithDbAsync(db => db.EmailOutboxMessages.FirstAsync(m => m.DataSubjectId == ids[0]));
            await scope.ServiceProvider.GetRequiredService<BounceService>().RecordAsync(s.CaseAId, [Dsn(null, "person0@example.test")], CancellationToken.None);
            Assert.Equal([ids[0]], await letters.AwaitingLetter(s.CaseAId).Select(x => x.Id).ToListAsync());
        }
    }

    [Fact]
    public async Task Pause_stops_the_jobs_resume_continues_and_cancel_cancels_what_is_left()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = App(smtp, DatabaseProvider.Sqlite);
        app.Settings["EmailCampaigns:ChunkSize"] = "2";
        var s = await Scenario.CreateAsync(app);
        await SetDpoAsync(app, s.LabAId);
        await SeedEmailPersonsAsync(app, s.CaseAId, 6);
        var api = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var id = await StartAsync(api, s.CaseAId);

        var paused = await api.PostAsync($"/api/v1/email-campaigns/{id}/pause", null);
        Assert.Equal("paused", (await paused.Content.ReadFromJsonAsync<JsonElement>(Json)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/email-campaigns/{id}/pause", null)).StatusCode);
        await RunChunksAsync(app, id);
        Assert.Equal(0, smtp.Count);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/api/v1/email-campaigns/{id}/resume", null)).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailChunkJob>().RunAsync(id, 0, CancellationToken.None);
        }

        Assert.Equal(2, smtp.Count);
        var cancelled = await (await api.PostAsync($"/api/v1/email-campaigns/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.Equal("cancelled", cancelled.GetProperty("state").GetString());
        Assert.Equal((2, 4), (cancelled.GetProperty("counts").GetProperty("sent").GetInt32(), cancelled.GetProperty("counts").GetProperty("cancelled").GetInt32()));
        await RunChunksAsync(app, id);
        Assert.Equal(2, smtp.Count);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/v1/email-campaigns/{id}/resume", null)).StatusCode);
    }

    [Fact]
    public async Task The_throttle_spreads_the_messages_evenly_at_the_labs_rate()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = App(smtp, DatabaseProvider.Sqlite);
        var s = await Scenario.CreateAsync(app);
        await SetDpoAsync(app, s.LabAId, perMinute: 30);
        await SeedEmailPersonsAsync(app, s.CaseAId, 4);
        var api = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var id = await StartAsync(api, s.CaseAId);
        var start = app.Clock.GetUtcNow();

        // The test's clock only moves when told: move it 100 ms at a time while the job waits for its slots.
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(5);
                app.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        });
        await RunChunksAsync(app, id);
        await stop.CancelAsync();
        await ticking;

        // 30 per minute = one every 2 s of the lab's clock (the Date header is the instant of sending).
        var dates = smtp.Messages.Select(m => m.Message.Date).OrderBy(d => d).ToList();
        Assert.Equal(4, dates.Count);
        Assert.Equal(start, dates[0]);
        for (var i = 1; i < dates.Count; i++)
        {
            var gap = dates[i] - dates[i - 1];
            Assert.True(gap >= TimeSpan.FromSeconds(2) && gap < TimeSpan.FromSeconds(2.5), $"gap {i}: {gap}");
        }
    }

    [Fact]
    public async Task The_DPO_page_shows_the_counts_and_the_export_has_one_line_per_person_without_health_data()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = App(smtp, DatabaseProvider.Sqlite);
        var s = await Scenario.CreateAsync(app);
        await SetDpoAsync(app, s.LabAId);
        await SeedEmailPersonsAsync(app, s.CaseAId, 3);
        await app.WithDbAsync(async db =>
        {
            // A hostile name: a spreadsheet formula.
            var cipher = app.Services.GetRequiredService<FieldCipher>();
            var x = await db.Subjects.OrderBy(v => v.Id).FirstAsync();
            var p = cipher.OpenSubject(x.Id, x.Payload) with { LastName = "=HYPERLINK(\"http://x\")" };
            x.Payload = cipher.SealSubject(x.Id, p);
            await db.SaveChangesAsync();
        });
        smtp.Refuse("person2@example.test");
        var dpo = await app.CreateUserAsync(Roles.LabDpo, s.LabAId);
        var web = await app.SignInAsync(dpo.Email!, NotifierApp.Password);
        var create = await web.PostFormAsync($"/EmailCampaigns/Create?caseId={s.CaseAId}", new() { ["language"] = "fr" }, $"/EmailCampaigns?caseId={s.CaseAId}");
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var id = Guid.Parse(create.Headers.Location!.OriginalString.Split('/').Last());
        await RunChunksAsync(app, id);

        var page = await web.GetDocumentAsync($"/EmailCampaigns/Show/{id}");
        Assert.Equal("2", page.QuerySelector("[data-field=sent]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector("[data-field=failed]")!.TextContent.Trim());
        Assert.Equal("completed", page.QuerySelector("#campaign-state")!.GetAttribute("data-state"));

        var csv = await web.GetAsync($"/EmailCampaigns/Export/{id}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("code_courrier;nom;prenom;courriel;statut", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("person2@example.test", StringComparison.Ordinal) && l.Contains(";failed;", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", StringComparison.Ordinal));
        var text = string.Join('\n', lines);
        foreach (var secret in PostalBatchTests.HealthSecrets.Append("255081416802538"))
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        // Another lab's DPO reaches none of it.
        var other = await app.SignedInClientAsync(Roles.LabDpo, s.LabBId);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/EmailCampaigns/Export/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/EmailCampaigns/Show/{id}")).StatusCode);
    }

    [Fact]
    public void A_DSN_is_read_for_its_failed_recipients_and_the_quoted_message_id()
    {
        var failures = DeliveryStatusNotifications.Read(Dsn("0190f5a4-0000-7000-8000-000000000001@labo.test", "a@example.test"));
        var f = Assert.Single(failures!);
        Assert.Equal("a@example.test", f.Recipient);
        Assert.Equal("5.1.1", f.Status);
        Assert.Equal(Guid.Parse("0190f5a4-0000-7000-8000-000000000001"), DeliveryStatusNotifications.OutboxId(f.OriginalMessageId));
        Assert.Null(DeliveryStatusNotifications.Read(new MimeMessage { Body = new TextPart("plain") { Text = "hello" } }));
    }

    // A DSN as mail servers send it (RFC 3464): multipart/report; a human part, message/delivery-status, and the
    // original's headers (text/rfc822-headers) when originalMessageId is given.
    internal static MimeMessage Dsn(string? originalMessageId, string recipient)
    {
        var report = new MultipartReport("delivery-status");
        report.Add(new TextPart("plain") { Text = "Delivery to the following recipient failed permanently." });
        var status = new MessageDeliveryStatus();
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.example.test" } };
        var perRecipient = new HeaderList { { "Final-Recipient", "rfc822; " + recipient }, { "Action", "failed" }, { "Status", "5.1.1" } };
        status.StatusGroups.Add(perMessage);
        status.StatusGroups.Add(perRecipient);
        report.Add(status);
        if (originalMessageId is not null)
        {
            var original = new MimeMessage { MessageId = originalMessageId, Subject = "x" };
            original.From.Add(new MailboxAddress("", "notifier@labo.test"));
            original.To.Add(new MailboxAddress("", recipient));
            report.Add(new TextRfc822Headers { Message = original });
        }

        var dsn = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", Body = report };
        dsn.From.Add(new MailboxAddress("Mail Delivery System", "mailer-daemon@mx.example.test"));
        dsn.To.Add(new MailboxAddress("", "notifier@labo.test"));

        // Through the bytes, as an uploaded .eml file or an IMAP fetch is read.
        using var bytes = new MemoryStream();
        dsn.WriteTo(bytes);
        bytes.Position = 0;
        return MimeMessage.Load(bytes);
    }
}
