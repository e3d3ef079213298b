using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Notifier.Core.Data;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Migrations;

// House style §4.5: no provider's migrations may lag the model or the other providers, and the scripts an operator runs
// can be produced. Drift, script and list checks only build options (nothing connects); the last theory applies them.
[Collection("postgres")]
public sealed class MigrationsTests(PostgresServer postgres)
{
    private static NotifierDbContext DesignTimeContext(DatabaseProvider provider) => new(provider switch
    {
        DatabaseProvider.Sqlite => Notifier.Migrations.Sqlite.DesignTimeFactory.Options(),
        DatabaseProvider.PostgreSql => Notifier.Migrations.PostgreSql.DesignTimeFactory.Options(),
        DatabaseProvider.SqlServer => Notifier.Migrations.SqlServer.DesignTimeFactory.Options(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Migrations_are_up_to_date(DatabaseProvider provider)
    {
        using var db = DesignTimeContext(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes that no {provider} migration captures: run migrations/add.sh <Name>.");
    }

    [Theory]
    [InlineData(DatabaseProvider.SqlServer, "CREATE TABLE [ControllerCases]")]
    [InlineData(DatabaseProvider.PostgreSql, "CREATE TABLE \"ControllerCases\"")]
    public void An_idempotent_migration_script_is_produced(DatabaseProvider provider, string createCases)
    {
        using var db = DesignTimeContext(provider);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.False(string.IsNullOrWhiteSpace(script));
        Assert.Contains(createCases, script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_provider_has_the_same_migrations()
    {
        var names = Enum.GetValues<DatabaseProvider>().ToDictionary(p => p, p =>
        {
            using var db = DesignTimeContext(p);
            // Ids are "<timestamp>_<Name>"; the timestamps differ per provider, the names must not.
            return db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();
        });

        Assert.NotEmpty(names[DatabaseProvider.Sqlite]);
        Assert.Equal(names[DatabaseProvider.Sqlite], names[DatabaseProvider.PostgreSql]);
        Assert.Equal(names[DatabaseProvider.Sqlite], names[DatabaseProvider.SqlServer]);
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Migrations_apply_to_an_empty_database_and_leave_none_pending(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres, migrate: false);
        await using var db = database.NewContext();
        var all = db.Database.GetMigrations().ToList();
        Assert.Equal(all, await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync());
    }
}
