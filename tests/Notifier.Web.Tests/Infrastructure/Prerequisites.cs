namespace Notifier.Web.Tests.Infrastructure;

// Tests that need software outside .NET (a browser, a database server) are skipped with the reason where it is missing,
// except under CI (CI=true), where a missing prerequisite fails instead: CI must never pass by skipping them.
public static class Prerequisites
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string ChromiumPath => Environment.GetEnvironmentVariable("NOTIFIER_CHROMIUM") ?? "/usr/bin/chromium";

    public static string? MissingChromium => File.Exists(ChromiumPath) ? null : $"Chromium not found at {ChromiumPath} (apt-get install -y chromium)";

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Notifier.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Notifier.sln not found above the test binaries.");
        }
    }

    public static string ArtifactsFolder
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, "test-artifacts");
            Directory.CreateDirectory(path);
            return path;
        }
    }
}

public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Prerequisites.MissingChromium is { } reason && !Prerequisites.IsCi)
        {
            Skip = reason;
        }
    }
}
