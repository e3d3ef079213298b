using Microsoft.Extensions.Configuration;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Tests.Jobs;

public sealed class ProcessRoleTests
{
    private static IConfiguration Config(params string[] args) => new ConfigurationBuilder().AddCommandLine(Notifier.Web.Infrastructure.Jobs.RoleSwitch(args)).Build();

    [Theory]
    [InlineData(new string[0], ProcessRole.Both, true, true)]
    [InlineData(new[] { "--role", "worker" }, ProcessRole.Worker, true, false)]
    [InlineData(new[] { "--role=Web" }, ProcessRole.Web, false, true)]
    [InlineData(new[] { "--Jobs:Role", "both" }, ProcessRole.Both, true, true)]
    public void The_role_switch_decides_whether_the_process_runs_jobs_and_serves_pages(string[] args, ProcessRole role, bool runsJobs, bool servesWeb)
    {
        var config = Config(args);
        Assert.Equal(role, Notifier.Web.Infrastructure.Jobs.Role(config));
        Assert.Equal(runsJobs, Notifier.Web.Infrastructure.Jobs.RunsServer(config));
        Assert.Equal(servesWeb, Notifier.Web.Infrastructure.Jobs.ServesWeb(config));
    }

    [Fact]
    public void Jobs_Worker_false_keeps_meaning_no_job_server_and_an_unknown_role_is_refused_with_its_name()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Worker"] = "false" }).Build();
        Assert.False(Notifier.Web.Infrastructure.Jobs.RunsServer(config));
        var e = Assert.Throws<InvalidOperationException>(() => Notifier.Web.Infrastructure.Jobs.Role(Config("--role", "boss")));
        Assert.Contains("'boss'", e.Message, StringComparison.Ordinal);
    }
}
