using System.Net;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Identity;
using Notifier.Core.Incidents;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Features;

// The compliance officer's day-one journey through the real forms: create the incident once, add laboratories,
// record each one's awareness instant in its own time zone.
public sealed class IncidentAndCaseFormsTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new();

    public Task InitializeAsync()
    {
        // After both DST changes of 2021.
        _app.Clock.SetUtcNow(new DateTimeOffset(2021, 11, 15, 9, 0, 0, TimeSpan.Zero));
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Compliance_officer_creates_an_incident_and_adds_a_laboratory_with_its_awareness_instant()
    {
        var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var created = await client.PostFormAsync("/Incidents/Create", new()
        {
            ["Reference"] = "INC-2021-OMNI",
            ["Title"] = "Fuite du fichier OmniLab",
            ["TimeZoneId"] = "Europe/Paris",
            ["Nature"] = "Confidentiality",
            ["Certainty"] = "Established",
            ["Origin"] = "UnintendedPublication",
            ["Cause"] = "ExternalMalicious",
            ["DiscoveredAtLocal"] = "2021-02-23T09:00",
            ["OccurrenceStartUnknown"] = "true",
            ["ProcessorName"] = "Syntalis Biologie",
            ["ProcessorNoticeSlaHours"] = "24",
        }, extra: [new("DataCategories", "SocialSecurityNumber"), new("DataCategories", "HealthComments")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var incidentUrl = created.Headers.Location!.OriginalString;

        var incident = await _app.WithDbAsync(db => db.Incidents.Include(i => i.Processor).SingleAsync(i => i.Reference == "INC-2021-OMNI"));
        Assert.Equal(BreachNature.Confidentiality, incident.Nature);
        Assert.Equal(DataCategories.SocialSecurityNumber | DataCategories.HealthComments, incident.DataCategories);
        Assert.Equal(new DateTime(2021, 2, 23, 8, 0, 0, DateTimeKind.Utc), incident.DiscoveredAtUtc); // 09:00 CET
        Assert.Equal(24, incident.Processor!.NoticeSlaHours);

        var added = await client.PostFormAsync($"/Cases/Create?incidentId={incident.Id}", new()
        {
            ["Lab.Name"] = "Laboratoire de Fort-de-France",
            ["Lab.TimeZoneId"] = "America/Martinique",
            ["Lab.Siren"] = "732 829 320",
            ["Lab.PostalCode"] = "97200",
            ["Lab.City"] = "Fort-de-France",
            ["Lab.Country"] = "FRANCE",
            ["AwareAtLocal"] = "2021-02-24T08:30",
            ["AwareJustification"] = "Courriel du prestataire, vérifié sur un échantillon.",
            ["SignalSource"] = "Processor",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var @case = await _app.WithDbAsync(db => db.Cases.Include(c => c.Laboratory).SingleAsync(c => c.IncidentId == incident.Id));
        Assert.Equal("INC-2021-OMNI-L01", @case.Reference);
        Assert.Equal(CaseStatus.Aware, @case.Status);
        // Martinique is UTC−04:00 all year: 08:30 local is 12:30 UTC.
        Assert.Equal(new DateTime(2021, 2, 24, 12, 30, 0, DateTimeKind.Utc), @case.AwareAtUtc);
        Assert.Equal("732829320", @case.Laboratory!.Siren);

        var details = await client.GetStringAsync(incidentUrl);
        Assert.Contains("24/02/2021 08:30 (UTC−04:00)", details, StringComparison.Ordinal);
        var trail = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.ControllerCaseId == @case.Id).ToListAsync());
        Assert.Contains(trail, a => a.Action == "case.created" && a.Actor.StartsWith("complianceofficer-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_fields_get_specific_French_messages_and_the_typed_values_are_kept()
    {
        var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var response = await client.PostFormAsync("/Incidents/Create", new()
        {
            ["Reference"] = "INC 2021",
            ["Title"] = "",
            ["Description"] = "<script>alert('x')</script> = texte conservé",
            ["TimeZoneId"] = "Europe/Paris",
            ["ProcessorName"] = "Syntalis",
            ["ProcessorSiren"] = "123456789",
            ["ProcessorNoticeSlaHours"] = "0",
            ["DiscoveredAtLocal"] = "2030-01-01T10:00",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        var errors = page.QuerySelector(".errors")!.TextContent;
        Assert.Contains("Le champ Intitulé est obligatoire.", errors, StringComparison.Ordinal);
        Assert.Contains("La référence ne peut contenir que des lettres sans accent", errors, StringComparison.Ordinal);
        Assert.Contains("Le SIREN doit comporter 9 chiffres avec une clé de contrôle valide.", errors, StringComparison.Ordinal);
        Assert.Contains("doit être compris entre 1 et 720", errors, StringComparison.Ordinal);
        Assert.Contains("Cette date est dans le futur.", errors, StringComparison.Ordinal);
        // Nothing typed is lost, and markup stays inert text.
        Assert.Equal("<script>alert('x')</script> = texte conservé", page.QuerySelector("textarea#Description")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("main script"));
        Assert.Equal("Syntalis", page.QuerySelector("#ProcessorName")!.GetAttribute("value"));
        Assert.Equal(0, await _app.WithDbAsync(db => db.Incidents.CountAsync()));
    }

    [Fact]
    public async Task Over_long_values_are_refused_with_a_message_not_cut()
    {
        var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var longTitle = new string('é', Incident.TitleMax + 1);
        var response = await client.PostFormAsync("/Incidents/Create", new() { ["Reference"] = "INC-LONG", ["Title"] = longTitle, ["TimeZoneId"] = "Europe/Paris" });
        var page = await response.ParseAsync();
        Assert.Contains("Le champ Intitulé doit contenir au plus 200 caractères.", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(longTitle, page.QuerySelector("#Title")!.GetAttribute("value"));
    }

    [Fact]
    public async Task An_hour_that_happened_twice_is_not_guessed_and_the_chosen_offset_is_kept()
    {
        var s = await Scenario.CreateAsync(_app);
        var client = await _app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var form = await EditFormAsync(client, s.CaseAId);
        form["AwareAtLocal"] = "2021-10-31T02:30";
        var response = await client.PostFormAsync($"/Cases/Edit/{s.CaseAId}", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ParseAsync();
        Assert.Contains("Cette heure existe deux fois dans le fuseau Europe/Paris", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        var choices = page.QuerySelectorAll("fieldset.choice input[type=radio]").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["UTC+02:00", "UTC+01:00"], choices);

        form["AwareAtOffset"] = "UTC+02:00";
        var saved = await client.PostFormAsync($"/Cases/Edit/{s.CaseAId}", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(new DateTime(2021, 10, 31, 0, 30, 0, DateTimeKind.Utc), await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == s.CaseAId).Select(c => c.AwareAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task An_hour_that_never_existed_is_refused()
    {
        var s = await Scenario.CreateAsync(_app);
        var client = await _app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var form = await EditFormAsync(client, s.CaseAId);
        var before = await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == s.CaseAId).Select(c => c.AwareAtUtc).SingleAsync());
        form["AwareAtLocal"] = "2021-03-28T02:30";
        var response = await client.PostFormAsync($"/Cases/Edit/{s.CaseAId}", form);
        var page = await response.ParseAsync();
        Assert.Contains("Cette heure n'existe pas dans le fuseau Europe/Paris", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == s.CaseAId).Select(c => c.AwareAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task Awareness_needs_a_justification_and_a_status_cannot_claim_more_than_the_facts()
    {
        var s = await Scenario.CreateAsync(_app);
        var client = await _app.SignedInClientAsync(Roles.LabDpo, s.LabBId);
        var form = await EditFormAsync(client, s.CaseBId);
        form["AwareAtLocal"] = "2021-02-24T10:00";
        form["AwareJustification"] = "";
        form["Status"] = "AuthorityNotified";
        var page = await (await client.PostFormAsync($"/Cases/Edit/{s.CaseBId}", form)).ParseAsync();
        Assert.Contains("Expliquez pourquoi la violation est considérée comme constatée", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);

        form["AwareAtLocal"] = "";
        var page2 = await (await client.PostFormAsync($"/Cases/Edit/{s.CaseBId}", form)).ParseAsync();
        Assert.Contains("Ce statut suppose que l'instant de prise de connaissance soit renseigné.", page2.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Investigating, await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == s.CaseBId).Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task A_concurrent_edit_is_detected_instead_of_overwritten()
    {
        var s = await Scenario.CreateAsync(_app);
        var first = await _app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var second = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var staleForm = await EditFormAsync(first, s.CaseAId);
        var freshForm = await EditFormAsync(second, s.CaseAId);
        freshForm["Notes"] = "Modifié par la conformité";
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostFormAsync($"/Cases/Edit/{s.CaseAId}", freshForm)).StatusCode);

        staleForm["Notes"] = "Modifié par le DPO";
        var page = await (await first.PostFormAsync($"/Cases/Edit/{s.CaseAId}", staleForm)).ParseAsync();
        Assert.Contains("a été modifié par quelqu'un d'autre", page.QuerySelector(".errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Modifié par la conformité", await _app.WithDbAsync(db => db.Cases.Where(c => c.Id == s.CaseAId).Select(c => c.Notes).SingleAsync()));
    }

    [Fact]
    public async Task The_audit_trail_names_changed_fields_but_never_their_values()
    {
        var s = await Scenario.CreateAsync(_app);
        var client = await _app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var form = await EditFormAsync(client, s.CaseAId);
        form["Lab.DpoName"] = "Jeanne Secrète";
        form["Notes"] = "Note confidentielle";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/Cases/Edit/{s.CaseAId}", form)).StatusCode);
        var entry = await _app.WithDbAsync(db => db.AuditEntries.Where(a => a.ControllerCaseId == s.CaseAId && a.Action == "case.updated").SingleAsync());
        Assert.Contains("Notes", entry.Summary, StringComparison.Ordinal);
        Assert.Contains("Dpo.Name", entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("Jeanne", entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("confidentielle", entry.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task English_is_available_and_validation_messages_follow_the_language()
    {
        var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-GB%7Cuic%3Den-GB");
        var response = await client.PostFormAsync("/Incidents/Create", new() { ["Reference"] = "INC-EN", ["Title"] = "", ["TimeZoneId"] = "Europe/Paris" });
        var page = await response.ParseAsync();
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var errors = page.QuerySelector(".errors")!.TextContent;
        Assert.DoesNotContain("obligatoire", errors, StringComparison.Ordinal);
        Assert.Contains("required", errors, StringComparison.OrdinalIgnoreCase);
    }

    // The edit form as the browser would post it back: every input, select and textarea with its current value.
    private static async Task<Dictionary<string, string>> EditFormAsync(HttpClient client, Guid caseId)
    {
        var page = await client.GetDocumentAsync($"/Cases/Edit/{caseId}");
        var form = page.QuerySelector("form.form")!;
        var fields = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = input.GetAttribute("name")!;
            if (name == "__RequestVerificationToken")
            {
                continue;
            }

            switch (input)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement i when i.Type is "checkbox" or "radio":
                    if (i.IsChecked)
                    {
                        fields[name] = i.Value;
                    }

                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement i:
                    fields.TryAdd(name, i.Value);
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement sel:
                    fields[name] = sel.Value ?? "";
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement ta:
                    fields[name] = ta.Value;
                    break;
            }
        }

        return fields;
    }
}
