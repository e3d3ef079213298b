using System.Net;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// Who may import, read an import and list persons (issue 4, "Security"): only a DPO of the lab imports and lists;
// another lab's DPO gets 404 (existence not confirmed); the compliance officer follows imports but sees no person.
public sealed class ImportAccessTests : IAsyncLifetime
{
    private const string Csv = "lab_patient_id;nom;prenom;date_naissance;adresse1;code_postal;ville\r\nX1;Martin;Claire;06/05/1990;4 rue du Port;29200;Brest\r\nX2;;Sans;06/05/1990;4 rue du Port;29200;Brest\r\n";

    private readonly NotifierApp _app = new(jobs: true);
    private Scenario _s = null!;
    private Guid _importA;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
        var dpoA = await _app.ApiClientAsync(Roles.LabDpo, _s.LabAId);
        var run = await ImportApi.ImportAsync(dpoA, _s.CaseAId, ImportApi.Csv(Csv));
        Assert.Equal("completed", run.GetProperty("state").GetString());
        _importA = run.GetProperty("id").GetGuid();
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    private Task<int> RunCountAsync() => _app.WithDbAsync(db => db.ImportRuns.CountAsync());

    [Fact]
    public async Task A_DPO_of_lab_B_cannot_reach_lab_As_import_errors_or_persons()
    {
        var dpoB = await _app.ApiClientAsync(Roles.LabDpo, _s.LabBId);
        using (var post = await ImportApi.PostAsync(dpoB, _s.CaseAId, ImportApi.Csv(Csv)))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        Assert.Equal(1, await RunCountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/api/v1/imports/{_importA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/api/v1/imports/{_importA}/errors.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/api/v1/cases/{_s.CaseAId}/subjects")).StatusCode);
        // The same answer as for an id that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/api/v1/imports/{Guid.NewGuid()}")).StatusCode);

        // Lab B's own case still works for it, and shows none of lab A's persons.
        Assert.Equal(0, await ImportKit.SubjectTotalAsync(dpoB, _s.CaseBId));
    }

    [Fact]
    public async Task A_DPO_of_lab_B_cannot_reach_lab_As_import_screens()
    {
        var dpoB = await _app.SignedInClientAsync(Roles.LabDpo, _s.LabBId);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/Imports/New?caseId={_s.CaseAId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/Imports/Show/{_importA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/Imports/Progress/{_importA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await dpoB.GetAsync($"/Imports/Errors/{_importA}")).StatusCode);
    }

    [Fact]
    public async Task The_compliance_officer_follows_imports_but_neither_imports_nor_lists_persons()
    {
        var officer = await _app.ApiClientAsync(Roles.ComplianceOfficer);
        using (var post = await ImportApi.PostAsync(officer, _s.CaseAId, ImportApi.Csv(Csv)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal(1, await RunCountAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.GetAsync($"/api/v1/cases/{_s.CaseAId}/subjects")).StatusCode);

        var run = await ImportApi.WaitAsync(officer, _importA);
        Assert.Equal(("completed", 2, 1, 1), (run.GetProperty("state").GetString(), ImportApi.Count(run, "read"), ImportApi.Count(run, "imported"),
            ImportApi.Count(run, "rejected")));
    }

    [Fact]
    public async Task The_mailroom_gets_403_everywhere_in_imports()
    {
        var mailroom = await _app.ApiClientAsync(Roles.Mailroom, _s.LabAId);
        using (var post = await ImportApi.PostAsync(mailroom, _s.CaseAId, ImportApi.Csv(Csv)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        }

        Assert.Equal(1, await RunCountAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await mailroom.GetAsync($"/api/v1/imports/{_importA}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mailroom.GetAsync($"/api/v1/imports/{_importA}/errors.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await mailroom.GetAsync($"/api/v1/cases/{_s.CaseAId}/subjects")).StatusCode);
    }
}
