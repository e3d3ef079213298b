using Notifier.Core.Deadlines;
using Clock = Notifier.Core.Deadlines.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

// regulation.md §3.3 worked examples (Europe/Paris, checked with Python zoneinfo), both readings:
// (a) strict: awareness + 72 elapsed hours; (b) Reg. 1182/71: floor to the local hour, + 1 h, + 72 elapsed hours.
public sealed class Art33ClockTests
{
    private const string Paris = "Europe/Paris";

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    private static DateTimeOffset Local(DateTime utc, string zone = Paris) => LabTime.ToLocal(utc, zone);

    private static DateTimeOffset Cet(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(1));

    private static DateTimeOffset Cest(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(2));

    private static void AssertLocal(DateTimeOffset expected, DateTime actualUtc, string zone = Paris)
    {
        var local = Local(actualUtc, zone);
        Assert.Equal(expected.DateTime, local.DateTime);
        Assert.Equal(expected.Offset, local.Offset);
    }

    [Fact]
    public void Example_1_weekend_counts_and_the_strict_deadline_is_Monday_14_25_CET()
    {
        // Fri 26 Feb 2021 14:25 CET (13:25 UTC).
        var aware = Utc(2021, 2, 26, 13, 25);

        var strict = Clock.Art33Strict(aware);

        Assert.Equal(Utc(2021, 3, 1, 13, 25), strict);
        AssertLocal(Cet(2021, 3, 1, 14, 25), strict);
        Assert.Equal(DateTimeKind.Utc, strict.Kind);
    }

    [Fact]
    public void Example_1_under_1182_starts_at_15_00_Friday_and_ends_Monday_15_00_CET()
    {
        var latest = Clock.Art33Reg1182(Utc(2021, 2, 26, 13, 25), Paris);

        Assert.Equal(Utc(2021, 3, 1, 14, 0), latest);
        AssertLocal(Cet(2021, 3, 1, 15, 0), latest);
    }

    [Fact]
    public void Example_1_at_exactly_14_00_00_the_strict_deadline_is_Monday_14_00()
    {
        var strict = Clock.Art33Strict(Utc(2021, 2, 26, 13, 0));

        AssertLocal(Cet(2021, 3, 1, 14, 0), strict);
    }

    [Fact]
    public void Example_1_at_exactly_14_00_00_the_event_hour_is_still_excluded_under_1182()
    {
        // 14:00:00 lies inside the hour 14:00–15:00, so the period starts at 15:00 and ends Monday 15:00, not 14:00.
        var latest = Clock.Art33Reg1182(Utc(2021, 2, 26, 13, 0), Paris);

        AssertLocal(Cet(2021, 3, 1, 15, 0), latest);
    }

    [Fact]
    public void Example_2_strict_deadline_is_Friday_23_59_CET()
    {
        // Tue 23 Feb 2021 23:59 CET (22:59 UTC).
        var strict = Clock.Art33Strict(Utc(2021, 2, 23, 22, 59));

        Assert.Equal(Utc(2021, 2, 26, 22, 59), strict);
        AssertLocal(Cet(2021, 2, 26, 23, 59), strict);
    }

    [Fact]
    public void Example_2_under_1182_ends_on_the_Saturday_midnight_boundary_and_does_not_roll_to_Monday()
    {
        var latest = Clock.Art33Reg1182(Utc(2021, 2, 23, 22, 59), Paris);

        // Start Wed 24 Feb 00:00 CET; end = expiry of Friday's last hour = Sat 27 Feb 00:00 CET = Fri 23:00 UTC.
        Assert.Equal(Utc(2021, 2, 26, 23, 0), latest);
        AssertLocal(Cet(2021, 2, 27, 0, 0), latest);
        Assert.Equal(DayOfWeek.Saturday, Local(latest).DayOfWeek);
        // Art. 3(4) applies only to periods "expressed otherwise than in hours": no roll to the next working day.
        Assert.True(latest < Utc(2021, 3, 1, 0, 0));
    }

    [Fact]
    public void Example_3_strict_deadline_across_the_spring_change_is_Monday_11_30_CEST()
    {
        // Fri 26 Mar 2021 10:30 CET (09:30 UTC); clocks go forward on Sun 28 Mar.
        var aware = Utc(2021, 3, 26, 9, 30);

        var strict = Clock.Art33Strict(aware);

        Assert.Equal(Utc(2021, 3, 29, 9, 30), strict);
        AssertLocal(Cest(2021, 3, 29, 11, 30), strict);
        Assert.Equal(TimeSpan.FromHours(72), strict - aware);
    }

