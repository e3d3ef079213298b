using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Core.Identity;
using Notifier.Core.Incidents;
using Notifier.Core.Notifications;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Dossier;

// Issue 5 end to end through the real app: the dossier PDF with every section of the CNIL form, the late-filing guard,
// a complementary notification linked to the initial one, the register exports; on SQLite and on a real PostgreSQL.
[Collection("postgres")]
public sealed class DossierFlowTests(PostgresServer postgres)
{
    // Section titles of the dossier, in the CNIL form's order (regulation.md §4.2).
    public static readonly string[] SectionTitles =
    [
        "1. Type de notification", "2. Organisme", "3. Personnes à contacter", "4. Nature de la violation", "5. Origine de l'incident",
        "6. Circonstances de la violation", "7. Cause de la violation", "8. Sous-traitants", "9. Personnes concernées", "10. Données concernées",
        "11. Conséquences probables", "12. Mesures prises", "13. Information des personnes concernées", "14. Aspects transfrontaliers",
        "15. Autres autorités notifiées", "16. Motifs du retard",
    ];

    private NotifierApp NewApp(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? new NotifierApp(connectionString: postgres.ConnectionString($"dos_{Guid.NewGuid():N}"), provider: provider)
        : new NotifierApp();

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_dpo_files_late_only_with_reasons_then_a_linked_complementary_and_the_register_lists_both(DatabaseProvider provider)
    {
        using var app = NewApp(provider);
        var s = await Scenario.CreateAsync(app);
        await DossierKit.SetDemoLikeFactsAsync(app, s);
        app.Clock.Advance(TimeSpan.FromHours(80)); // aware 5 h before the scenario's "now": the 72 h have run out
        var dpo = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);

        var created = await dpo.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/notifications", new { kind = "Initial" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var initialId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The PDF holds every section of the CNIL form, the lab's identity, page numbers, the generated instant with its offset.
        var pdf = await dpo.GetByteArrayAsync($"/api/v1/cases/{s.CaseAId}/notifications/{initialId}/pdf");
        var text = DossierKit.PdfText(pdf);
        var last = -1;
        foreach (var title in SectionTitles)
        {
            var at = text.IndexOf(DossierKit.Flat(title), StringComparison.Ordinal);
            Assert.True(at > last, $"section « {title} » missing or out of order in the PDF");
            last = at;
        }

        Assert.Contains(Scenario.LabAName, text, StringComparison.Ordinal);
        Assert.Contains("732829320", text, StringComparison.Ordinal);
        Assert.Contains("Page 1 /", text, StringComparison.Ordinal);
        Assert.Contains("(UTC+01:00)", text, StringComparison.Ordinal);
        Assert.Contains("INCOMPLET", text, StringComparison.Ordinal); // no consequences or measures entered yet
        Assert.Contains("Claire Témoin", text, StringComparison.Ordinal);

        // Filed after the 72 hours without reasons: refused with the French message; with reasons: accepted and marked late.
        var filedAt = app.Clock.GetUtcNow().AddHours(-1);
        var refused = await dpo.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/notifications/{initialId}/filed",
            new { filedAt, cnilNumber = "NOTIF-2021-0001", reasonsForDelay = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("motifs du retard", problem, StringComparison.Ordinal);
        Assert.Contains("reasonsForDelay", problem, StringComparison.OrdinalIgnoreCase);

        var accepted = await dpo.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/notifications/{initialId}/filed",
            new { filedAt, cnilNumber = "NOTIF-2021-0001", reasonsForDelay = "Liste des patients reçue du prestataire après l'échéance." });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var filed = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(filed.GetProperty("filedLate").GetBoolean());
        Assert.Equal("NOTIF-2021-0001", filed.GetProperty("cnilNumber").GetString());

        // The deadline board's obligation and the case status follow the filing.
        var (obligation, status) = await app.WithDbAsync(async db => (
            await db.Obligations.SingleAsync(o => o.ControllerCaseId == s.CaseAId && o.Kind == ObligationKind.CnilNotification),
            (await db.Cases.SingleAsync(c => c.Id == s.CaseAId)).Status));
        Assert.True(obligation.CompletedLate);
        Assert.Equal("NOTIF-2021-0001", obligation.Reference);
        Assert.Equal(CaseStatus.AuthorityNotified, status);

        // A second initial is refused; a complementary one is linked to the initial and names its CNIL number.
        var second = await dpo.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/notifications", new { kind = "Initial" });
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        var complementary = await dpo.PostAsJsonAsync($"/api/v1/cases/{s.CaseAId}/notifications", new { kind = "Complementary" });
        Assert.Equal(HttpStatusCode.Created, complementary.StatusCode);
        var complementaryId = (await complementary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var list = await dpo.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{s.CaseAId}/notifications");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(initialId, items[1].GetProperty("initialId").GetGuid());
        Assert.Equal("Complementary", items[1].GetProperty("kind").GetString());
        var complementaryText = DossierKit.PdfText(await dpo.GetByteArrayAsync($"/api/v1/cases/{s.CaseAId}/notifications/{complementaryId}/pdf"));
        Assert.Contains("NOTIF-2021-0001", complementaryText, StringComparison.Ordinal);
        Assert.Contains("complémentaire", complementaryText, StringComparison.Ordinal);

        // The register, per lab: CSV for French Excel (BOM, ';', formula-safe) and PDF; the audit trail holds no personal data.
        await app.WithDbAsync(async db =>
        {
            db.DossierFacts.Add(new DossierFacts(Guid.CreateVersion7(), s.SharedIncidentId, null) { MeasuresImmediate = "=HYPERLINK(\"http://x\")" });
            await db.SaveChangesAsync();
        });
        var web = await app.SignInAsync((await app.CreateUserAsync(Roles.LabDpo, s.LabAId)).Email!, NotifierApp.Password);
        var csv = await web.GetByteArrayAsync($"/Register/CaseCsv?caseId={s.CaseAId}");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var csvText = Encoding.UTF8.GetString(csv, 3, csv.Length - 3);
        Assert.StartsWith(BreachRegister.CsvHeader + "\r\n", csvText, StringComparison.Ordinal);
        Assert.Contains("Notification CNIL initiale", csvText, StringComparison.Ordinal);
        Assert.Contains("NOTIF-2021-0001", csvText, StringComparison.Ordinal);
        Assert.Contains("Motifs du retard : Liste des patients", csvText, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain(";=HYPERLINK", csvText, StringComparison.Ordinal);
        var registerPdf = DossierKit.PdfText(await web.GetByteArrayAsync($"/Register/CasePdf?caseId={s.CaseAId}"));
        Assert.Contains("Registre des violations", registerPdf, StringComparison.Ordinal);
        Assert.Contains("NOTIF-2021-0001", registerPdf, StringComparison.Ordinal);
        var incidentCsv = Encoding.UTF8.GetString(await web.GetByteArrayAsync($"/Register/IncidentCsv?incidentId={s.SharedIncidentId}"));
        Assert.Contains("SHARED-AB-L01", incidentCsv, StringComparison.Ordinal);

        var trail = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.ControllerCaseId == s.CaseAId).Select(a => a.Action + " " + a.Summary).ToListAsync());
        Assert.Contains(trail, a => a.StartsWith("notification.prepared", StringComparison.Ordinal));
        Assert.Contains(trail, a => a.StartsWith("notification.filed", StringComparison.Ordinal) && a.Contains("après l'échéance", StringComparison.Ordinal));
        Assert.DoesNotContain(trail, a => a.Contains("Liste des patients", StringComparison.Ordinal) || a.Contains("NOTIF-2021-0001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_cnil_summary_must_be_a_pdf_and_is_downloadable_by_the_lab_only()
    {
        using var app = new NotifierApp();
        var s = await Scenario.CreateAsync(app);
        var dpo = await app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var prepared = await dpo.PostFormAsync($"/Dossier/Prepare?caseId={s.CaseAId}", new() { ["kind"] = "Initial" }, $"/Dossier?caseId={s.CaseAId}");
        Assert.Equal(HttpStatusCode.Redirect, prepared.StatusCode);
        var page = prepared.Headers.Location!.OriginalString;
        var notificationId = await app.WithDbAsync(db => db.CnilNotifications.Where(n => n.ControllerCaseId == s.CaseAId).Select(n => n.Id).SingleAsync());

        async Task<HttpResponseMessage> UploadAsync(byte[] content, string name)
        {
            var doc = await dpo.GetDocumentAsync(page);
            var token = doc.QuerySelector("form[enctype='multipart/form-data'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(content), "file", name },
            };
            return await dpo.PostAsync($"/Dossier/Summary?caseId={s.CaseAId}&notificationId={notificationId}", form);
        }

        var upload = await UploadAsync(Encoding.UTF8.GetBytes("<html>pas un pdf</html>"), "recap.pdf");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var afterRefusal = (await dpo.GetDocumentAsync(page)).QuerySelector("[role=alert]")?.TextContent ?? "";
        Assert.Contains("n'est pas un PDF", afterRefusal, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.StoredDocuments.AnyAsync()));

        var summary = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n");
        await UploadAsync(summary, "recapitulatif.pdf");
        var download = await dpo.GetAsync($"/Dossier/SummaryPdf?caseId={s.CaseAId}&notificationId={notificationId}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(summary, await download.Content.ReadAsByteArrayAsync());

        var other = await app.SignedInClientAsync(Roles.LabDpo, s.LabBId);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Dossier/SummaryPdf?caseId={s.CaseAId}&notificationId={notificationId}")).StatusCode);
        var mailroom = await app.SignedInClientAsync(Roles.Mailroom, s.LabAId);
        Assert.NotEqual(HttpStatusCode.OK, (await mailroom.GetAsync($"/Dossier/SummaryPdf?caseId={s.CaseAId}&notificationId={notificationId}")).StatusCode);
    }

    [Fact]
    public async Task The_assessment_is_prefilled_at_five_very_high_and_a_decision_needs_its_reasons_until_a_cnil_order_reopens_it()
    {
        using var app = new NotifierApp();
        var s = await Scenario.CreateAsync(app);
        await DossierKit.SetDemoLikeFactsAsync(app, s);
        var dpo = await app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var page = await dpo.GetDocumentAsync($"/Assessment?caseId={s.CaseAId}");
        Assert.Equal("5,0", page.QuerySelector("#severity")!.TextContent.Trim());

        // Saving the pre-filled form as is.
        var form = page.QuerySelectorAll("form").First(f => f.GetAttribute("action")!.Contains("/Assessment/Save", StringComparison.Ordinal));
        var fields = form.QuerySelectorAll("input[name], select[name], textarea[name]")
            .Where(e => e.GetAttribute("type") is not "checkbox" || e.HasAttribute("checked"))
            .Where(e => e.GetAttribute("name") != "__RequestVerificationToken")
            .GroupBy(e => e.GetAttribute("name")!)
            .ToDictionary(g => g.Key, g => DossierKit.ValueOf(g.First()));
        var saved = await dpo.PostFormAsync($"/Assessment/Save?caseId={s.CaseAId}", fields, $"/Assessment?caseId={s.CaseAId}");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var assessment = await app.WithDbAsync(db => db.RiskAssessments.SingleAsync(a => a.ControllerCaseId == s.CaseAId));
        Assert.Equal((20, Core.Risk.SeverityBand.VeryHigh), (assessment.SeverityQuarters, assessment.Band));

        // An adjustment without its justification is refused.
        var adjusted = new Dictionary<string, string>(fields) { ["Sensitive.Score"] = "2", ["Sensitive.Justification"] = "" };
        var refused = await dpo.PostFormAsync($"/Assessment/Save?caseId={s.CaseAId}", adjusted, $"/Assessment?caseId={s.CaseAId}");
        Assert.Contains("doit être justifié par écrit", (await refused.ParseAsync()).Body!.TextContent, StringComparison.Ordinal);

        var decide = new Dictionary<string, string> { ["NotifyCnil"] = "true", ["InformPersons"] = "true", ["Exemption"] = "None", ["Justification"] = "" };
        var noReason = await dpo.PostFormAsync($"/Assessment/Decide?caseId={s.CaseAId}", decide, $"/Assessment?caseId={s.CaseAId}");
        Assert.Contains("Indiquez les motifs de la décision", (await noReason.ParseAsync()).Body!.TextContent, StringComparison.Ordinal);
        decide["InformPersons"] = "false";
        decide["Exemption"] = "DisproportionateEffort";
        decide["Justification"] = "Adresses inconnues.";
        decide["ExemptionEvidence"] = "Fichier sans adresse.";
        var noPublic = await dpo.PostFormAsync($"/Assessment/Decide?caseId={s.CaseAId}", decide, $"/Assessment?caseId={s.CaseAId}");
        Assert.Contains("exige une communication publique", (await noPublic.ParseAsync()).Body!.TextContent, StringComparison.Ordinal);
        decide["PublicCommunicationChannel"] = "Site du laboratoire et presse régionale";
        decide["PublicCommunicationAtLocal"] = "2021-02-27T09:30";
        decide["PublicCommunicationText"] = "Communiqué";
        Assert.Equal(HttpStatusCode.Redirect, (await dpo.PostFormAsync($"/Assessment/Decide?caseId={s.CaseAId}", decide, $"/Assessment?caseId={s.CaseAId}")).StatusCode);

        var order = await dpo.PostFormAsync($"/Assessment/CnilOrder?caseId={s.CaseAId}", new() { ["orderReference"] = "MED-2021-042" }, $"/Assessment?caseId={s.CaseAId}");
        Assert.Equal(HttpStatusCode.Redirect, order.StatusCode);
        var reopened = await dpo.GetDocumentAsync($"/Assessment?caseId={s.CaseAId}");
        Assert.NotNull(reopened.QuerySelector("#reopened"));
        decide["InformPersons"] = "false";
        var stillNot = await dpo.PostFormAsync($"/Assessment/Decide?caseId={s.CaseAId}", decide, $"/Assessment?caseId={s.CaseAId}");
        Assert.Contains("La CNIL a ordonné l'information des personnes", (await stillNot.ParseAsync()).Body!.TextContent, StringComparison.Ordinal);
        decide["InformPersons"] = "true";
        decide["Justification"] = "Ordre de la CNIL.";
        Assert.Equal(HttpStatusCode.Redirect, (await dpo.PostFormAsync($"/Assessment/Decide?caseId={s.CaseAId}", decide, $"/Assessment?caseId={s.CaseAId}")).StatusCode);

        var decisions = await app.WithDbAsync(db => db.RiskDecisions.Where(d => d.ControllerCaseId == s.CaseAId).OrderBy(d => d.DecidedAtUtc).ThenBy(d => d.Id).ToListAsync());
        Assert.Equal(3, decisions.Count);
        Assert.Equal(Core.Risk.Art34Exemption.DisproportionateEffort, decisions[0].Exemption);
        Assert.Equal("Site du laboratoire et presse régionale", decisions[0].PublicCommunicationChannel);
        Assert.Equal(Core.Risk.DecisionKind.CnilOrderedCommunication, decisions[1].Kind);
        Assert.True(decisions[2].InformPersons);
        Assert.All(decisions, d => Assert.False(string.IsNullOrEmpty(d.DecidedBy)));

        // The dossier's section 13 reflects the decision in force.
        var dossier = await dpo.GetDocumentAsync($"/Dossier?caseId={s.CaseAId}");
        Assert.Contains("Les personnes seront informées", dossier.QuerySelector("#section-13")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_relabels_a_cnil_option_and_the_dossier_uses_the_new_label_while_others_cannot_edit_the_lists()
    {
        using var app = new NotifierApp();
        var s = await Scenario.CreateAsync(app);
        var admin = await app.SignInAsync(NotifierApp.AdminEmail, NotifierApp.Password);
        var option = await app.WithDbAsync(db => db.ReferenceOptions.SingleAsync(o => o.List == OptionList.Origin && o.Code == "Unknown"));
        var saved = await admin.PostFormAsync($"/ReferenceData/Save?optionId={option.Id}",
            new() { ["label"] = "Origine indéterminée <script>", ["sortOrder"] = "5", ["active"] = "true" }, "/ReferenceData");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var dpo = await app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var origin = (await dpo.GetDocumentAsync($"/Dossier?caseId={s.CaseAId}")).QuerySelector("#section-5")!;
        Assert.Contains("Origine indéterminée <script>", origin.TextContent, StringComparison.Ordinal); // stored and shown as inert text
        Assert.Null(origin.QuerySelector("script"));
        Assert.NotEqual(HttpStatusCode.OK, (await dpo.GetAsync("/ReferenceData")).StatusCode);
        Assert.Contains(await app.WithDbAsync(db => db.AuditEntries.Select(a => a.Action).ToListAsync()), a => a == "reference.updated");
    }

    [Fact]
    public async Task Shared_facts_flow_into_every_lab_and_a_lab_override_stays_its_own()
    {
        using var app = new NotifierApp();
        var s = await Scenario.CreateAsync(app);
        var officer = await app.SignedInClientAsync(Roles.ComplianceOfficer);
        var shared = await officer.PostFormAsync($"/Dossier/SharedFacts?incidentId={s.SharedIncidentId}",
            new() { ["Form.MeasuresImmediate"] = "Serveur du prestataire fermé.", ["Form.Consequences"] = "diffusion" },
            $"/Dossier/SharedFacts?incidentId={s.SharedIncidentId}");
        Assert.Equal(HttpStatusCode.Redirect, shared.StatusCode);

        var dpoA = await app.SignedInClientAsync(Roles.LabDpo, s.LabAId);
        var own = await dpoA.PostFormAsync($"/Dossier/Facts?caseId={s.CaseAId}",
            new() { ["Form.MeasuresImmediate"] = "Mesure propre au laboratoire Alpha.", ["Form.Consequences"] = "diffusion" },
            $"/Dossier/Facts?caseId={s.CaseAId}");
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);

        var a = (await dpoA.GetDocumentAsync($"/Dossier?caseId={s.CaseAId}")).QuerySelector("#section-12")!.TextContent;
        var dpoB = await app.SignedInClientAsync(Roles.LabDpo, s.LabBId);
        var b = (await dpoB.GetDocumentAsync($"/Dossier?caseId={s.CaseBId}")).QuerySelector("#section-12")!.TextContent;
        Assert.Contains("Mesure propre au laboratoire Alpha.", a, StringComparison.Ordinal);
        Assert.Contains("Serveur du prestataire fermé.", b, StringComparison.Ordinal);
        Assert.DoesNotContain("Alpha", b, StringComparison.Ordinal);
        var labRow = await app.WithDbAsync(db => db.DossierFacts.SingleAsync(f => f.ControllerCaseId == s.CaseAId));
        Assert.Null(labRow.Consequences); // equal to the shared value: still inherited
        var dpoCannotEditShared = await dpoA.GetAsync($"/Dossier/SharedFacts?incidentId={s.SharedIncidentId}");
        Assert.NotEqual(HttpStatusCode.OK, dpoCannotEditShared.StatusCode);
    }
}

public static class DossierKit
{
    public static string PdfText(byte[] pdf)
    {
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    public static string Flat(string text) => string.Join(" ", text.Split((char[])[' ', '\n', '\r', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));

    public static async Task SetDemoLikeFactsAsync(NotifierApp app, Scenario s) => await app.WithDbAsync(async db =>
    {
        var incident = await db.Incidents.FirstAsync(i => i.Id == s.SharedIncidentId);
        incident.Nature = BreachNature.Confidentiality;
        incident.Origin = IncidentOrigin.UnintendedPublication;
        incident.Cause = IncidentCause.ExternalMalicious;
        incident.Description = "Fichier de patients publié sur un forum.";
        incident.DataCategories = DataCategories.Surname | DataCategories.FirstName | DataCategories.BirthDate | DataCategories.SocialSecurityNumber
            | DataCategories.Pathologies;
        var lab = await db.Laboratories.FirstAsync(l => l.Id == s.LabAId);
        lab.Siren = "732829320";
        lab.Dpo = new Core.Laboratories.ContactPoint { Name = "Claire Témoin", Email = "dpo@alpha.example" };
        await db.SaveChangesAsync();
    });


    public static string ValueOf(AngleSharp.Dom.IElement e) => e switch
    {
        AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
        AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value ?? "",
        _ => e.GetAttribute("value") ?? "",
    };
}
