using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Account;

// Signing in through HTTP exactly as a browser does: forms with their anti-forgery token, cookies, redirects.
public sealed class SignInTests : IDisposable
{
    private const string WrongCredentials = "Adresse e-mail ou mot de passe incorrect.";
    private const string LockedOut = "Compte temporairement verrouillé après plusieurs échecs. Réessayez dans 15 minutes ou contactez un administrateur.";
    private const string WrongCode = "Code incorrect ou expiré.";

    private readonly NotifierApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_French_message()
    {
        var user = await _app.CreateUserAsync(Roles.ComplianceOfficer);

        var wrongPassword = await LoginAsync(NewClient(), user.Email!, "Wrong-Password-2021!");
        var unknownEmail = await LoginAsync(NewClient(), "nobody@test.example", NotifierApp.Password);

        Assert.Equal(HttpStatusCode.OK, wrongPassword.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknownEmail.Response.StatusCode);
        Assert.Equal(WrongCredentials, ErrorSummary(wrongPassword.Page));
        Assert.Equal(ErrorSummary(wrongPassword.Page), ErrorSummary(unknownEmail.Page));
        Assert.False(SetsAuthCookie(wrongPassword.Response), "A wrong password set the authentication cookie.");
        Assert.False(SetsAuthCookie(unknownEmail.Response), "An unknown e-mail set the authentication cookie.");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password_until_15_minutes_have_passed()
    {
        var user = await _app.CreateUserAsync(Roles.ComplianceOfficer);
        var client = NewClient();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var wrong = await LoginAsync(client, user.Email!, $"Wrong-Password-{attempt}!");
            Assert.Equal(HttpStatusCode.OK, wrong.Response.StatusCode);
        }

        var locked = await LoginAsync(client, user.Email!, NotifierApp.Password);
        Assert.Equal(HttpStatusCode.OK, locked.Response.StatusCode);
        Assert.Equal(LockedOut, ErrorSummary(locked.Page));
        Assert.False(SetsAuthCookie(locked.Response), "A locked-out account got the authentication cookie.");

        // Identity's UserManager reads the system clock (not the app's TimeProvider) for lockouts, so app.Clock cannot
        // move them: check the 15 minutes on the stored end, then let them pass by moving that end 16 minutes back.
        var lockoutEnd = await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LockoutEnd).SingleAsync())
            ?? throw new Xunit.Sdk.XunitException("No lockout end stored.");
        Assert.InRange(lockoutEnd - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var stillLocked = await LoginAsync(client, user.Email!, NotifierApp.Password);
        Assert.Equal(LockedOut, ErrorSummary(stillLocked.Page));

        await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockoutEnd, lockoutEnd - TimeSpan.FromMinutes(16))));

        var again = await LoginAsync(client, user.Email!, NotifierApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, again.Response.StatusCode);
    }

    [Fact]
    public async Task A_user_disabled_by_an_admin_cannot_sign_in_their_token_is_refused_and_their_session_ends()
    {
        var user = await _app.CreateUserAsync(Roles.ComplianceOfficer);
        using var api = await _app.ApiClientAsync(user);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/incidents")).StatusCode);
        using var session = await _app.SignInAsync(user.Email!, NotifierApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Account")).StatusCode);

        using var admin = await _app.SignInAsync(NotifierApp.AdminEmail, NotifierApp.Password);
        var edit = await admin.PostFormAsync($"/Users/Edit/{user.Id}", new()
        {
            ["Email"] = user.Email!,
            ["DisplayName"] = user.DisplayName,
            ["Role"] = Roles.ComplianceOfficer,
            ["Disabled"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.True(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.IsDisabled).SingleAsync()), "The form did not disable the user.");

        var login = await LoginAsync(NewClient(), user.Email!, NotifierApp.Password);
        Assert.Equal(HttpStatusCode.OK, login.Response.StatusCode);
        Assert.Equal(WrongCredentials, ErrorSummary(login.Page));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/incidents")).StatusCode);

        // The open session ends at the next security-stamp check (every minute).
        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var afterCheck = await session.GetAsync("/Account");
        Assert.Equal(HttpStatusCode.Redirect, afterCheck.StatusCode);
        Assert.Equal("/Account/Login", LocationPath(afterCheck));
    }

    [Fact]
    public async Task With_two_factor_enabled_the_password_alone_is_not_enough_and_a_recovery_code_works_once()
    {
        var user = await _app.CreateUserAsync(Roles.ComplianceOfficer);
        var client = await _app.SignInAsync(user.Email!, NotifierApp.Password);

        // Enrolment: the key on the page, the code an authenticator app would show.
        var setup = await client.GetDocumentAsync("/Account/EnableAuthenticator");
        var key = setup.QuerySelector("code.key")?.TextContent.Replace(" ", "", StringComparison.Ordinal).Trim().ToUpperInvariant()
            ?? throw new Xunit.Sdk.XunitException("No shared key (code.key) on the enrolment page.");
        Assert.Matches("^[A-Z2-7]{16,}$", key);
        var enabled = await client.PostFormAsync("/Account/EnableAuthenticator", new() { ["Code"] = Totp.Code(key, Now()) });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var recoveryCodes = (await enabled.ParseAsync()).QuerySelectorAll("ul.codes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        Assert.True(await _app.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));

        await SignOutAsync(client);

        // The password alone leads to the second step, and signs nobody in.
        var step1 = await client.PostFormAsync("/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = NotifierApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.Equal("/Account/TwoFactor", LocationPath(step1));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);

        var wrong = await client.PostFormAsync("/Account/TwoFactor", new() { ["Code"] = CodeNotValidNow(key) });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains(WrongCode, (await wrong.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);

        var right = await client.PostFormAsync("/Account/TwoFactor", new() { ["Code"] = Totp.Code(key, Now()) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/", LocationPath(right));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account")).StatusCode);

        // A recovery code, as printed, replaces the authenticator once.
        var recovery = recoveryCodes[0];
        await SignOutAsync(client);
        await client.PostFormAsync("/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = NotifierApp.Password });
        var first = await client.PostFormAsync("/Account/TwoFactor", new() { ["Code"] = recovery, ["IsRecoveryCode"] = "true" });
        Assert.True(first.StatusCode == HttpStatusCode.Redirect,
            $"Recovery code '{recovery}' refused ({(int)first.StatusCode}): {(await first.ParseAsync()).QuerySelector("main")?.TextContent.Trim()}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account")).StatusCode);

        await SignOutAsync(client);
        await client.PostFormAsync("/Account/Login", new() { ["Email"] = user.Email!, ["Password"] = NotifierApp.Password });
        var second = await client.PostFormAsync("/Account/TwoFactor", new() { ["Code"] = recovery, ["IsRecoveryCode"] = "true" });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains(WrongCode, (await second.ParseAsync()).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);
    }

    [Fact]
    public void The_test_authenticator_computes_the_RFC_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 on 8 digits, so 287082 on 6. Key: ASCII "12345678901234567890".
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal("12345678901234567890"u8.ToArray(), Totp.Base32Decode("gezdgnbvgy3tqojqgezdgnbvgy3tqojq"));
    }

    [Fact]
    public async Task A_token_revoked_from_the_account_page_is_refused()
    {
        using var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var token = await CreateTokenAsync(client, days: 90);
        using var api = ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/incidents")).StatusCode);

        var account = await client.GetDocumentAsync("/Account");
        var revoke = account.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Select(f => f.GetAttribute("action") ?? "")
            .Single(a => a.StartsWith("/Account/RevokeToken", StringComparison.Ordinal));
        var revoked = await client.PostFormAsync(revoke, [], formPageUrl: "/Account");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/incidents")).StatusCode);
        var after = await client.GetDocumentAsync("/Account");
        Assert.DoesNotContain(after.QuerySelectorAll("form"), f => (f.GetAttribute("action") ?? "").StartsWith("/Account/RevokeToken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_is_accepted_until_it_expires_and_refused_after()
    {
        using var client = await _app.SignedInClientAsync(Roles.ComplianceOfficer);
        var token = await CreateTokenAsync(client, days: 1);
        using var api = ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/incidents")).StatusCode);

        _app.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/incidents")).StatusCode);

        _app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/incidents")).StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_sends_the_security_headers_and_needs_no_inline_script_or_style()
    {
        var response = await NewClient().GetAsync("/Account/Login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));

        // The policy forbids inline code: the page must not depend on any.
        var page = await response.ParseAsync();
        Assert.Empty(page.QuerySelectorAll("script:not([src])"));
        Assert.Empty(page.QuerySelectorAll("style, [style]"));
        Assert.DoesNotContain(page.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_sign_in_post_without_its_antiforgery_token_is_refused_with_400_even_with_the_right_password()
    {
        var client = NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode); // the anti-forgery cookie, but no field

        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = NotifierApp.AdminEmail,
            ["Password"] = NotifierApp.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(SetsAuthCookie(response), "A post without anti-forgery token signed in.");
    }

    // Identity's authenticator check (Microsoft.Extensions.Identity.Core) reads the system clock, not the app's TimeProvider.
    private static DateTimeOffset Now() => DateTimeOffset.UtcNow;

    private static string CodeNotValidNow(string key)
    {
        var valid = Enumerable.Range(-3, 7).Select(step => Totp.Code(key, Now().AddSeconds(step * Totp.StepSeconds))).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => ((int.Parse(Totp.Code(key, Now()), System.Globalization.CultureInfo.InvariantCulture) + 1 + i) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(c => !valid.Contains(c));
    }

    private HttpClient NewClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private HttpClient ApiClient(string token)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<(HttpResponseMessage Response, IHtmlDocument Page)> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        return (response, await response.ParseAsync());
    }

    private static async Task SignOutAsync(HttpClient client)
    {
        var response = await client.PostFormAsync("/Account/Logout", [], formPageUrl: "/Account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account")).StatusCode);
    }

    private static async Task<string> CreateTokenAsync(HttpClient client, int days)
    {
        var response = await client.PostFormAsync("/Account/CreateToken",
            new() { ["Name"] = "ci", ["Days"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formPageUrl: "/Account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.ParseAsync()).QuerySelector("#new-token")?.TextContent.Trim();
        Assert.True(token is not null && token.StartsWith(ApiTokens.Scheme, StringComparison.Ordinal), $"No new token shown: '{token}'.");
        return token;
    }

    private static string LocationPath(HttpResponseMessage response) =>
        new Uri(new Uri("http://localhost"), response.Headers.Location ?? throw new Xunit.Sdk.XunitException("No Location header.")).AbsolutePath;

    private static string ErrorSummary(IHtmlDocument page) =>
        page.QuerySelector(".errors")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException("No error summary on the page.");

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("Notifier.Auth=", StringComparison.Ordinal));

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