    [Fact]
    public void Example_3_under_1182_ends_Monday_12_00_CEST()
    {
        var latest = Clock.Art33Reg1182(Utc(2021, 3, 26, 9, 30), Paris);

        Assert.Equal(Utc(2021, 3, 29, 10, 0), latest);
        AssertLocal(Cest(2021, 3, 29, 12, 0), latest);
    }

    [Fact]
    public void Example_3_naive_wall_clock_arithmetic_would_give_only_71_elapsed_hours_and_the_engine_does_not()
    {
        var aware = Utc(2021, 3, 26, 9, 30);
        // Fri 10:30 CET + 3 days on the wall clock = Mon 10:30 CEST.
        var wallClock = LabTime.Resolve(new DateTime(2021, 3, 29, 10, 30, 0), Paris).UniqueUtc!.Value;
        // The 1182 wall-clock variant: Fri 11:00 CET + 3 days on the wall clock = Mon 11:00 CEST.
        var wallClock1182 = LabTime.Resolve(new DateTime(2021, 3, 29, 11, 0, 0), Paris).UniqueUtc!.Value;

        Assert.Equal(TimeSpan.FromHours(71), wallClock - aware);
        Assert.NotEqual(wallClock, Clock.Art33Strict(aware));
        Assert.Equal(TimeSpan.FromHours(1), Clock.Art33Strict(aware) - wallClock);
        Assert.Equal(TimeSpan.FromHours(1), Clock.Art33Reg1182(aware, Paris) - wallClock1182);
    }

    [Fact]
    public void Example_3b_period_crossing_the_spring_forward_night_ends_Tuesday_02_30_CEST_strict()
    {
        // Sat 27 Mar 2021 01:30 CET (00:30 UTC).
        var strict = Clock.Art33Strict(Utc(2021, 3, 27, 0, 30));

        Assert.Equal(Utc(2021, 3, 30, 0, 30), strict);
        AssertLocal(Cest(2021, 3, 30, 2, 30), strict);
    }

    [Fact]
    public void Example_3b_under_1182_starts_02_00_CET_and_ends_Tuesday_03_00_CEST()
    {
        var latest = Clock.Art33Reg1182(Utc(2021, 3, 27, 0, 30), Paris);

        Assert.Equal(Utc(2021, 3, 30, 1, 0), latest);
        AssertLocal(Cest(2021, 3, 30, 3, 0), latest);
    }

    [Fact]
    public void Example_4_strict_deadline_across_the_autumn_change_is_Monday_1_November_09_30_CET()
    {
        // Fri 29 Oct 2021 10:30 CEST (08:30 UTC); clocks go back on Sun 31 Oct.
        var aware = Utc(2021, 10, 29, 8, 30);

        var strict = Clock.Art33Strict(aware);

        Assert.Equal(Utc(2021, 11, 1, 8, 30), strict);
        AssertLocal(Cet(2021, 11, 1, 9, 30), strict);
        // Wall-clock arithmetic (Mon 10:30 CET) would be 73 elapsed hours: too late.
        var wallClock = LabTime.Resolve(new DateTime(2021, 11, 1, 10, 30, 0), Paris).UniqueUtc!.Value;
        Assert.Equal(TimeSpan.FromHours(73), wallClock - aware);
    }

    [Fact]
    public void Example_4_under_1182_ends_Monday_1_November_10_00_CET()
    {
        var latest = Clock.Art33Reg1182(Utc(2021, 10, 29, 8, 30), Paris);

        Assert.Equal(Utc(2021, 11, 1, 9, 0), latest);
        AssertLocal(Cet(2021, 11, 1, 10, 0), latest);
    }

    [Fact]
    public void Example_4_ends_on_the_1_November_holiday_without_any_extension()
    {
        var aware = Utc(2021, 10, 29, 8, 30);
        var toussaint = new DateOnly(2021, 11, 1);

        Assert.Contains(toussaint, FrenchHolidays.For(2021, HolidayRegion.Metropolitan));
        Assert.Equal(toussaint, DateOnly.FromDateTime(Local(Clock.Art33Strict(aware)).DateTime));
        Assert.Equal(toussaint, DateOnly.FromDateTime(Local(Clock.Art33Reg1182(aware, Paris)).DateTime));
    }

    [Fact]
    public void Awareness_in_the_repeated_autumn_hour_floors_to_the_hour_at_its_own_offset()
    {
        // Sun 31 Oct 2021: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        Assert.Equal(Utc(2021, 10, 31, 1, 0) + TimeSpan.FromHours(72), Clock.Art33Reg1182(Utc(2021, 10, 31, 0, 30), Paris));
        Assert.Equal(Utc(2021, 10, 31, 2, 0) + TimeSpan.FromHours(72), Clock.Art33Reg1182(Utc(2021, 10, 31, 1, 30), Paris));
    }

