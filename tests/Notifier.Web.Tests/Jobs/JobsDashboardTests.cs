using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Jobs;

// The Hangfire dashboard at /jobs is for administrators only (Policies.Admin), never the local-requests default.
public sealed class JobsDashboardTests : IDisposable
{
    private readonly NotifierApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/jobs")]
    [InlineData("/jobs/recurring")]
    public async Task An_anonymous_visitor_is_sent_to_sign_in(string url)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.LabDpo)]
    [InlineData(Roles.ComplianceOfficer)]
    public async Task A_signed_in_user_who_is_not_an_administrator_is_refused(string role)
    {
        var client = await _app.SignedInClientAsync(role);

        var response = await client.GetAsync("/jobs");

        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_administrator_sees_the_dashboard()
    {
        var client = await _app.SignInAsync(NotifierApp.AdminEmail, NotifierApp.Password);

        var response = await client.GetAsync("/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Notifier — jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/jobs/recurring")).StatusCode);
    }
}

internal static class UriExtensions
{
    // Location may be relative or absolute depending on the handler.
    public static string PathAndQuery(this Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
