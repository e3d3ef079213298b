using System.Text.RegularExpressions;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The deadline board in a real Chromium with the app's clock fixed at Thursday 25 February 2021, 12:00 Paris.
[Collection(BrowserCollection.Name)]
public sealed class DeadlineBoardBrowserTests : IAsyncLifetime
{
    private BrowserHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await BrowserHost.StartAsync(new NotifierApp(demo: true, now: new DateTimeOffset(2021, 2, 25, 11, 0, 0, TimeSpan.Zero)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [BrowserFact]
    public async Task The_board_shows_the_28_labs_with_countdowns_from_the_server_clock()
    {
        var page = await _host.SignedInPageAsync("conformite@notifier.example", width: 1440);
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
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("06-deadline-board.png"), FullPage = true });

        await page.ClickAsync("text=Dus dans les 24 h");
        await page.WaitForURLAsync(new Regex("filter=24h"));
        Assert.Equal(0, await page.Locator("#board tbody tr").CountAsync());
        Assert.Contains("Aucun laboratoire ne correspond à ce filtre.", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