    [Fact]
    public void Awareness_just_after_the_spring_jump_floors_to_03_00_CEST()
    {
        // Sun 28 Mar 2021 03:30 CEST (01:30 UTC): the hour is 03:00–04:00 CEST, which began at 01:00 UTC.
        Assert.Equal(Utc(2021, 3, 28, 2, 0) + TimeSpan.FromHours(72), Clock.Art33Reg1182(Utc(2021, 3, 28, 1, 30), Paris));
    }

    [Fact]
    public void Martinique_lab_floors_to_its_local_hour_at_UTC_minus_4()
    {
        // Fri 26 Feb 2021 14:25 in Martinique = 18:25 UTC.
        var aware = Utc(2021, 2, 26, 18, 25);

        Assert.Equal(Utc(2021, 3, 1, 18, 25), Clock.Art33Strict(aware));
        var latest = Clock.Art33Reg1182(aware, "America/Martinique");
        Assert.Equal(Utc(2021, 3, 1, 19, 0), latest);
        AssertLocal(new DateTimeOffset(2021, 3, 1, 15, 0, 0, TimeSpan.FromHours(-4)), latest, "America/Martinique");
    }

    [Fact]
    public void Reunion_lab_floors_to_its_local_hour_at_UTC_plus_4()
    {
        // Fri 26 Feb 2021 14:25 in Réunion = 10:25 UTC.
        var latest = Clock.Art33Reg1182(Utc(2021, 2, 26, 10, 25), "Indian/Reunion");

        Assert.Equal(Utc(2021, 3, 1, 11, 0), latest);
        AssertLocal(new DateTimeOffset(2021, 3, 1, 15, 0, 0, TimeSpan.FromHours(4)), latest, "Indian/Reunion");
    }

    [Fact]
    public void Noumea_lab_counts_from_its_own_date_even_when_UTC_is_still_the_day_before()
    {
        // Fri 26 Feb 2021 08:25 in Nouméa (UTC+11) = Thu 25 Feb 21:25 UTC.
        var aware = Utc(2021, 2, 25, 21, 25);

        var strict = Clock.Art33Strict(aware);
        var latest = Clock.Art33Reg1182(aware, "Pacific/Noumea");

        AssertLocal(new DateTimeOffset(2021, 3, 1, 8, 25, 0, TimeSpan.FromHours(11)), strict, "Pacific/Noumea");
        Assert.Equal(Utc(2021, 2, 28, 22, 0), latest);
        AssertLocal(new DateTimeOffset(2021, 3, 1, 9, 0, 0, TimeSpan.FromHours(11)), latest, "Pacific/Noumea");
    }

    [Fact]
    public void Half_hour_offset_zone_floors_on_the_local_clock_not_on_UTC()
    {
        // Fri 26 Feb 2021 14:25 IST (UTC+05:30) = 08:55 UTC. The local hour 14:00–15:00 IST began at 08:30 UTC.
        var aware = Utc(2021, 2, 26, 8, 55);

        var latest = Clock.Art33Reg1182(aware, "Asia/Kolkata");

        Assert.Equal(Utc(2021, 3, 1, 9, 30), latest);
        AssertLocal(new DateTimeOffset(2021, 3, 1, 15, 0, 0, new TimeSpan(5, 30, 0)), latest, "Asia/Kolkata");
        // Flooring in UTC (08:00) would give 09:00 UTC = 14:30 IST, half an hour early.
        Assert.NotEqual(Utc(2021, 3, 1, 9, 0), latest);
    }

    [Fact]
    public void Marquesas_lab_at_UTC_minus_9_30_floors_on_its_local_clock()
    {
        // French Polynesia: Fri 26 Feb 2021 14:25 in the Marquesas (UTC−09:30) = 23:55 UTC; local hour began 23:30 UTC.
        var latest = Clock.Art33Reg1182(Utc(2021, 2, 26, 23, 55), "Pacific/Marquesas");

        Assert.Equal(Utc(2021, 3, 2, 0, 30), latest);
        AssertLocal(new DateTimeOffset(2021, 3, 1, 15, 0, 0, new TimeSpan(-9, -30, 0)), latest, "Pacific/Marquesas");
    }

