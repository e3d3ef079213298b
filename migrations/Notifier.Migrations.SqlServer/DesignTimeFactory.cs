using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Notifier.Core.Data;

namespace Notifier.Migrations.SqlServer;

// Used by `dotnet ef` (this project is its own startup project) and by the drift test: nothing connects.
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<NotifierDbContext>
{
    public NotifierDbContext CreateDbContext(string[] args) => new(Options());

    public static DbContextOptions<NotifierDbContext> Options() =>
        new DbContextOptionsBuilder<NotifierDbContext>()
            .UseSqlServer("Server=localhost;Database=notifier_design;Trusted_Connection=True;TrustServerCertificate=True", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
            .Options;

    // Marker for the runtime: the migrations assembly name comes from a type, never from a string literal.
    public static string AssemblyName => typeof(DesignTimeFactory).Assembly.GetName().Name!;
}
