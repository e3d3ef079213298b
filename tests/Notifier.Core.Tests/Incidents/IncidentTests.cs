using Notifier.Core.Incidents;

namespace Notifier.Core.Tests.Incidents;

public sealed class IncidentTests
{
    private static readonly DateTime Start = new(2020, 11, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = new(2021, 2, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Discovered = new(2021, 2, 23, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Consistent_dates_have_no_error()
    {
        Assert.Empty(Incident.Validate(Start, End, Discovered));
    }

    [Fact]
    public void Unknown_dates_have_no_error()
    {
        Assert.Empty(Incident.Validate(null, null, null));
        Assert.Empty(Incident.Validate(null, End, Discovered));
    }

    [Fact]
    public void End_before_start_is_reported_on_the_end_field()
    {
        Assert.Equal([nameof(Incident.OccurrenceEndUtc)], Incident.Validate(End, Start, null));
    }

    [Fact]
    public void End_equal_to_start_is_accepted()
    {
        Assert.Empty(Incident.Validate(Start, Start, Start));
    }

    [Fact]
    public void Discovery_before_start_is_reported_on_the_discovery_field()
    {
        Assert.Equal([nameof(Incident.DiscoveredAtUtc)], Incident.Validate(Start, null, Start.AddTicks(-1)));
    }

    [Fact]
    public void Discovery_before_the_end_of_an_ongoing_leak_is_accepted()
    {
        // The file was still online when the press found it, weeks before it was taken down.
        Assert.Empty(Incident.Validate(Start, End.AddDays(30), Discovered));
    }

    [Fact]
    public void Both_errors_are_reported_together()
    {
        Assert.Equal(
            [nameof(Incident.OccurrenceEndUtc), nameof(Incident.DiscoveredAtUtc)],
            Incident.Validate(End, Start, Start));
    }

    [Fact]
    public void New_incident_is_suspected_with_unknown_origin_and_Paris_time()
    {
        var created = new DateTime(2021, 2, 23, 9, 0, 0, DateTimeKind.Utc);

        var incident = new Incident(Guid.NewGuid(), "INC-2021-01", "Fuite de fichiers de laboratoires", created);

        Assert.Equal(BreachCertainty.Suspected, incident.Certainty);
        Assert.Equal(IncidentOrigin.Unknown, incident.Origin);
        Assert.Equal(LabTimeZones.Default, incident.TimeZoneId);
        Assert.Equal(created, incident.UpdatedAtUtc);
    }

    [Fact]
    public void Touch_sets_the_update_time_and_a_new_concurrency_stamp()
    {
        var incident = new Incident(Guid.NewGuid(), "INC-2021-01", "Fuite", new DateTime(2021, 2, 23, 9, 0, 0, DateTimeKind.Utc));
        var stamp = incident.ConcurrencyStamp;
        var now = new DateTime(2021, 2, 24, 9, 0, 0, DateTimeKind.Utc);

        incident.Touch(now);

        Assert.Equal(now, incident.UpdatedAtUtc);
        Assert.NotEqual(stamp, incident.ConcurrencyStamp);
    }
}
