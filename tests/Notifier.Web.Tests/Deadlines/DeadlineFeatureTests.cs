using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Deadlines;

// The deadline engine through the app: the board, the case page, the late-filing guard and the API.
public sealed class DeadlineFeatureTests : IAsyncLifetime
{
    // Thursday 25 February 2021, 12:00 Paris: every demo lab is aware, none is past its 72 hours yet.
    private readonly NotifierApp _app = new(demo: true, now: new DateTimeOffset(2021, 2, 25, 11, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync()
    {
        _ = _app.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_board_lists_every_lab_most_urgent_first_with_countdowns_in_the_lab_zone()
    {
        var client = await _app.SignInAsync("conformite@notifier.example", NotifierApp.Password);
        var incidentId = await DemoIncidentIdAsync();
        var page = await client.GetDocumentAsync($"/Deadlines/Board/{incidentId}");
        var rows = page.QuerySelectorAll("#board tbody tr");
        Assert.Equal(28, rows.Length);

        // The demo lab aware earliest (23/02 13:40 Paris, Biolab Vilaine) is due 26/02 13:40: 25 h 40 after 12:00 on the 25th.
        var countdowns = page.QuerySelectorAll("#board tbody tr td[data-kind=CnilNotification] .countdown").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(28, countdowns.Count);
        Assert.StartsWith("dans 1 j 1 h", countdowns[0], StringComparison.Ordinal);
        Assert.Contains("Biolab Vilaine", rows[0].TextContent, StringComparison.Ordinal);
        // Sorted by remaining time: every next row is due later or equal.
        var dues = page.QuerySelectorAll("#board tbody tr td[data-kind=CnilNotification] .countdown").Select(c => DateTime.Parse(c.GetAttribute("data-due")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(dues.OrderBy(d => d), dues);
        Assert.Contains("26/02/2021 13:40 (UTC+01:00)", rows[0].TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("svg.timeline line.now"));
        Assert.Equal(28, page.QuerySelectorAll("svg.timeline rect.window").Length);
    }

    [Fact]
    public async Task Filters_keep_only_the_matching_labs()
    {
        _app.Clock.SetUtcNow(new DateTimeOffset(2021, 2, 26, 15, 0, 0, TimeSpan.Zero));
        var client = await _app.SignInAsync("conformite@notifier.example", NotifierApp.Password);
        var incidentId = await DemoIncidentIdAsync();
        var overdue = await client.GetDocumentAsync($"/Deadlines/Board/{incidentId}?filter=overdue");
        var within = await client.GetDocumentAsync($"/Deadlines/Board/{incidentId}?filter=24h");
        var overdueCount = overdue.QuerySelectorAll("#board tbody tr").Length;
        var withinCount = within.QuerySelectorAll("#board tbody tr").Length;
        Assert.InRange(overdueCount, 1, 27);
        Assert.InRange(withinCount, 1, 27);
        Assert.All(overdue.QuerySelectorAll("#board tbody tr"), r => Assert.Contains("en retard de", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_late_CNIL_filing_is_refused_without_reasons_and_the_typed_values_come_back()
    {
        // Lab 01 became aware 24/02 09:58 Paris: its 72 hours end 27/02 09:58. Move past that.
        _app.Clock.SetUtcNow(new DateTimeOffset(2021, 2, 28, 9, 0, 0, TimeSpan.Zero));
        var client = await _app.SignInAsync("dpo.lab01@notifier.example", NotifierApp.Password);
        var caseId = await _app.WithDbAsync(db => db.Cases.Where(c => c.Reference.EndsWith("-L01")).Select(c => c.Id).SingleAsync());
        var refused = await client.PostFormAsync($"/Obligations/Complete?caseId={caseId}&kind=CnilNotification",
            new() { ["completedAtLocal"] = "2021-02-27T18:00", ["reference"] = "CNIL-2021-0042", ["reasonsForDelay"] = "" }, $"/Cases/Details/{caseId}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await client.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        var row = page.QuerySelector("#obligation-CnilNotification")!;
        Assert.Contains("indiquez les motifs du retard", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("CNIL-2021-0042", row.QuerySelector("input[name=reference]")!.GetAttribute("value"));
        Assert.Null(await _app.WithDbAsync(db => db.Obligations.SingleOrDefaultAsync(o => o.ControllerCaseId == caseId)));

        var accepted = await client.PostFormAsync($"/Obligations/Complete?caseId={caseId}&kind=CnilNotification",
            new() { ["completedAtLocal"] = "2021-02-27T18:00", ["reference"] = "CNIL-2021-0042", ["reasonsForDelay"] = "Attente de la liste des patients du prestataire." },
            $"/Cases/Details/{caseId}");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var record = await _app.WithDbAsync(db => db.Obligations.SingleAsync(o => o.ControllerCaseId == caseId));
        Assert.True(record.CompletedLate);
        Assert.Equal(new DateTime(2021, 2, 27, 17, 0, 0, DateTimeKind.Utc), record.CompletedAtUtc);
        Assert.Equal((int)(new DateTime(2021, 2, 27, 17, 0, 0) - new DateTime(2021, 2, 27, 8, 58, 0)).TotalMinutes, record.LatenessMinutes);
        Assert.Equal("dpo.lab01@notifier.example", record.CompletedBy);

        // Frozen: correcting the awareness instant later does not rewrite the recorded lateness.
        await _app.WithDbAsync(async db =>
        {
            var c = await db.Cases.SingleAsync(x => x.Id == caseId);
            c.RecordAwareness(c.AwareAtUtc!.Value.AddHours(12), c.AwareJustification);
            await db.SaveChangesAsync();
        });
        Assert.Equal(record.LatenessMinutes, (await _app.WithDbAsync(db => db.Obligations.SingleAsync(o => o.ControllerCaseId == caseId))).LatenessMinutes);
        var details = await client.GetStringAsync($"/Cases/Details/{caseId}");
        Assert.Contains("Attente de la liste des patients du prestataire.", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_lists_every_obligation_and_computes_a_deadline_without_a_case()
    {
        var api = await _app.ApiClientAsync(Roles.ComplianceOfficer);
        var incidentId = await DemoIncidentIdAsync();
        var list = await api.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incidentId}/deadlines");
        Assert.Equal(28 * 8, list.GetProperty("total").GetInt32());
        var first = list.GetProperty("items")[0];
        Assert.Equal("CnilNotification", first.GetProperty("kind").GetString());
        Assert.EndsWith("+01:00", first.GetProperty("dueAtLocal").GetString()!, StringComparison.Ordinal);

        // Worked example 3 of regulation.md §3.3: DST starts in the window.
        var calc = await api.GetFromJsonAsync<JsonElement>("/api/v1/deadlines/art33?awareAt=2021-03-26T10:30:00%2B01:00&timeZone=Europe/Paris");
        Assert.Equal("2021-03-29T09:30:00+00:00", calc.GetProperty("deadline").GetProperty("utc").GetString());
        Assert.Equal("2021-03-29T11:30:00+02:00", calc.GetProperty("deadline").GetProperty("local").GetString());
        Assert.Equal("2021-03-29T12:00:00+02:00", calc.GetProperty("latestUnderReg1182").GetProperty("local").GetString());

        var noOffset = await api.GetAsync("/api/v1/deadlines/art33?awareAt=2021-10-31T02:30:00&timeZone=Europe/Paris");
        Assert.Equal(HttpStatusCode.BadRequest, noOffset.StatusCode);
        Assert.Contains("avec son décalage", await noOffset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_API_refuses_a_late_filing_without_reasons()
    {
        var caseId = await _app.WithDbAsync(db => db.Cases.Where(c => c.Reference.EndsWith("-L01")).Select(c => c.Id).SingleAsync());
        var labId = await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => c.LaboratoryId).SingleAsync());
        var api = await _app.ApiClientAsync(Roles.LabDpo, labId);
        _app.Clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.Zero));
        var refused = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/obligations/CnilNotification/complete",
            new { completedAt = "2021-02-28T10:00:00+01:00", reference = "CNIL-1" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("motifs du retard", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var ok = await api.PostAsJsonAsync($"/api/v1/cases/{caseId}/obligations/CnilNotification/complete",
            new { completedAt = "2021-02-28T10:00:00+01:00", reference = "CNIL-1", reasonsForDelay = "Fichier reçu tardivement." });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("DoneLate", body.GetProperty("status").GetString());
    }

    private Task<Guid> DemoIncidentIdAsync() => _app.WithDbAsync(db => db.Incidents.Select(i => i.Id).SingleAsync());
}
