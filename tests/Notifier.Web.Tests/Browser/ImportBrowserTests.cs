using System.Text;
using Notifier.Core.Synthetic;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The DPO's import journey in a real Chromium with a real Hangfire worker: upload, preview, correct the encoding,
// start, watch the progress, read the error report.
[Collection(BrowserCollection.Name)]
public sealed class ImportBrowserTests : IAsyncLifetime
{
    private BrowserHost _host = null!;
    private string _file = "";

    public async Task InitializeAsync()
    {
        _host = await BrowserHost.StartAsync(new NotifierApp(demo: true, jobs: true));
        _file = Path.Combine(_host.App.DataFolder, "export-labo-vilaine.csv");

        // 3,000 synthetic patients in Windows-1252 with ',' as separator, as an older lab software would write them,
        // plus a few rows with errors.
        var csv = new StringWriter();
        PatientCsv.Write(csv, SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 3_000, Seed = 77 }));
        var text = csv.ToString()
            + Row("X-1", "M.", "", "Jean", "01/01/1980")
            + Row("\"=HYPERLINK(\"\"http://x\"\")\"", "Mme", "Martin", "Zoé", "31/02/1990");
        await File.WriteAllBytesAsync(_file, Encoding.Latin1.GetBytes(text));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    // A canonical row (24 columns): id, civility, name, first name, birth date, an address in Rennes, nothing else.
    private static string Row(string id, string civility, string lastName, string firstName, string birthDate) =>
        string.Join(';', [id, civility, lastName, "", firstName, "", birthDate, "", "1 rue A", "", "", "35000", "Rennes",
            .. Enumerable.Repeat("", PatientCsv.Columns.Count - 13)]) + "\r\n";

    [BrowserFact]
    public async Task A_DPO_imports_a_Windows_1252_file_and_reads_the_error_report()
    {
        var page = await _host.SignedInPageAsync("dpo.lab01@notifier.example", width: 1440);
        await page.ClickAsync("text=DEMO-2021-02");
        await page.ClickAsync("#labs tbody tr >> nth=0 >> td.ref a");
        await page.ClickAsync("text=Importer un fichier de patients");
        await page.SetInputFilesAsync("#file", _file);
        await page.ClickAsync("text=Envoyer et prévisualiser");

        await page.WaitForSelectorAsync("#preview-rows");
        var sub = await page.Locator("p.sub").InnerTextAsync();
        Assert.Contains("windows-1252", sub, StringComparison.Ordinal);
        Assert.Contains("3 002", sub.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);
        Assert.Equal(5, await page.Locator("#preview-rows tbody tr").CountAsync());
        Assert.Equal("nom", await page.Locator("#map-nom option:checked").InnerTextAsync());
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("07-import-preview.png"), FullPage = true });

        await page.ClickAsync("text=Lancer l'import");
        await page.WaitForSelectorAsync("#import-state:has-text('Terminé')", new() { Timeout = 90_000 });
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("08-import-done.png"), FullPage = true });
        var counts = await page.Locator("#import-counts").InnerTextAsync();
        Assert.Contains("3 000", counts.Replace('\u202f', ' ').Replace('\u00a0', ' '), StringComparison.Ordinal);
        Assert.Contains("100", await page.Locator("[data-field=percent]").InnerTextAsync(), StringComparison.Ordinal);

        // The hostile lab id is shown as text, and filtering by severity keeps the two rejected rows.
        await page.ClickAsync(".filters a:has-text('Ligne rejetée')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("severity=Error"));
        var rows = page.Locator("#issues tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Contains("=HYPERLINK", await page.Locator("#issues").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("09-import-errors.png"), FullPage = true });

        // The case page lists the import; the DPO's list of persons filters the manual-review queue.
        await page.ClickAsync(".breadcrumb a >> nth=1");
        await page.WaitForSelectorAsync("#imports");
        Assert.Contains("export-labo-vilaine.csv", await page.Locator("#imports").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("10-case-imports.png"), FullPage = true });
        await page.ClickAsync("text=Voir les personnes");
        await page.ClickAsync(".filters a:has-text('À examiner manuellement')");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("filter=review"));
        var reviewRows = await page.Locator("#subjects tbody tr").CountAsync();
        Assert.True(reviewRows >= 45, $"{reviewRows} persons in the manual-review list");
        Assert.DoesNotContain("grossesse", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("11-persons-review.png"), FullPage = false });
    }
}
