using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// The DPO's screens driven by a browser-less HTTP client: New → Upload (streamed multipart, token first) → Preview
// → Start → Show, with real antiforgery, real Hangfire and real SQLite.
public sealed class ImportScreenTests : IAsyncLifetime
{
    private const string Csv = "N° patient;Nom;Prénom;Date de naissance;Adresse;CP;Ville;Courriel\r\n"
        + "U1;Lefèvre;Hélène;12/03/1975;5 rue de l'Église;35000;Rennes;helene@example.org\r\n"
        + "U2;Cœur;François;30/11/1968;8 place Saint-Étienne;29200;Brest;\r\n"
        + "U3;;Sans nom;01/01/1970;1 rue A;35000;Rennes;\r\n";

    private readonly NotifierApp _app = new(jobs: true);
    private Scenario _s = null!;
    private HttpClient _dpo = null!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
        _dpo = await _app.SignedInClientAsync(Roles.LabDpo, _s.LabAId);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private async Task<string> UploadTokenAsync()
    {
        var page = await _dpo.GetDocumentAsync($"/Imports/New?caseId={_s.CaseAId}");
        var form = page.QuerySelector("form#import-upload") as IHtmlFormElement;
        Assert.NotNull(form);
        Assert.Equal("multipart/form-data", form.Enctype);
        Assert.Equal($"/Imports/Upload?caseId={_s.CaseAId}", form.GetAttribute("action"), StringComparer.OrdinalIgnoreCase);
        return form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("no antiforgery token on the upload form");
    }

    private static ByteArrayContent FilePart(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return content;
    }

    private Task<HttpResponseMessage> UploadAsync(MultipartFormDataContent form) => _dpo.PostAsync($"/Imports/Upload?caseId={_s.CaseAId}", form);

    [Fact]
    public async Task A_DPO_uploads_previews_corrects_the_mapping_starts_and_sees_the_counts()
    {
        var token = await UploadTokenAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { FilePart(ImportKit.Windows1252.GetBytes(Csv)), "file", "export labo.csv" },
            { new StringContent("auto"), "encoding" },
        };
        var upload = await UploadAsync(form);
        Assert.True(upload.StatusCode == HttpStatusCode.Redirect, $"{(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");
        var previewUrl = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/Imports/Preview/", previewUrl, StringComparison.Ordinal);

        // The draft holds the file sealed; nothing is queued yet.
        var draft = await _app.WithDbAsync(db => db.ImportRuns.AsNoTracking().SingleAsync());
        Assert.Equal(Core.Import.ImportState.Draft, draft.State);
        Assert.Equal("export labo.csv", draft.FileName);
        Assert.True(await _app.WithDbAsync(db => db.ImportFileSegments.AnyAsync(x => x.ImportRunId == draft.Id)));

