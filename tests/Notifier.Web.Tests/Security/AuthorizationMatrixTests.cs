using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Security;

// Every MVC action and API endpoint is enumerated from the running app, so a new endpoint is covered the day it is added:
// - an endpoint that takes the id of a laboratory's incident or case must refuse a user of another laboratory (403/404);
// - an endpoint that takes no such id must not show anything of the other laboratory;
// - nothing but the sign-in pages answers an anonymous caller.
// An endpoint with an id parameter the matrix does not know fails the test until the matrix is taught what to send.
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new();
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(Roles.LabDpo)]
    [InlineData(Roles.Mailroom)]
    public async Task A_user_of_lab_B_never_reaches_lab_A(string role)
    {
        var user = await _app.CreateUserAsync(role, _s.LabBId);
        var failures = new List<string>();
        var checkedIds = 0;
        foreach (var endpoint in Endpoints())
        {
            if (endpoint.IsAnonymousSignInFlow)
            {
                continue;
            }

            var client = endpoint.IsApi ? await _app.ApiClientAsync(user) : await _app.SignInAsync(user.Email!, NotifierApp.Password);
            var request = await BuildRequestAsync(endpoint, client, failures);
            if (request is null)
            {
                continue;
            }

            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (endpoint.TakesForeignId)
            {
                checkedIds++;
                var refused = response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/AccessDenied", StringComparison.Ordinal));
                if (!refused)
                {
                    failures.Add($"{endpoint} answered {(int)response.StatusCode} to a {role} of lab B for lab A's resource");
                }
            }

            if (body.Contains(Scenario.LabAName, StringComparison.Ordinal) || body.Contains(Scenario.PrivateIncidentReference, StringComparison.Ordinal)
                || body.Contains(_s.CaseAId.ToString(), StringComparison.Ordinal))
            {
                failures.Add($"{endpoint} showed lab A's data to a {role} of lab B");
            }
        }

        Assert.True(checkedIds >= 10, $"Only {checkedIds} endpoints with a lab-scoped id were found: is the enumeration broken?");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    // The refusals above prove something only if the same requests succeed for lab A's own DPO.
    [Fact]
    public async Task The_DPO_of_lab_A_reaches_the_same_resources()
    {
        var user = await _app.CreateUserAsync(Roles.LabDpo, _s.LabAId);
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => e.TakesForeignId && e.Method == "GET" && !e.NeedsManageRole))
        {
            var client = endpoint.IsApi ? await _app.ApiClientAsync(user) : await _app.SignInAsync(user.Email!, NotifierApp.Password);
            var request = await BuildRequestAsync(endpoint, client, failures);
            var response = await client.SendAsync(request!);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{endpoint} answered {(int)response.StatusCode} to lab A's own DPO");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Anonymous_callers_reach_only_the_sign_in_pages()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints().Where(e => !e.AllowsAnonymous))
        {
            var client = _app.CreateClient(new() { AllowAutoRedirect = false });
            var request = await BuildRequestAsync(endpoint, client, failures, withAntiforgery: false);
            var response = await client.SendAsync(request!);
            var ok = endpoint.IsApi
                ? response.StatusCode == HttpStatusCode.Unauthorized
                : response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/Account/Login", StringComparison.Ordinal)
                  || (endpoint.Method != "GET" && response.StatusCode == HttpStatusCode.BadRequest); // anti-forgery refuses first
            if (!ok)
            {
                failures.Add($"{endpoint} answered {(int)response.StatusCode} to an anonymous caller");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<HttpRequestMessage?> BuildRequestAsync(Endpoint e, HttpClient client, List<string> failures, bool withAntiforgery = true)
    {
        var path = e.Template;
        var query = new List<string>();
        foreach (var p in e.Parameters)
        {
            string? value = p switch
            {
                ("id", "Incidents") or ("id", "IncidentsApi") or ("id", "CasesApi") or ("id", "Deadlines") or ("id", "DeadlinesApi")
                    or ("incidentId", _) => _s.PrivateIncidentId.ToString(),
                ("id", "Cases") or ("caseId", _) => _s.CaseAId.ToString(),
                ("id", "Users") => (await _app.CreateUserAsync(Roles.LabDpo, _s.LabAId)).Id.ToString(),
                ("id", "Account") => await ForeignTokenIdAsync(),
                ("id", "Imports") or ("id", "ImportsApi") => await ForeignImportIdAsync(draft: e.Action is "Preview" or "Start" or "Discard"),
                ("id", "PostalBatches") or ("id", "PostalBatchesApi") => await ForeignBatchIdAsync(),
                ("id", "Subjects") or ("id", "SubjectLettersApi") => await ForeignSubjectIdAsync(),
                ("id", "EmailCampaigns") or ("id", "EmailCampaignsApi") => await ForeignCampaignIdAsync(),
                ("policy", "EmailCampaigns") => "InsteadOfLetter",
                ("perMinute", "EmailCampaigns") => "10",
                ("language", "EmailCampaigns") => "fr",
                ("files", "EmailCampaigns") => "",
                ("to", "PostalBatches") => "Printed",
                ("size", "PostalBatches") => "10",
                ("id", "NotificationsApi") or ("notificationId", _) => await ForeignNotificationIdAsync(),
                ("optionId", _) => await _app.WithDbAsync(async db => (await db.ReferenceOptions.FirstAsync()).Id.ToString()),
                ("list", _) => "Origin",
                ("sortOrder", _) => "10",
                ("page", _) => "1",
                ("code", "Home") => "404",
                ("kind", _) => "CnilNotification",
                _ => null,
            };
            if (value is null)
            {
                failures.Add($"{e}: the matrix does not know what to send for parameter '{p.Name}'. Teach it (and check the endpoint's access control).");
                return null;
            }

            if (path.Contains("{" + p.Name, StringComparison.Ordinal))
            {
                path = System.Text.RegularExpressions.Regex.Replace(path, "\\{" + p.Name + "(:[^}]*)?\\??\\}", value);
            }
            else
            {
                query.Add($"{p.Name}={value}");
            }
        }

        var url = path + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var request = new HttpRequestMessage(new HttpMethod(e.Method), url);
        if (e.Method != "GET")
        {
            if (e.IsApi)
            {
                request.Content = new StringContent(SampleBody(e.Controller, e.Action), Encoding.UTF8, "application/json");
            }
            else
            {
                var fields = new List<KeyValuePair<string, string>>();
                if (withAntiforgery)
                {
                    var page = await client.GetDocumentAsync("/Account");
                    fields.Add(new("__RequestVerificationToken", page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!));
                }

                request.Content = new FormUrlEncodedContent(fields);
            }
        }

        return request;
    }

    // Valid bodies, so that a refusal cannot be mistaken for a validation error.
    private static string SampleBody(string controller, string action) => (controller, action) switch
    {
        ("IncidentsApi", "Create") => """{"reference":"MATRIX-1","title":"Matrice","timeZoneId":"Europe/Paris"}""",
        ("CasesApi", "Create") => """{"laboratory":{"name":"Labo matrice","timeZoneId":"Europe/Paris"}}""",
        ("CasesApi", "Update") => """{"laboratory":{"name":"Labo matrice","timeZoneId":"Europe/Paris"}}""",
        ("ImportsApi", "Create") => "{}", // refused before the body is read; a real upload is multipart (Imports tests)
        ("PostalBatchesApi", "Create") => "{}",
        ("PostalBatchesApi", "Advance") => """{"state":"printed"}""",
        ("PostalBatchesApi", "Returns") => """{"codes":["ABCD-EFGH-JKMN-PQRS"]}""",
        ("EmailCampaignsApi", "Create") => """{"language":"fr"}""",
        ("EmailCampaignsApi", "Pause" or "Resume" or "Cancel") => "{}",
        ("NotificationsApi", "Create") => """{"kind":"Initial"}""",
        ("NotificationsApi", "Filed") => """{"filedAt":"2021-02-27T09:00:00+01:00","cnilNumber":"MATRIX","reasonsForDelay":"Matrice"}""",
        ("DeadlinesApi", "Complete") => """{"completedAt":"2021-02-27T09:00:00+01:00","reference":"MATRIX","reasonsForDelay":"Matrice"}""",
        _ => throw new InvalidOperationException($"No sample body for {controller}.{action}: add one to the matrix."),
    };

    // An import of lab A's case: a draft (with its sealed file) for the preview steps, a finished one otherwise.
    private async Task<string> ForeignImportIdAsync(bool draft)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Notifier.Core.Data.NotifierDbContext>();
        var cipher = scope.ServiceProvider.GetRequiredService<Notifier.Core.Protection.FieldCipher>();
        var owner = await _app.CreateUserAsync(Roles.LabDpo, _s.LabAId);
        var run = new Notifier.Core.Import.ImportRun(Guid.CreateVersion7(), _s.CaseAId, owner.Id, "matrice.csv", 0, _app.Clock.GetUtcNow().UtcDateTime)
        {
            State = draft ? Notifier.Core.Import.ImportState.Draft : Notifier.Core.Import.ImportState.Completed,
        };
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        using var file = new MemoryStream(Encoding.UTF8.GetBytes("nom;prenom;email\r\nTest;Matrice;matrice@example.org\r\n"));
        var (size, _) = await Notifier.Web.Features.Imports.ImportFiles.StoreAsync(db, cipher, run.Id, file, 1_000_000, CancellationToken.None);
        run = await db.ImportRuns.FirstAsync(r => r.Id == run.Id);
        run.FileSize = size;
        await db.SaveChangesAsync();
        return run.Id.ToString();
    }

    // Lab A's persons (one is enough) and one generated postal batch of lab A's case, made once per test.
    private string? _subjectId;
    private string? _batchId;

    private async Task<string> ForeignSubjectIdAsync()
    {
        if (_subjectId is null)
        {
            var persons = await Letters.PostalBatchTests.SeedPersonsAsync(_app, _s.CaseAId);
            _subjectId = persons["rennes1"].ToString();
        }

        return _subjectId;
    }

    // An email campaign of lab A's case (lab A's persons with an email address), made once per test.
    private string? _campaignId;

    private async Task<string> ForeignCampaignIdAsync()
    {
        if (_campaignId is null)
        {
            await ForeignSubjectIdAsync();
            await using var scope = _app.Services.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var db = sp.GetRequiredService<Notifier.Core.Data.NotifierDbContext>();
            var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == _s.CaseAId);
            var campaign = await sp.GetRequiredService<Notifier.Web.Features.EmailCampaigns.EmailCampaignService>().CreateAsync(@case, "fr", null, CancellationToken.None);
            _campaignId = campaign!.Id.ToString();
        }

        return _campaignId;
    }

    private async Task<string> ForeignBatchIdAsync()
    {
        if (_batchId is null)
        {
            await ForeignSubjectIdAsync();
            await using (var scope = _app.Services.CreateAsyncScope())
            {
                var sp = scope.ServiceProvider;
                var db = sp.GetRequiredService<Notifier.Core.Data.NotifierDbContext>();
                var @case = await db.Cases.Include(c => c.Laboratory).Include(c => c.Incident).FirstAsync(c => c.Id == _s.CaseAId);
                var batches = await sp.GetRequiredService<Notifier.Web.Features.Letters.PostalBatchService>().CreateAsync(@case, "fr", 1000, null, CancellationToken.None);
                _batchId = batches[0].Id.ToString();
            }

            await Letters.PostalBatchTests.GenerateAllAsync(_app);
        }

        return _batchId;
    }

    // A notification of lab A's case, with a stored CNIL summary so that its download answers lab A's own DPO.
    private string? _foreignNotificationId;

    private async Task<string> ForeignNotificationIdAsync()
    {
        if (_foreignNotificationId is not null)
        {
            return _foreignNotificationId;
        }

        _foreignNotificationId = await _app.WithDbAsync(async db =>
        {
            var now = _app.Clock.GetUtcNow().UtcDateTime;
            var n = new Notifier.Core.Notifications.CnilNotification(Guid.CreateVersion7(), _s.CaseAId, Notifier.Core.Notifications.NotificationKind.Initial,
                null, 1, System.Text.Json.JsonSerializer.Serialize(new Notifier.Core.Notifications.DossierDocument("Matrice",
                    Notifier.Core.Notifications.NotificationKind.Initial, 1, "Matrice", "", "Europe/Paris", "MATRICE", now, "—", [], []),
                    Notifier.Web.Features.Dossier.DossierService.Json), false, "matrice", now);
            var doc = new Notifier.Core.Notifications.StoredDocument(Guid.CreateVersion7(), _s.CaseAId, "recap.pdf", "application/pdf",
                Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"), "matrice", now);
            n.AttachSummary(doc.Id);
            db.AddRange(doc, n);
            await db.SaveChangesAsync();
            return n.Id.ToString();
        });
        return _foreignNotificationId;
    }

    private async Task<string> ForeignTokenIdAsync()
    {
        var other = await _app.CreateUserAsync(Roles.LabDpo, _s.LabAId);
        return await _app.WithDbAsync(async db =>
        {
            var (_, record) = Notifier.Web.Infrastructure.ApiTokenIssuer.Issue(db, other.Id, "other", null, _app.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            return record.Id.ToString();
        });
    }

    private IEnumerable<Endpoint> Endpoints()
    {
        var provider = _app.Services.GetRequiredService<IActionDescriptorCollectionProvider>();
        foreach (var d in provider.ActionDescriptors.Items.OfType<ControllerActionDescriptor>())
        {
            var methods = d.EndpointMetadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).DefaultIfEmpty("GET").Distinct();
            var template = d.AttributeRouteInfo?.Template is { } t ? "/" + t : $"/{d.ControllerName}/{d.ActionName}";
            var parameters = d.Parameters
                .Where(p => p.ParameterType == typeof(Guid) || p.ParameterType == typeof(Guid?) || p.ParameterType == typeof(int) || p.ParameterType.IsEnum)
                .Where(p => p.BindingInfo?.BindingSource?.Id is not "Body")
                .Select(p => (p.Name, d.ControllerName)).ToList();
            var anonymous = d.EndpointMetadata.OfType<IAllowAnonymous>().Any();
            var manage = d.EndpointMetadata.OfType<AuthorizeAttribute>().Any(a => a.Policy is "ManageIncidents" or "Admin");
            foreach (var method in methods)
            {
                yield return new Endpoint(method, template, d.ControllerName, d.ActionName, parameters, anonymous, manage);
            }
        }
    }

    private sealed record Endpoint(string Method, string Template, string Controller, string Action,
        List<(string Name, string Controller)> Parameters, bool AllowsAnonymous, bool NeedsManageRole)
    {
        public bool IsApi => Template.StartsWith("/api/", StringComparison.Ordinal);

        public bool TakesForeignId => Parameters.Any(p => p.Name is "id" or "caseId" or "incidentId");

        // Sign-in, two-factor, status and language pages are the public surface; they are checked by the anonymous test.
        public bool IsAnonymousSignInFlow => AllowsAnonymous;

        public override string ToString() => $"{Method} {Template} ({Controller}.{Action})";
    }
}
