using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Letters;

public sealed class LettersOptions
{
    public const string Section = "Letters";

    // Printed on every letter: where a person checks the letter code (the public page /verifier of this app).
    [Required]
    [MaxLength(120)]
    public string VerificationAddress { get; set; } = "https://notifier.example/verifier";

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = Core.Letters.PostalBatch.DefaultSize;

    // Code checks per client address and minute on the public page: enough for a person, far too few to enumerate.
    [Range(1, 1000)]
    public int VerificationsPerMinute { get; set; } = 10;
}

public static class LettersSetup
{
    public const string VerificationRateLimit = "Verification";

    public static WebApplicationBuilder AddNotifierLetters(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LettersOptions>().BindConfiguration(LettersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<LetterTemplateStore>();
        builder.Services.AddScoped<LetterService>();
        builder.Services.AddScoped<PostalBatchService>();
        builder.Services.AddScoped<PostalBatchJob>();
        builder.Services.AddScoped<PostalBatchSweepJob>();
        RecurringJobs.Add<PostalBatchSweepJob>(PostalBatchSweepJob.RecurringId, "*/10 * * * *", j => j.RunAsync(CancellationToken.None));
        var perMinute = builder.Configuration.GetValue($"{LettersOptions.Section}:{nameof(LettersOptions.VerificationsPerMinute)}", 10);
        builder.Services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o =>
            o.AddPolicy(VerificationRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }
}
