namespace Notifier.Web.Tests.Browser;

// The real-browser journeys run one at a time, after the parallel tests: five Chromium instances and their test
// servers competing with the PostgreSQL and PDF tests for two cores made navigations exceed Playwright's 90 s.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
