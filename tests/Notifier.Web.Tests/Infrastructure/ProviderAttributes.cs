using System.Reflection;
using Notifier.Core.Data;
using Xunit.Sdk;

namespace Notifier.Web.Tests.Infrastructure;

// xUnit 2 has no dynamic skip, but it reads Skip from the attribute instance: setting it in the constructor is enough.
// Outside CI a missing PostgreSQL is "skipped, with the reason"; with CI=true the test runs and fails on that reason.
internal static class ProviderAvailability
{
    public static string? SkipReason(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => null,
        DatabaseProvider.PostgreSql => PostgresServer.IsCi ? null : PostgresServer.SkipReason,
        DatabaseProvider.SqlServer => "SQL Server tests are opt-in (NOTIFIER_TEST_SQLSERVER) and not part of this matrix.",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}

// One theory row per provider: [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)].
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProviderDataAttribute : DataAttribute
{
    public ProviderDataAttribute(DatabaseProvider provider)
    {
        Provider = provider;
        Skip = ProviderAvailability.SkipReason(provider);
    }

    public DatabaseProvider Provider { get; }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Provider]];
}

// A fact that needs PostgreSQL (a PostgresServer from the "postgres" collection).
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = ProviderAvailability.SkipReason(DatabaseProvider.PostgreSql);
}
