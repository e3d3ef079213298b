using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Notifier.Core.Data;

namespace Notifier.Migrations.Sqlite;

// Used by `dotnet ef` (this project is its own startup project) and by the drift test: nothing connects.
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NotifierDbContext>
{
    public NotifierDbContext CreateDbContext(string[] args) => new(Options());

    public static DbContextOptions<NotifierDbContext> Options() =>
        new DbContextOptionsBuilder<NotifierDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options;

    // Marker for the runtime: the migrations assembly name comes from a type, never from a string literal.
    public static string AssemblyName => typeof(DesignTimeFactory).Assembly.GetName().Name!;
}
