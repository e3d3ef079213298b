using Notifier.Web.Tests.Dossier;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Browser;

// The DPO's CNIL filing journey in a real Chromium: open the lab, review the pre-filled dossier, prepare the initial
// notification, download its PDF, record the filing (late: refused without reasons, then recorded with them).
[Collection(BrowserCollection.Name)]
public sealed class DossierBrowserTests : IAsyncLifetime
{
    private BrowserHost _host = null!;

    public async Task InitializeAsync() => _host = await BrowserHost.StartAsync(new NotifierApp(demo: true));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [BrowserFact]
    public async Task A_DPO_reviews_the_prefilled_dossier_downloads_the_PDF_and_records_the_filing()
    {
        var page = await _host.SignedInPageAsync("dpo.lab01@notifier.example", width: 1440);
        await page.ClickAsync("text=DEMO-2021-02");
        await page.ClickAsync("#labs tbody tr >> nth=0 >> td.ref a");
        await page.ClickAsync("#open-dossier");

        // Pre-filled from the shared facts, the lab's identity and the imported patients: the checklist is complete.
        await page.WaitForSelectorAsync("#checklist");
        Assert.Equal(0, await page.Locator("#checklist li[data-state=Missing]").CountAsync());
        var persons = await page.Locator("#section-9").InnerTextAsync();
        Assert.Contains("fichier des patients importé", persons, StringComparison.Ordinal);
        Assert.Contains("Serveur", await page.Locator("#section-10").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(16, await page.Locator(".dossier-section").CountAsync());
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("12-dossier-review.png"), FullPage = true });

        // The lab's own facts: the shared measures are shown pre-filled; a changed value becomes the lab's own.
        await page.ClickAsync("text=Compléter les faits du laboratoire");
        Assert.Contains("Demande au prestataire", await page.InputValueAsync("#Form_MeasuresImmediate"), StringComparison.Ordinal);
        await page.FillAsync("#Form_OtherAuthorities", "Plainte déposée au commissariat de Saint-Malo ; signalement ARS.");
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("12b-dossier-facts.png"), FullPage = true });
        await page.ClickAsync("button:has-text('Enregistrer')");
        Assert.Contains("commissariat de Saint-Malo", await page.Locator("#section-15").InnerTextAsync(), StringComparison.Ordinal);

        await page.ClickAsync("text=Préparer la notification initiale");
        await page.WaitForSelectorAsync("#filing-form");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-pdf"));
        var pdfPath = BrowserHost.Shot("13-dossier-initial.pdf");
        await download.SaveAsAsync(pdfPath);
        var text = DossierKit.PdfText(await File.ReadAllBytesAsync(pdfPath));
        foreach (var title in DossierFlowTests.SectionTitles)
        {
            Assert.Contains(DossierKit.Flat(title), text, StringComparison.Ordinal);
        }

        // The demo clock is past this lab's 72 hours: without reasons the filing is refused, with them it is recorded as late.
        await page.FillAsync("#filedAtLocal", "2021-02-27T10:00");
        await page.FillAsync("#cnilNumber", "DEMO-NOTIF-0001");
        await page.ClickAsync("text=Enregistrer le dépôt");
        var error = await page.Locator(".errors[role=alert]").InnerTextAsync();
        Assert.Contains("motifs du retard", error, StringComparison.Ordinal);
        Assert.Equal("DEMO-NOTIF-0001", await page.InputValueAsync("#cnilNumber"));
        Assert.Equal("2021-02-27T10:00", await page.InputValueAsync("#filedAtLocal")); // nothing typed is lost
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("14-filing-refused.png"), FullPage = false });

        await page.FillAsync("#reasonsForDelay", "Liste des patients concernés reçue du prestataire après l'échéance.");
        await page.ClickAsync("text=Enregistrer le dépôt");
        await page.WaitForSelectorAsync("#cnil-number");
        Assert.Equal("DEMO-NOTIF-0001", await page.Locator("#cnil-number").InnerTextAsync());
        Assert.Contains("après l'échéance", await page.Locator("#filing").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("15-filing-recorded.png"), FullPage = true });

        await page.ClickAsync(".breadcrumb >> text=Dossier CNIL");
        await page.ClickAsync("text=Évaluation du risque et décision");
        await page.WaitForSelectorAsync("#severity");
        Assert.Equal("5,0", (await page.Locator("#severity").InnerTextAsync()).Trim());
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("16-assessment.png"), FullPage = true });

        // The health-sector report beside it: pre-filled with FINESS, its PDF, its own filed instant and portal reference.
        await page.ClickAsync(".breadcrumb >> text=Dossier CNIL");
        await page.ClickAsync("text=Signalement santé (ARS / CERT Santé)");
        Assert.Contains("FINESS", await page.Locator("#section-1").InnerTextAsync(), StringComparison.Ordinal);
        var healthPdf = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("text=Télécharger le PDF"));
        await healthPdf.SaveAsAsync(BrowserHost.Shot("17-health-report.pdf"));
        Assert.Contains("L.1111-8-2", DossierKit.PdfText(await File.ReadAllBytesAsync(BrowserHost.Shot("17-health-report.pdf"))), StringComparison.Ordinal);
        await page.FillAsync("#portalReference", "SIG-2021-000123");
        await page.ClickAsync("text=Enregistrer le signalement");
        Assert.Contains("SIG-2021-000123", await page.Locator("#health-filing").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("17-health-report.png"), FullPage = true });

        // The register lists the filing with its reasons.
        await page.ClickAsync(".breadcrumb >> text=Dossier CNIL");
        await page.ClickAsync(".page-head >> text=Registre");
        var register = await page.Locator("#register").InnerTextAsync();
        Assert.Contains("DEMO-NOTIF-0001", register, StringComparison.Ordinal);
        Assert.Contains("SIG-2021-000123", register, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("18-register.png"), FullPage = true });
        var registerPdf = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(".page-head >> text=PDF"));
        await registerPdf.SaveAsAsync(BrowserHost.Shot("18-register.pdf"));
    }

    [BrowserFact]
    public async Task An_admin_edits_the_cnil_option_lists()
    {
        var page = await _host.SignedInPageAsync(NotifierApp.AdminEmail, width: 1440);
        await page.ClickAsync("text=Listes CNIL");
        await page.WaitForSelectorAsync("form.inline-form");
        Assert.True(await page.Locator("input[name=label]").CountAsync() > 50);
        await page.ScreenshotAsync(new() { Path = BrowserHost.Shot("19-reference-data.png"), FullPage = false });
    }
}
