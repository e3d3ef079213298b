using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Notifier.Web.Tests.Infrastructure;

// The app on real Kestrel (a free port on 127.0.0.1) and Debian's Chromium driven headless by Playwright.
// Without Chromium the tests are skipped (BrowserFact), except under CI where the start fails.
public sealed class BrowserHost : IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? _playwright;

    private BrowserHost(NotifierApp app) => App = app;

    public NotifierApp App { get; }
    public IBrowser? Browser { get; private set; }
    public string BaseUrl { get; private set; } = "";

    public static async Task<BrowserHost> StartAsync(NotifierApp app)
    {
        var host = new BrowserHost(app);
        if (Prerequisites.MissingChromium is { } reason)
        {
            return Prerequisites.IsCi ? throw new InvalidOperationException(reason) : host;
        }

        app.UseKestrel(0);
        app.StartServer();
        host.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        host._playwright = await Playwright.CreateAsync();
        host.Browser = await host._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
        return host;
    }

    // The whole suite runs test classes in parallel on two cores: give pages more than Playwright's default 30 s.
    public async Task<IPage> NewPageAsync(int width = 1366)
    {
        var page = await Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 900 } });
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);
        return page;
    }

    public async Task<IPage> SignedInPageAsync(string email, int width = 1366)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync(BaseUrl + "/Account/Login");
        await page.FillAsync("#Email", email);
        await page.FillAsync("#Password", NotifierApp.Password);
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync(new Regex("/Incidents"));
        return page;
    }

    public static string Shot(string name) => Path.Combine(Prerequisites.ArtifactsFolder, name);

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        App.Dispose();
    }
}
