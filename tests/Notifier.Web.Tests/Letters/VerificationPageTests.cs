using System.Net;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Letters;

public sealed class VerificationPageTests
{
    private static async Task<HttpResponseMessage> CheckAsync(HttpClient client, string code) =>
        await client.PostFormAsync("/verifier", new() { ["code"] = code }, "/verifier");

    [Fact]
    public async Task A_person_checks_a_code_without_signing_in_and_sees_the_laboratory_and_nothing_about_themselves()
    {
        using var app = new NotifierApp();
        app.Settings["Letters:VerificationsPerMinute"] = "1000";
        var s = await Scenario.CreateAsync(app);
        var persons = await PostalBatchTests.SeedPersonsAsync(app, s.CaseAId);
        var code = await app.WithDbAsync(async db =>
        {
            var subject = await db.Subjects.FindAsync(persons["vannes"]);
            subject!.LetterCode = Core.Subjects.LetterCodes.New();
            await db.SaveChangesAsync();
            return subject.LetterCode;
        });
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync("/verifier");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var html = WebUtility.HtmlDecode(PageText.WithoutTokens(await (await CheckAsync(anonymous, Core.Subjects.LetterCodes.Display(code).ToLowerInvariant())).Content.ReadAsStringAsync()));
        Assert.Contains("Ce courrier est authentique.", html);
        Assert.Contains(Scenario.LabAName, html);
        foreach (var personal in new[] { "Lefèvre", "LEFÈVRE", "Zoé", "Lilas", "56000", "VIH", "zoe@example.test" })
        {
            Assert.DoesNotContain(personal, html, StringComparison.Ordinal);
        }

        var unknown = WebUtility.HtmlDecode(await (await CheckAsync(anonymous, Core.Subjects.LetterCodes.New())).Content.ReadAsStringAsync());
        Assert.Contains("Aucun courrier ne correspond à ce code.", unknown);
        var malformed = WebUtility.HtmlDecode(await (await CheckAsync(anonymous, "<script>alert(1)</script>")).Content.ReadAsStringAsync());
        Assert.Contains("Ce code n'est pas valide", malformed);
        Assert.DoesNotContain("<script>alert(1)</script>", malformed);
    }

    [Fact]
    public async Task Codes_cannot_be_enumerated_the_page_refuses_after_the_limit_per_minute()
    {
        using var app = new NotifierApp();
        app.Settings["Letters:VerificationsPerMinute"] = "5";
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            statuses.Add((await CheckAsync(anonymous, Core.Subjects.LetterCodes.New())).StatusCode);
        }

        Assert.Equal(5, statuses.Count(x => x == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(x => x == HttpStatusCode.TooManyRequests));
    }
}
