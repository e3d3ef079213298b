using Notifier.Core.Import;

namespace Notifier.Core.Tests.Import;

public sealed class ImportRunTests
{
    private static readonly DateTime Start = new(2026, 3, 15, 10, 0, 0, DateTimeKind.Utc);

    private static ImportRun Run() => new(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), "f.csv", 100, Start);

    [Fact]
    public void Progress_gives_the_rate_and_the_time_left_from_the_rows_read_so_far()
    {
        var run = Run();
        run.State = ImportState.Running;
        run.StartedAtUtc = Start;
        run.RowsTotal = 491_840;
        run.RowsRead = 100_000;

        var p = run.Progress(Start.AddSeconds(10));

        Assert.Equal(10_000, p.RowsPerSecond!.Value, 3);
        Assert.Equal(39.184, p.TimeLeft!.Value.TotalSeconds, 3);
        Assert.Equal(100.0 * 100_000 / 491_840, p.Percent, 6);
    }

    [Fact]
    public void A_run_not_started_has_no_rate_and_a_completed_one_is_at_100_percent_without_time_left()
    {
        var run = Run();
        run.State = ImportState.Queued;
        Assert.Null(run.Progress(Start.AddMinutes(1)).RowsPerSecond);
        Assert.Equal(0, run.Progress(Start.AddMinutes(1)).Percent);

        run.State = ImportState.Completed;
        run.StartedAtUtc = Start;
        run.FinishedAtUtc = Start.AddSeconds(20);
        run.RowsRead = 1000;
        run.RowsTotal = 1000;
        var done = run.Progress(Start.AddHours(1));
        Assert.Equal(100, done.Percent);
        Assert.Equal(50, done.RowsPerSecond!.Value, 3);   // over the run's own duration, not until "now"
        Assert.Null(done.TimeLeft);
    }

    [Theory]
    [InlineData("patients.csv", "patients.csv")]
    [InlineData(@"C:\Users\dpo\Export patients (2).csv", "Export patients (2).csv")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("liste \"A&B\" <1>.csv", "liste _A_B_ _1_.csv")]
    [InlineData("<script>alert(1)</script>.csv", "script_.csv")]
    [InlineData("", "fichier.csv")]
    [InlineData("..", "fichier.csv")]
    public void File_names_are_reduced_to_a_safe_display_name(string uploaded, string expected) =>
        Assert.Equal(expected, ImportFileName.Clean(uploaded));
}
