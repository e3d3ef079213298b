using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The deadline board in a real Chromium with the app's clock fixed at Thursday 25 February 2021, 12:00 Paris.
public sealed class DeadlineBoardBrowserTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new(demo: true, now: new DateTimeOffset(2021, 2, 25, 11, 0, 0, TimeSpan.Zero));
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        if (Prerequisites.MissingChromium is { } reason)
        {
            if (Prerequisites.IsCi)
            {
                throw new InvalidOperationException(reason);
            }

            return;
        }

        _app.UseKestrel(0);
        _app.StartServer();
        _baseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _app.Dispose();
    }

    [BrowserFact]
    public async Task The_board_shows_the_28_labs_with_countdowns_from_the_server_clock()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await page.GotoAsync(_baseUrl + "/Account/Login");
        await page.FillAsync("#Email", "conformite@notifier.example");
        await page.FillAsync("#Password", NotifierApp.Password);
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync(new Regex("/Incidents"));
        await page.ClickAsync("text=DEMO-2021-02");
        await page.ClickAsync("text=Tableau des échéances");
        await page.WaitForSelectorAsync("#board");

        Assert.Equal(28, await page.Locator("#board tbody tr").CountAsync());
        var first = page.Locator("#board tbody tr").First;
        Assert.Contains("Biolab Vilaine", await first.InnerTextAsync(), StringComparison.Ordinal);
        // The page's script ticks on load: it must count from the server's instant (data-now), not from the PC's 2026 clock.
        Assert.Equal("dans 1 j 1 h", await first.Locator("td[data-kind=CnilNotification] .countdown").InnerTextAsync());
        Assert.Equal(28, await page.Locator("svg.timeline rect.window").CountAsync());
        Assert.Equal(1, await page.Locator("svg.timeline line.now").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Prerequisites.ArtifactsFolder, "06-deadline-board.png"), FullPage = true });

        await page.ClickAsync("text=Dus dans les 24 h");
        await page.WaitForURLAsync(new Regex("filter=24h"));
        Assert.Equal(0, await page.Locator("#board tbody tr").CountAsync());
        Assert.Contains("Aucun laboratoire ne correspond à ce filtre.", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
