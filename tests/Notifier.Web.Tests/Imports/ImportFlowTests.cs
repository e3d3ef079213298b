using System.Net.Http.Json;
using System.Text.Json;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

public sealed class ImportFlowTests : IAsyncLifetime
{
    private const string Header = "lab_patient_id;civilite;nom;prenom;sexe;date_naissance;nir;adresse1;code_postal;ville;email;pathologies\r\n";

    private readonly NotifierApp _app = new(jobs: true);
    private Scenario _s = null!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_small_file_is_imported_and_listed()
    {
        var client = await _app.ApiClientAsync(Roles.LabDpo, _s.LabAId);
        var csv = Header
            + "P1;M;Dupont;Jean;M;01/02/1980;;3 rue des Lilas;35000;Rennes;jean@example.org;diabète\r\n"
            + "P2;Mme;Martin;Claire;F;1990-05-06;;4 rue du Port;29200;Brest;;\r\n"
            + "P3;;;Sans;;;;;;;;\r\n";
        var run = await ImportApi.ImportAsync(client, _s.CaseAId, ImportApi.Csv(csv));
        Assert.Equal("completed", run.GetProperty("state").GetString());
        Assert.Equal(3, ImportApi.Count(run, "read"));
        Assert.Equal(2, ImportApi.Count(run, "imported"));
        Assert.Equal(1, ImportApi.Count(run, "rejected"));

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{_s.CaseAId}/subjects");
        Assert.Equal(2, list.GetProperty("total").GetInt32());
        var names = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString()).ToList();
        Assert.Contains("M. Jean DUPONT", names);
    }
}
