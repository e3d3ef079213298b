using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Tests.Infrastructure;

// The real app (real wiring, real SQLite, real migrations) driven through configuration only.
// Each instance owns a uniquely named shared-cache in-memory database kept alive by one open connection.
public class NotifierApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.example";
    public const string Password = "Test-Password-2021!";

    // The demo period: late February 2021, so that awareness instants of the demo are in the past.
    public static readonly DateTimeOffset DefaultNow = new(2021, 2, 27, 9, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection _keepAlive;
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("notifier-test-").FullName;

    // jobs: run the in-app Hangfire server (Jobs:Worker). Off by default: most tests call job classes directly, and
    // dozens of hosts each polling their queue would only slow the suite down.
    public NotifierApp(bool demo = false, string? connectionString = null, Core.Data.DatabaseProvider provider = Core.Data.DatabaseProvider.Sqlite,
        bool jobs = false, DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? DefaultNow);
        Demo = demo;
        RunsJobs = jobs;
        Provider = provider;
        SqliteConnectionString = $"Data Source=notifier-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        ConnectionString = connectionString ?? SqliteConnectionString;
        _keepAlive = new SqliteConnection(SqliteConnectionString);
        _keepAlive.Open();
    }

    public bool Demo { get; }
    public bool RunsJobs { get; }

    // Extra configuration for one test (set before the first request or Services access).
    public Dictionary<string, string?> Settings { get; } = [];
    public Core.Data.DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string SqliteConnectionString { get; }
    public string DataFolder => _dataFolder;
    public FakeTimeProvider Clock { get; }

    public static readonly EncryptionOptions TestKeys = new()
    {
        ActiveKeyId = 1,
        Keys = new() { ["1"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()) },
        BlindIndexKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray()),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ConnectionString", ConnectionString);
        builder.UseSetting("Database:ApplyMigrationsOnStartup", "true");
        builder.UseSetting("DataFolder", _dataFolder);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", Password);
        builder.UseSetting("Demo:Enabled", Demo ? "true" : "false");
        builder.UseSetting("Demo:Password", Password);
        builder.UseSetting("Demo:PatientsPerLab", "5");
        builder.UseSetting("RateLimits:SignInPerMinute", "100000");
        builder.UseSetting("Encryption:ActiveKeyId", TestKeys.ActiveKeyId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Encryption:Keys:1", TestKeys.Keys["1"]);
        builder.UseSetting("Encryption:BlindIndexKey", TestKeys.BlindIndexKey);
        builder.UseSetting("Jobs:Worker", RunsJobs ? "true" : "false");
        builder.UseSetting("Jobs:PollInterval", "00:00:00.200");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    public async Task<T> WithDbAsync<T>(Func<NotifierDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<NotifierDbContext>());
    }

    public async Task WithDbAsync(Func<NotifierDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<NotifierDbContext>());
    }

    public async Task<NotifierUser> CreateUserAsync(string role, params Guid[] labIds)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NotifierUser>>();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example";
        var user = new NotifierUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = role, CreatedAtUtc = Clock.GetUtcNow().UtcDateTime };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        db.LabAssignments.AddRange(labIds.Select(id => new LabAssignment { UserId = user.Id, LaboratoryId = id }));
        await db.SaveChangesAsync();
        return user;
    }

    public async Task<HttpClient> ApiClientAsync(NotifierUser user)
    {
        var token = await WithDbAsync(async db =>
        {
            var (clear, _) = ApiTokenIssuer.Issue(db, user.Id, "test", null, Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
            return clear;
        });
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<HttpClient> ApiClientAsync(string role, params Guid[] labIds) => await ApiClientAsync(await CreateUserAsync(role, labIds));

    public async Task<HttpClient> SignedInClientAsync(string role, params Guid[] labIds)
    {
        var user = await CreateUserAsync(role, labIds);
        return await SignInAsync(user.Email!, Password);
    }

    public async Task<HttpClient> SignInAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await client.PostFormAsync("/Account/Login", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _keepAlive.Dispose();
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }
}

public static class HttpForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());
    }

    public static async Task<IHtmlDocument> ParseAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    // GETs the page, takes its anti-forgery token from the form, and posts the fields back (house style §4.9).
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields,
        string? formPageUrl = null, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var page = await client.GetDocumentAsync(formPageUrl ?? url);
        var token = page.QuerySelectorAll("input[name=__RequestVerificationToken]").Select(i => i.GetAttribute("value")).FirstOrDefault()
            ?? throw new InvalidOperationException($"No anti-forgery token on {formPageUrl ?? url}");
        var all = fields.ToList();
        all.Add(new("__RequestVerificationToken", token));
        if (extra is not null)
        {
            all.AddRange(extra);
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(all));
    }
}
