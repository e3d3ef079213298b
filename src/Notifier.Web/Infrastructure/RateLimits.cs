using System.Threading.RateLimiting;

namespace Notifier.Web.Infrastructure;

public static class RateLimits
{
    public const string SignIn = nameof(SignIn);

    // Sign-in attempts per client address and minute, on top of Identity's per-account lockout.
    public static WebApplicationBuilder AddNotifierRateLimits(this WebApplicationBuilder builder)
    {
        var perMinute = builder.Configuration.GetValue("RateLimits:SignInPerMinute", 20);
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(SignIn, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }
}
