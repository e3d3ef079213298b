using System.Text;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Email;
using Notifier.Web.Tests.EmailCampaigns;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The DPO's campaign in a real Chromium, with the app's own Hangfire worker and a real SMTP server on 127.0.0.1: start
// a campaign from the case page, watch the live counts, pause and resume it, download the per-person CSV.
[Collection(BrowserCollection.Name)]
public sealed class EmailCampaignBrowserTests : IAsyncLifetime
{
    private const int Persons = 40;
    private SmtpSink _smtp = null!;
    private BrowserHost _host = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        var app = EmailCampaignTests.App(_smtp, Core.Data.DatabaseProvider.Sqlite);
        // Replaced below by the app's own job server (the other tests run jobs by hand).
        app.Settings["Jobs:Worker"] = "true";
        _host = await BrowserHost.StartAsync(app);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [BrowserFact]
    public async Task The_DPO_starts_a_campaign_sees_it_progress_pauses_resumes_and_downloads_the_CSV()
    {
        var app = _host.App;
        var s = await Scenario.CreateAsync(app);
        // 120 per minute of the lab's clock; the test's clock runs at about real speed (below), so ~2 messages a second.
        await EmailCampaignTests.SetDpoAsync(app, s.LabAId, perMinute: 120);
        await EmailCampaignTests.SeedEmailPersonsAsync(app, s.CaseAId, Persons);
        var dpo = await app.CreateUserAsync(Roles.LabDpo, s.LabAId);
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(100);
                app.Clock.Advance(TimeSpan.FromMilliseconds(100));
            }
        });

        try
        {
            var page = await _host.NewPageAsync();
            await page.GotoAsync(_host.BaseUrl + "/Account/Login");
            await page.FillAsync("#Email", dpo.Email!);
            await page.FillAsync("#Password", NotifierApp.Password);
            await page.ClickAsync("button.primary");
            await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal));
            await page.GotoAsync($"{_host.BaseUrl}/Cases/Details/{s.CaseAId}");
            await page.ClickAsync("#email-campaigns-link");
            await page.WaitForSelectorAsync("#create-campaign");
            Assert.Equal(Persons.ToString(System.Globalization.CultureInfo.InvariantCulture), (await page.InnerTextAsync("#awaiting-email")).Trim());
            await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("30-email-campaigns.png"), FullPage = true });

            await page.ClickAsync("#create-campaign button[type=submit]");
            await page.WaitForSelectorAsync("#campaign-progress");
            Assert.Contains("au plus 120 messages par minute", await page.InnerTextAsync(".page-head .sub"), StringComparison.Ordinal);
            // Live counts, without reloading: the page polls.
            await page.WaitForFunctionAsync("() => parseInt(document.querySelector('[data-field=sent]').textContent) >= 3", null, new() { Timeout = 90_000 });
            await page.ClickAsync("#pause");
            await page.WaitForSelectorAsync("#campaign-state[data-state=paused]");
            var atPause = _smtp.Count;
            await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("31-email-campaign-paused.png"), FullPage = true });
            await Task.Delay(3000);
            // A message claimed at the instant of the pause still goes out; nothing after it.
            Assert.InRange(_smtp.Count, atPause, atPause + 1);
            Assert.True(_smtp.Count < Persons, "The campaign finished before the pause.");

            await page.ClickAsync("#resume");
            await page.WaitForSelectorAsync("#campaign-state[data-state=running]");
            await page.WaitForFunctionAsync("() => parseInt(document.querySelector('[data-field=sent]').textContent) >= " + (atPause + 3), null,
                new() { Timeout = 90_000 });
            // The live estimate is the laboratory's time with its offset, as everywhere else (not the browser's zone).
            var eta = await page.Locator("[data-field=eta]").InnerTextAsync();
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(eta, @"^\d{2}/\d{2}/\d{4} \d{2}:\d{2} \(UTC[+-]\d{2}:\d{2}\)$"), eta);
            await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("32-email-campaign-running.png"), FullPage = true });
            await page.WaitForSelectorAsync("#campaign-state[data-state=completed]", new() { Timeout = 120_000 });
            await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("33-email-campaign-completed.png"), FullPage = true });

            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
            var path = Path.Combine(app.DataFolder, "campagne.csv");
            await download.SaveAsAsync(path);
            var lines = (await File.ReadAllTextAsync(path, Encoding.UTF8)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Persons + 1, lines.Length);
            Assert.Equal(Persons, lines.Count(l => l.Contains(";sent;", StringComparison.Ordinal)));
            Assert.Equal(Persons, _smtp.PerRecipient.Count);
            Assert.All(_smtp.PerRecipient.Values, v => Assert.Equal(1, v));
        }
        finally
        {
            await stop.CancelAsync();
            await ticking;
        }
    }
}
