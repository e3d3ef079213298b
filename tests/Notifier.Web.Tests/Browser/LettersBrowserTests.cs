using System.IO.Compression;
using System.Text;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The mailroom's journey in a real Chromium with a real Hangfire worker: create the batches of a laboratory, watch the
// generation, download the ZIP, mark it printed and posted, record a returned letter; then a person checks the code
// of a letter on the public page, without signing in.
[Collection(BrowserCollection.Name)]
public sealed class LettersBrowserTests : IAsyncLifetime
{
    private BrowserHost _host = null!;

    public async Task InitializeAsync()
    {
        var app = new NotifierApp(demo: true, jobs: true);
        app.Settings["Demo:PatientsPerLab"] = "40";
        _host = await BrowserHost.StartAsync(app);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Plain(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');

    [BrowserFact]
    public async Task The_mailroom_prints_posts_and_records_a_return_and_a_person_verifies_the_letter()
    {
        // The mailroom lands on its own page after signing in.
        var page = await _host.NewPageAsync(width: 1366);
        await page.GotoAsync(_host.BaseUrl + "/Account/Login");
        await page.FillAsync("#Email", "courrier@notifier.example");
        await page.FillAsync("#Password", NotifierApp.Password);
        await page.ClickAsync("button.primary");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Mailroom"));
        await page.ClickAsync(".batch-link >> nth=0");
        await page.WaitForSelectorAsync("#create-batches");
        await page.FillAsync("#size", "15");
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("20-mailroom-batches-empty.png"), FullPage = true });
        await page.ClickAsync("#create-batches button[type=submit]");
        await page.WaitForSelectorAsync("#batches");
        Assert.True(await page.Locator("#batches tbody tr").CountAsync() >= 2);

        await page.ClickAsync("#batches tbody tr >> nth=-1 >> a");
        await page.WaitForSelectorAsync("#download-zip", new() { Timeout = 90_000 });
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("21-mailroom-batch-ready.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-zip"));
        var zipPath = Path.Combine(_host.App.DataFolder, "lot.zip");
        await download.SaveAsAsync(zipPath);
        string manifest;
        using (var archive = ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(archive.Entries, e => e.FullName.EndsWith(".pdf", StringComparison.Ordinal));
            using var reader = new StreamReader(archive.GetEntry("manifest.csv")!.Open(), Encoding.UTF8);
            manifest = await reader.ReadToEndAsync();
        }

        var firstCode = manifest.Split("\r\n")[1].Split(';')[1];
        await page.ReloadAsync();
        Assert.Contains("Exporté", await page.Locator("#batch-state").InnerTextAsync(), StringComparison.Ordinal);

        await page.ClickAsync("#advance button[type=submit]");
        await page.WaitForSelectorAsync("#batch-state:has-text('Imprimé')");
        await page.FillAsync("#postedAt", "2021-02-27T08:30");
        await page.FillAsync("#depositProof", "BORDEREAU-0042");
        await page.ClickAsync("#advance button[type=submit]");
        await page.WaitForSelectorAsync("#batch-state:has-text('Posté')");
        Assert.Contains("08:30", await page.Locator("#posted-at").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("22-mailroom-batch-posted.png"), FullPage = true });

        await page.ClickAsync(".breadcrumb a >> nth=1");
        await page.FillAsync("#codes", firstCode.ToLowerInvariant());
        await page.ClickAsync("#returns button[type=submit]");
        await page.WaitForSelectorAsync("#returns-result");
        Assert.Contains("1 retour(s) enregistré(s)", Plain(await page.Locator("#returns-result").InnerTextAsync()), StringComparison.Ordinal);
        var html = Infrastructure.PageText.WithoutTokens(await page.ContentAsync());
        foreach (var health in new[] { "VIH", "grossesse", "Groupe sanguin", "pathologie" })
        {
            Assert.DoesNotContain(health, html, StringComparison.OrdinalIgnoreCase);
        }

        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("23-mailroom-return.png"), FullPage = true });

        var person = await _host.NewPageAsync(width: 420);
        await person.GotoAsync(_host.BaseUrl + "/verifier");
        await person.FillAsync("#code", firstCode[..4] + " " + firstCode[4..]);
        await person.ClickAsync("#verify-form button[type=submit]");
        await person.WaitForSelectorAsync("#verify-result");
        Assert.Contains("Ce courrier est authentique.", await person.Locator("#verify-result").InnerTextAsync(), StringComparison.Ordinal);
        await person.ScreenshotAsync(new() { Path = BrowserHost.Shot("24-verification-genuine.png"), FullPage = true });
    }
}