    [Fact]
    public void When_the_offset_jumps_half_an_hour_inside_the_clock_hour_the_hour_begins_at_the_jump()
    {
        // Lord Howe Island, 3 Oct 2021: 02:00 (UTC+10:30) jumps to 02:30 (UTC+11) at 15:30 UTC. Awareness 02:45 (15:45 UTC)
        // lies in the clock hour 02:xx, which the clock entered at the jump; 02:00 at UTC+11 never happened.
        var latest = Clock.Art33Reg1182(Utc(2021, 10, 2, 15, 45), "Australia/Lord_Howe");

        Assert.Equal(Utc(2021, 10, 2, 16, 30) + TimeSpan.FromHours(72), latest);
    }

    [Fact]
    public void When_the_offset_falls_back_half_an_hour_inside_the_clock_hour_the_hour_begins_at_the_change()
    {
        // Lord Howe Island, 4 Apr 2021: 02:00 (UTC+11) falls back to 01:30 (UTC+10:30) at 15:00 UTC. Awareness 01:45 at
        // UTC+10:30 (15:15 UTC): read at its own offset, the hour 01:xx began when that offset took effect.
        var latest = Clock.Art33Reg1182(Utc(2021, 4, 3, 15, 15), "Australia/Lord_Howe");

        Assert.Equal(Utc(2021, 4, 3, 16, 0) + TimeSpan.FromHours(72), latest);
    }

    [Fact]
    public void Configured_hours_change_both_readings()
    {
        var aware = Utc(2021, 2, 26, 13, 25);

        Assert.Equal(Utc(2021, 2, 28, 13, 25), Clock.Art33Strict(aware, 48));
        Assert.Equal(Utc(2021, 2, 28, 14, 0), Clock.Art33Reg1182(aware, Paris, 48));
    }

    [Fact]
    public void Sub_second_awareness_is_kept_by_the_strict_reading_and_floored_by_1182()
    {
        var aware = Utc(2021, 2, 26, 13, 59, 59).AddTicks(9_999_999);

        Assert.Equal(aware + TimeSpan.FromHours(72), Clock.Art33Strict(aware));
        Assert.Equal(Utc(2021, 3, 1, 14, 0), Clock.Art33Reg1182(aware, Paris));
    }

    [Fact]
    public void Local_kind_awareness_is_refused()
    {
        var local = new DateTime(2021, 2, 26, 13, 25, 0, DateTimeKind.Local);

        Assert.Equal("awareAtUtc", Assert.Throws<ArgumentException>(() => Clock.Art33Strict(local)).ParamName);
        Assert.Equal("awareAtUtc", Assert.Throws<ArgumentException>(() => Clock.Art33Reg1182(local, Paris)).ParamName);
    }

    [Fact]
    public void Negative_hours_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.Art33Strict(Utc(2021, 2, 26, 13, 25), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.Art33Reg1182(Utc(2021, 2, 26, 13, 25), Paris, -1));
    }

    [Fact]
    public void Unknown_zone_is_refused_by_the_1182_reading()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => Clock.Art33Reg1182(Utc(2021, 2, 26, 13, 25), "Mars/Olympus_Mons"));
    }

    [Fact]
    public void For_2000_random_Paris_instants_strict_is_72_elapsed_hours_and_1182_is_at_most_one_hour_later()
    {
        var random = new Random(20210226);
        var from = Utc(2015, 1, 1, 0, 0).Ticks;
        var to = Utc(2031, 1, 1, 0, 0).Ticks;

        for (var i = 0; i < 2000; i++)
        {
            var aware = new DateTime(random.NextInt64(from, to), DateTimeKind.Utc);

            var strict = Clock.Art33Strict(aware);
            var latest = Clock.Art33Reg1182(aware, Paris);

            Assert.Equal(TimeSpan.FromHours(72), strict - aware);
            Assert.InRange(latest, strict, strict + TimeSpan.FromHours(1));
        }
    }

    [Fact]
    public void On_every_Paris_clock_change_night_2015_to_2030_1182_stays_within_one_hour_after_strict_and_on_the_hour()
    {
        for (var year = 2015; year <= 2030; year++)
        {
            foreach (var month in new[] { 3, 10 })
            {
                var lastSunday = new DateTime(year, month, 31, 0, 0, 0, DateTimeKind.Utc);
                while (lastSunday.DayOfWeek != DayOfWeek.Sunday)
                {
                    lastSunday = lastSunday.AddDays(-1);
                }

                for (var aware = lastSunday.AddHours(-1); aware < lastSunday.AddHours(4); aware = aware.AddMinutes(7))
                {
                    var strict = Clock.Art33Strict(aware);
                    var latest = Clock.Art33Reg1182(aware, Paris);

                    Assert.InRange(latest, strict, strict + TimeSpan.FromHours(1));
                    Assert.True(latest > strict);
                    Assert.Equal(0, Local(latest).Minute);
                }
            }
        }
    }
}
