using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The journey a compliance officer takes on day one, in a real headless Chromium against the app on real Kestrel.
// Screenshots land in test-artifacts/ (the CI run keeps them).
[Collection(BrowserCollection.Name)]
public sealed class DemoJourneyTests : IAsyncLifetime
{
    private BrowserHost _host = null!;

    // After the autumn DST change of 2021, so that both DST nights of 2021 are in the past.
    public async Task InitializeAsync() =>
        _host = await BrowserHost.StartAsync(new NotifierApp(demo: true, now: new DateTimeOffset(2021, 11, 15, 9, 0, 0, TimeSpan.Zero)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [BrowserFact]
    public async Task Compliance_officer_signs_in_and_sees_the_28_laboratories_of_the_demo_incident()
    {
        var page = await _host.NewPageAsync();
        await page.GotoAsync(_host.BaseUrl + "/");
        Assert.Contains("/Account/Login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("01-sign-in.png") });

        await page.FillAsync("#Email", "conformite@notifier.example");
        await page.FillAsync("#Password", NotifierApp.Password);
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync(new Regex("/Incidents"));
        await page.ClickAsync("text=DEMO-2021-02");
        await page.WaitForSelectorAsync("#labs");

        Assert.Equal(28, await page.Locator("#labs tbody tr").CountAsync());
        Assert.Contains("491", await page.Locator(".stat-value").Nth(2).InnerTextAsync(), StringComparison.Ordinal);
        // Awareness instants are shown in the lab's zone with their offset, UTC on hover.
        var firstTime = page.Locator("#labs tbody tr time").First;
        Assert.Matches(@"\d{2}/02/2021 \d{2}:\d{2} \(UTC\+01:00\)", await firstTime.InnerTextAsync());
        Assert.EndsWith("UTC", await firstTime.GetAttributeAsync("title"), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("02-demo-incident.png"), FullPage = true });

        await page.ClickAsync("button.lang[value=en]");
        await page.WaitForSelectorAsync("html[lang=en]");
        Assert.Equal(28, await page.Locator("#labs tbody tr").CountAsync());
        Assert.Contains("Affected laboratories", await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("03-demo-incident-en.png") });
    }

    [BrowserFact]
    public async Task A_DPO_entering_an_hour_that_existed_twice_is_asked_which_one()
    {
        var page = await _host.SignedInPageAsync("dpo.lab01@notifier.example");
        await page.ClickAsync("text=DEMO-2021-02");
        // The DPO of the first lab sees only that lab.
        Assert.Equal(1, await page.Locator("#labs tbody tr").CountAsync());
        await page.Locator("#labs tbody tr a").First.ClickAsync();
        await page.ClickAsync("a.button.primary");

        // 31 October 2021, 02:30 in Paris happened twice (CEST, then CET).
        await page.FillAsync("#AwareAtLocal", "2021-10-31T02:30");
        await page.ClickAsync("button.primary[type=submit]");
        await page.WaitForSelectorAsync("fieldset.choice");
        Assert.Contains("UTC+02:00", await page.Locator("fieldset.choice").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("04-ambiguous-hour.png"), FullPage = true });

        await page.CheckAsync("fieldset.choice input[value='UTC+01:00']");
        await page.ClickAsync("button.primary[type=submit]");
        await page.WaitForSelectorAsync(".flash");
        Assert.Contains("31/10/2021 02:30 (UTC+01:00)", await page.ContentAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("05-case-saved.png"), FullPage = true });
    }

    private static string Shot(string name) => BrowserHost.Shot(name);
}
