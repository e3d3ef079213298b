using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Data;
using Notifier.Core.Identity;

namespace Notifier.Web.Infrastructure;

public static class Policies
{
    public const string ViewCases = nameof(ViewCases);
    public const string ManageIncidents = nameof(ManageIncidents);
    public const string Admin = nameof(Admin);
    public const string Mailroom = nameof(Mailroom);

    // The persons' own data of a laboratory (import preview, list of persons): its DPO only. The compliance officer
    // and the admin see counts and reports, never a patient's record (issue 4, "Storage and protection").
    public const string LabPersons = nameof(LabPersons);

    // Postal batches of a laboratory: its mailroom and its DPO (addresses and letter codes, never a health field).
    public const string Letters = nameof(Letters);
}

public static class Authentication
{
    public const string SmartScheme = "Notifier";
    public const string ApiTokenScheme = "ApiToken";

    public static WebApplicationBuilder AddNotifierIdentity(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentity<NotifierUser, NotifierRole>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = true;
                o.Password.RequiredUniqueChars = 6;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<NotifierDbContext>()
            .AddDefaultTokenProviders()
            .AddErrorDescriber<LocalizedIdentityErrorDescriber>();

        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "Notifier.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });

        builder.Services.AddAuthentication()
            .AddPolicyScheme(SmartScheme, SmartScheme, o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Path.StartsWithSegments("/api") ? ApiTokenScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenScheme, null);
        builder.Services.Configure<AuthenticationOptions>(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultAuthenticateScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
            o.DefaultForbidScheme = SmartScheme;
        });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ViewCases, p => p.RequireRole(Roles.Admin, Roles.ComplianceOfficer, Roles.LabDpo))
            .AddPolicy(Policies.ManageIncidents, p => p.RequireRole(Roles.Admin, Roles.ComplianceOfficer))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Mailroom, p => p.RequireRole(Roles.Admin, Roles.Mailroom))
            .AddPolicy(Policies.LabPersons, p => p.RequireRole(Roles.LabDpo))
            .AddPolicy(Policies.Letters, p => p.RequireRole(Roles.Admin, Roles.Mailroom, Roles.LabDpo));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<LabAccess>();
        return builder;
    }

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}

// "Authorization: Bearer ntf_…" for /api. Tokens are looked up by their SHA-256 hash; the user must still be enabled.
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    NotifierDbContext db,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("Unsupported authorization scheme.");
        }

        var token = header["Bearer ".Length..].Trim();
        if (!ApiTokens.LooksValid(token))
        {
            return AuthenticateResult.Fail("Malformed token.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = ApiTokens.Hash(token);
        var found = await db.ApiTokens.Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { Token = t, User = u })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (found is null || !found.Token.IsActive(now) || found.User.IsDisabled
            || (found.User.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            return AuthenticateResult.Fail("Unknown, expired or revoked token.");
        }

        var roles = await db.UserRoles.Where(r => r.UserId == found.User.Id)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(Context.RequestAborted);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, found.User.Id.ToString()),
            new(ClaimTypes.Name, found.User.UserName ?? ""),
            new("token_id", found.Token.Id.ToString()),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));

        if (found.Token.LastUsedAtUtc is null || now - found.Token.LastUsedAtUtc > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == found.Token.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
