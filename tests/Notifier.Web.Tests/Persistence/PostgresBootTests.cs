using System.Net;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Web.Infrastructure.Seeding;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Persistence;

[Collection("postgres")]
public sealed class PostgresBootTests(PostgresServer postgres)
{
    // The real wiring, migrations on startup and the demo seed, on PostgreSQL instead of SQLite.
    [PostgresFact]
    public async Task The_whole_app_boots_and_serves_the_demo_on_PostgreSQL()
    {
        using var app = new NotifierApp(demo: true, connectionString: postgres.ConnectionString("app_boot"), provider: DatabaseProvider.PostgreSql);

        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/Account/Login")).StatusCode);

        var admin = await app.SignInAsync(NotifierApp.AdminEmail, NotifierApp.Password);
        var incidents = await admin.GetAsync("/Incidents");
        Assert.Equal(HttpStatusCode.OK, incidents.StatusCode);
        Assert.Contains(DemoSeed.IncidentReference, await incidents.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            Assert.True(db.Database.IsNpgsql());
            Assert.Equal(28, await db.Cases.CountAsync());
        });
    }
}