        // Preview: detected encoding, first rows with their accents, the detected mapping pre-selected.
        var preview = await _dpo.GetDocumentAsync(previewUrl);
        Assert.Contains("windows-1252", preview.QuerySelector("p.sub")!.TextContent, StringComparison.Ordinal);
        var cells = preview.QuerySelectorAll("#preview-rows td").Select(td => td.TextContent).ToList();
        Assert.Contains("Hélène", cells);
        Assert.Contains("Cœur", cells);
        var start = (IHtmlFormElement)preview.QuerySelectorAll("form").Single(f => f.GetAttribute("action")!.StartsWith("/Imports/Start/", StringComparison.Ordinal));
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", start.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!),
            new("encoding", start.QuerySelector("input[name=encoding]")!.GetAttribute("value")!),
        };
        var selects = start.QuerySelectorAll("select").Cast<IHtmlSelectElement>().ToList();
        Assert.Equal("Nom", selects.Single(x => x.Name == "map[nom]").Value);
        Assert.Equal("N° patient", selects.Single(x => x.Name == "map[lab_patient_id]").Value);
        foreach (var select in selects)
        {
            // The DPO's correction: the e-mail column is left out of this import.
            fields.Add(new(select.Name!, select.Name == "map[email]" ? "" : select.Value ?? ""));
        }

        var started = await _dpo.PostAsync(start.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.True(started.StatusCode == HttpStatusCode.Redirect, $"{(int)started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        var showUrl = started.Headers.Location!.OriginalString;
        Assert.Equal($"/Imports/Show/{draft.Id}", showUrl);

        // Show eventually says completed and shows the counts.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        IHtmlDocument show;
        while (true)
        {
            var progress = await _dpo.GetFromJsonAsync<JsonElement>($"/Imports/Progress/{draft.Id}");
            if (progress.GetProperty("finished").GetBoolean())
            {
                Assert.Equal("completed", progress.GetProperty("state").GetString());
                show = await _dpo.GetDocumentAsync(showUrl);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the import did not finish");
            await Task.Delay(100);
        }

        var stats = show.QuerySelectorAll("#import-counts .stat").ToDictionary(
            st => st.QuerySelector(".stat-label")!.TextContent.Trim(), st => st.QuerySelector(".stat-value")!.TextContent.Trim());
        Assert.Equal("3", stats["lignes lues"]);
        Assert.Equal("2", stats["personnes créées"]);
        Assert.Equal("1", stats["lignes rejetées"]);
        var issueRows = show.QuerySelectorAll("#issues tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Contains(issueRows, r => r[0] == "4" && r[1] == "U3" && r[2] == "nom");

        // The run remembers the choices of the form; the e-mail column was not imported.
        var run = await _app.WithDbAsync(db => db.ImportRuns.AsNoTracking().SingleAsync());
        Assert.Equal("windows-1252", run.DetectedEncoding);
        Assert.DoesNotContain("email", run.MappingJson!, StringComparison.Ordinal);
        var stored = await ImportKit.StoredAsync(_app, _s.CaseAId);
        Assert.Equal(["Cœur", "Lefèvre"], stored.Select(p => p.Payload.LastName).Order(StringComparer.Ordinal));
        Assert.All(stored, p => Assert.Null(p.Payload.Email));
        Assert.Empty(await _app.WithDbAsync(db => db.ImportFileSegments.ToListAsync()));
    }

    [Fact]
    public async Task Rereading_a_Windows1252_file_as_UTF8_in_the_preview_explains_the_problem_instead_of_failing()
    {
        var token = await UploadTokenAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { FilePart(ImportKit.Windows1252.GetBytes(Csv)), "file", "patients.csv" },
        };
        var upload = await UploadAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var id = upload.Headers.Location!.OriginalString.Split('/', '?')[3];

        // The DPO picks "UTF-8" in "Relire avec cet encodage".
        var response = await _dpo.GetAsync($"/Imports/Preview/{id}?encoding=utf-8");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}");
        var page = await response.ParseAsync();
        var alert = string.Join(" ", page.QuerySelectorAll("[role=alert]").Select(a => a.TextContent));
        Assert.Contains("UTF-8", alert, StringComparison.Ordinal);
        Assert.Contains("Windows-1252", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_antiforgery_token_after_the_file_is_refused_and_nothing_is_kept()
    {
        var token = await UploadTokenAsync();
        using var form = new MultipartFormDataContent
        {
            { FilePart(Encoding.UTF8.GetBytes(Csv)), "file", "patients.csv" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var response = await UploadAsync(form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("formulaire expiré", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal((0, 0), await _app.WithDbAsync(async db => (await db.ImportRuns.CountAsync(), await db.ImportFileSegments.CountAsync())));
    }

    [Fact]
    public async Task An_upload_without_a_token_or_with_a_forged_one_is_refused()
    {
        _ = await UploadTokenAsync();
        using (var none = new MultipartFormDataContent { { FilePart(Encoding.UTF8.GetBytes(Csv)), "file", "patients.csv" } })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(none)).StatusCode);
        }

        using (var forged = new MultipartFormDataContent
        {
            { new StringContent("CfDJ8-forged-token"), "__RequestVerificationToken" },
            { FilePart(Encoding.UTF8.GetBytes(Csv)), "file", "patients.csv" },
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await UploadAsync(forged)).StatusCode);
        }

        Assert.Equal(0, await _app.WithDbAsync(db => db.ImportRuns.CountAsync()));
    }
}
