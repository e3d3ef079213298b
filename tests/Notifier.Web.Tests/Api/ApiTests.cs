using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Api;

public sealed class ApiTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new();
    private Scenario _s = null!;

    public async Task InitializeAsync() => _s = await Scenario.CreateAsync(_app);

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ntf_not-a-real-token-at-all-000000000")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_missing_or_bad_token_gets_401_never_a_redirect(string? authorization)
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var response = await client.GetAsync("/api/v1/incidents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_browser_session_cookie_does_not_authenticate_the_API()
    {
        var browser = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var response = await browser.GetAsync("/api/v1/incidents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lists_are_paged_with_items_and_total()
    {
        var client = await _app.ApiClientAsync(Roles.ComplianceOfficer);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/incidents?page=1&pageSize=1");
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        Assert.Equal(1, page.GetProperty("items").GetArrayLength());
        var cases = await client.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{_s.SharedIncidentId}/cases");
        Assert.Equal(2, cases.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Compliance_officer_creates_an_incident_and_a_case_then_the_DPO_updates_it()
    {
        var co = await _app.ApiClientAsync(Roles.ComplianceOfficer);
        var created = await co.PostAsJsonAsync("/api/v1/incidents", new
        {
            reference = "API-2021-1",
            title = "Incident créé par l'API",
            nature = new[] { "Confidentiality", "Availability" },
            dataCategories = new[] { "SocialSecurityNumber", "BloodGroup" },
            discoveredAt = "2021-02-23T09:00:00+01:00",
            timeZoneId = "Europe/Paris",
            processorName = "Syntalis Biologie",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2021-02-23T09:00:00+01:00", incident.GetProperty("discoveredAt").GetString());
        Assert.Equal(["Confidentiality", "Availability"], incident.GetProperty("nature").EnumerateArray().Select(e => e.GetString()));
        var incidentId = incident.GetProperty("id").GetGuid();

        var caseResponse = await co.PostAsJsonAsync($"/api/v1/incidents/{incidentId}/cases", new
        {
            laboratory = new { name = "Laboratoire API", timeZoneId = "Indian/Reunion", postalCode = "97400", city = "Saint-Denis" },
            awareAt = "2021-02-24T10:00:00+04:00",
            awareJustification = "Appel de la CNIL.",
            signalSource = "Cnil",
        });
        Assert.Equal(HttpStatusCode.Created, caseResponse.StatusCode);
        var @case = await caseResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2021-02-24T06:00:00+00:00", @case.GetProperty("awareAt").GetString());
        Assert.Equal("2021-02-24T10:00:00+04:00", @case.GetProperty("awareAtLocal").GetString());
        Assert.Equal("Aware", @case.GetProperty("status").GetString());
        var caseId = @case.GetProperty("id").GetGuid();
        var labId = @case.GetProperty("laboratory").GetProperty("id").GetGuid();

        var dpo = await _app.ApiClientAsync(Roles.LabDpo, labId);
        var update = await dpo.PutAsJsonAsync($"/api/v1/cases/{caseId}", new
        {
            laboratory = new { name = "Laboratoire API", timeZoneId = "Indian/Reunion", postalCode = "97400", city = "Saint-Denis", dpoName = "DPO Réunion" },
            awareAt = "2021-02-24T09:00:00+04:00",
            awareJustification = "Appel de la CNIL, confirmé par le prestataire.",
            signalSource = "Cnil",
            estimatedSubjectCount = 1200,
            concurrencyStamp = @case.GetProperty("concurrencyStamp").GetGuid(),
        });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var updated = await update.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1200, updated.GetProperty("estimatedSubjectCount").GetInt32());
        Assert.Equal("DPO Réunion", updated.GetProperty("laboratory").GetProperty("dpo").GetProperty("name").GetString());

        // The stamp read before the update is stale now.
        var stale = await dpo.PutAsJsonAsync($"/api/v1/cases/{caseId}", new
        {
            laboratory = new { name = "Laboratoire API", timeZoneId = "Indian/Reunion" },
            concurrencyStamp = @case.GetProperty("concurrencyStamp").GetGuid(),
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var audit = await dpo.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/audit");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Equal(["case.updated", "case.created"], actions);
        Assert.DoesNotContain("Réunion", audit.GetProperty("items")[0].GetProperty("summary").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_DPO_cannot_create_incidents()
    {
        var dpo = await _app.ApiClientAsync(Roles.LabDpo, _s.LabAId);
        var response = await dpo.PostAsJsonAsync("/api/v1/incidents", new { reference = "X-1", title = "x", timeZoneId = "Europe/Paris" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Validation_errors_are_problem_details_in_French_or_English()
    {
        var dpo = await _app.ApiClientAsync(Roles.LabDpo, _s.LabAId);
        var body = new { laboratory = new { name = "", timeZoneId = "Mars/Olympus", siren = "123" }, awareAt = "2021-02-24T09:00:00+01:00" };
        var fr = await dpo.PutAsJsonAsync($"/api/v1/cases/{_s.CaseAId}", body);
        Assert.Equal(HttpStatusCode.BadRequest, fr.StatusCode);
        Assert.Equal("application/problem+json", fr.Content.Headers.ContentType!.MediaType);
        var text = await fr.Content.ReadAsStringAsync();
        Assert.Contains("Fuseau horaire inconnu", text, StringComparison.Ordinal);
        Assert.Contains("Le SIREN doit comporter 9 chiffres", text, StringComparison.Ordinal);

        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/cases/{_s.CaseAId}") { Content = JsonContent.Create(body) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en-GB"));
        var en = await dpo.SendAsync(request);
        var english = await en.Content.ReadAsStringAsync();
        Assert.True(english.Contains("Unknown time zone", StringComparison.Ordinal), english);
        Assert.DoesNotContain("Fuseau horaire inconnu", english, StringComparison.Ordinal);

        Assert.Equal(Scenario.LabAName, await _app.WithDbAsync(db => db.Laboratories.Where(l => l.Id == _s.LabAId).Select(l => l.Name).SingleAsync()));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_endpoint_and_the_bearer_scheme()
    {
        var client = _app.CreateClient();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var expected in new[]
                 {
                     "/api/v1/incidents", "/api/v1/incidents/{id}", "/api/v1/incidents/{id}/cases",
                     "/api/v1/cases/{caseId}", "/api/v1/cases/{caseId}/audit", "/api/v1/cases/{caseId}/notifications",
                     "/api/v1/cases/{caseId}/notifications/{id}/pdf", "/api/v1/cases/{caseId}/notifications/{id}/filed",
                 })
        {
            Assert.Contains(expected, paths);
        }

        Assert.Equal("bearer", doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/", StringComparison.Ordinal));
    }
}
