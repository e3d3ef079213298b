using System.Globalization;

namespace Notifier.Core.Tests.Time;

// Instants from regulation.md §3.3 (worked examples, Europe/Paris, checked with Python zoneinfo).
public sealed class LabTimeTests
{
    private const string Paris = "Europe/Paris";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static DateTime Wall(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);

    [Fact]
    public void Winter_instant_in_Paris_is_shown_one_hour_ahead_of_UTC()
    {
        // Example 1: Fri 26 Feb 2021 14:25 CET = 13:25 UTC.
        var local = LabTime.ToLocal(Utc(2021, 2, 26, 13, 25), Paris);

        Assert.Equal(new DateTime(2021, 2, 26, 14, 25, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), local.Offset);
    }

    [Fact]
    public void Summer_instant_in_Paris_is_shown_two_hours_ahead_of_UTC()
    {
        // Example 3: 72 elapsed hours after Fri 26 Mar 2021 09:30 UTC is Mon 29 Mar 2021 11:30 CEST.
        var local = LabTime.ToLocal(Utc(2021, 3, 26, 9, 30).AddHours(72), Paris);

        Assert.Equal(new DateTime(2021, 3, 29, 11, 30, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(2), local.Offset);
    }

    [Fact]
    public void Seventy_two_hours_across_the_autumn_change_end_one_wall_clock_hour_earlier()
    {
        // Example 4: Fri 29 Oct 2021 10:30 CEST = 08:30 UTC; +72 h = Mon 1 Nov 2021 09:30 CET.
        var aware = LabTime.Resolve(Wall(2021, 10, 29, 10, 30), Paris);
        Assert.Equal(Utc(2021, 10, 29, 8, 30), aware.UniqueUtc);

        var deadline = LabTime.ToLocal(aware.UniqueUtc!.Value.AddHours(72), Paris);

        Assert.Equal(new DateTime(2021, 11, 1, 9, 30, 0), deadline.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), deadline.Offset);
    }

    [Fact]
    public void Wall_clock_arithmetic_across_the_spring_change_gives_only_71_elapsed_hours()
    {
        // Example 3: why the app computes on UTC instants. Fri 10:30 CET + 3 calendar days = Mon 10:30 CEST.
        var aware = LabTime.Resolve(Wall(2021, 3, 26, 10, 30), Paris).UniqueUtc!.Value;
        var sameWallClockThreeDaysLater = LabTime.Resolve(Wall(2021, 3, 29, 10, 30), Paris).UniqueUtc!.Value;

        Assert.Equal(Utc(2021, 3, 26, 9, 30), aware);
        Assert.Equal(TimeSpan.FromHours(71), sameWallClockThreeDaysLater - aware);
    }

    [Fact]
    public void Period_crossing_the_spring_forward_night_keeps_the_UTC_time_of_day()
    {
        // Example 3b: Sat 27 Mar 2021 01:30 CET (00:30 UTC) + 72 h = Tue 30 Mar 02:30 CEST (00:30 UTC).
        var deadline = LabTime.ToLocal(Utc(2021, 3, 27, 0, 30).AddHours(72), Paris);

        Assert.Equal(new DateTimeOffset(2021, 3, 30, 2, 30, 0, TimeSpan.FromHours(2)), deadline);
        Assert.Equal(TimeSpan.FromHours(2), deadline.Offset);
    }

    [Fact]
    public void Unspecified_kind_is_read_as_UTC()
    {
        var unspecified = LabTime.ToLocal(Wall(2021, 2, 26, 13, 25), Paris);

        Assert.Equal(new DateTime(2021, 2, 26, 14, 25, 0), unspecified.DateTime);
        Assert.Equal(TimeSpan.FromHours(1), unspecified.Offset);
    }

    [Fact]
    public void Local_kind_input_is_refused()
    {
        var local = new DateTime(2021, 2, 26, 13, 25, 0, DateTimeKind.Local);

        var ex = Assert.Throws<ArgumentException>(() => LabTime.ToLocal(local, Paris));

        Assert.Equal("utc", ex.ParamName);
    }

    [Fact]
    public void Unknown_zone_is_refused()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => LabTime.ToLocal(Utc(2021, 2, 26, 13, 25), "Mars/Olympus_Mons"));
    }

    [Fact]
    public void French_format_shows_day_month_year_and_the_winter_offset()
    {
        Assert.Equal("26/02/2021 14:25 (UTC+01:00)", LabTime.Format(Utc(2021, 2, 26, 13, 25), Paris, French));
    }

    [Fact]
    public void French_format_shows_the_summer_offset()
    {
        Assert.Equal("29/03/2021 11:30 (UTC+02:00)", LabTime.Format(Utc(2021, 3, 29, 9, 30), Paris, French));
    }

    [Fact]
    public void English_format_shows_the_abbreviated_month_and_the_offset()
    {
        Assert.Equal("26 Feb 2021 14:25 (UTC+01:00)", LabTime.Format(Utc(2021, 2, 26, 13, 25), Paris, English));
        Assert.Equal("29 Oct 2021 10:30 (UTC+02:00)", LabTime.Format(Utc(2021, 10, 29, 8, 30), Paris, English));
    }

    [Fact]
    public void Neutral_french_culture_uses_the_french_pattern()
    {
        Assert.Equal(
            "23/02/2021 23:59 (UTC+01:00)",
            LabTime.Format(Utc(2021, 2, 23, 22, 59), Paris, CultureInfo.GetCultureInfo("fr")));
    }

    [Fact]
    public void Martinique_is_four_hours_behind_UTC_with_a_true_minus_sign()
    {
        var text = LabTime.Format(Utc(2021, 2, 26, 13, 25), "America/Martinique", French);

        Assert.Equal("26/02/2021 09:25 (UTC\u221204:00)", text);
        Assert.DoesNotContain("UTC-", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Martinique_keeps_the_same_offset_in_summer()
    {
        var local = LabTime.ToLocal(Utc(2021, 7, 14, 12, 0), "America/Martinique");

        Assert.Equal(TimeSpan.FromHours(-4), local.Offset);
        Assert.Equal(8, local.Hour);
    }

    [Fact]
    public void Reunion_is_four_hours_ahead_of_UTC()
    {
        Assert.Equal(
            "26/02/2021 17:25 (UTC+04:00)",
            LabTime.Format(Utc(2021, 2, 26, 13, 25), "Indian/Reunion", French));
    }

    [Fact]
    public void Noumea_is_eleven_hours_ahead_and_already_on_the_next_day()
    {
        Assert.Equal(
            "27/02/2021 00:25 (UTC+11:00)",
            LabTime.Format(Utc(2021, 2, 26, 13, 25), "Pacific/Noumea", French));
    }

    [Fact]
    public void UTC_format_is_culture_independent()
    {
        Assert.Equal("2021-02-26 13:25 UTC", LabTime.FormatUtc(Utc(2021, 2, 26, 13, 25)));
    }

    [Fact]
    public void Normal_wall_clock_time_resolves_to_one_instant()
    {
        var resolution = LabTime.Resolve(Wall(2021, 2, 26, 14, 25), Paris);

        Assert.Equal(LocalTimeKind.Unique, resolution.Kind);
        var only = Assert.Single(resolution.Candidates);
        Assert.Equal(TimeSpan.FromHours(1), only.Offset);
        Assert.Equal(Utc(2021, 2, 26, 13, 25), resolution.UniqueUtc);
        Assert.Equal(DateTimeKind.Utc, resolution.UniqueUtc!.Value.Kind);
    }

    [Fact]
    public void Summer_wall_clock_time_resolves_with_the_summer_offset()
    {
        var resolution = LabTime.Resolve(Wall(2021, 10, 29, 10, 30), Paris);

        Assert.Equal(LocalTimeKind.Unique, resolution.Kind);
        Assert.Equal(TimeSpan.FromHours(2), resolution.Candidates[0].Offset);
        Assert.Equal(Utc(2021, 10, 29, 8, 30), resolution.UniqueUtc);
    }

    [Fact]
    public void Skipped_spring_hour_is_invalid_and_offers_no_instant()
    {
        var resolution = LabTime.Resolve(Wall(2021, 3, 28, 2, 30), Paris);

        Assert.Equal(LocalTimeKind.Invalid, resolution.Kind);
        Assert.Empty(resolution.Candidates);
        Assert.Null(resolution.UniqueUtc);
    }

    [Fact]
    public void Ambiguous_autumn_hour_offers_both_offsets_summer_reading_first()
    {
        var resolution = LabTime.Resolve(Wall(2021, 10, 31, 2, 30), Paris);

        Assert.Equal(LocalTimeKind.Ambiguous, resolution.Kind);
        Assert.Null(resolution.UniqueUtc);
        Assert.Collection(
            resolution.Candidates,
            first =>
            {
                Assert.Equal(TimeSpan.FromHours(2), first.Offset);
                Assert.Equal(Utc(2021, 10, 31, 0, 30), first.UtcDateTime);
            },
            second =>
            {
                Assert.Equal(TimeSpan.FromHours(1), second.Offset);
                Assert.Equal(Utc(2021, 10, 31, 1, 30), second.UtcDateTime);
            });
    }

    [Fact]
    public void Both_ambiguous_candidates_show_the_typed_wall_clock_time()
    {
        var typed = Wall(2021, 10, 31, 2, 30);

        var resolution = LabTime.Resolve(typed, Paris);

        Assert.All(resolution.Candidates, c => Assert.Equal(typed, c.DateTime));
    }

    [Theory]
    [InlineData(1, 59, LocalTimeKind.Unique)]
    [InlineData(2, 0, LocalTimeKind.Invalid)]
    [InlineData(2, 59, LocalTimeKind.Invalid)]
    [InlineData(3, 0, LocalTimeKind.Unique)]
    public void Spring_night_boundaries_are_resolved_exactly(int hour, int minute, LocalTimeKind expected)
    {
        Assert.Equal(expected, LabTime.Resolve(Wall(2021, 3, 28, hour, minute), Paris).Kind);
    }

    [Theory]
    [InlineData(1, 59, LocalTimeKind.Unique)]
    [InlineData(2, 0, LocalTimeKind.Ambiguous)]
    [InlineData(2, 59, LocalTimeKind.Ambiguous)]
    [InlineData(3, 0, LocalTimeKind.Unique)]
    public void Autumn_night_boundaries_are_resolved_exactly(int hour, int minute, LocalTimeKind expected)
    {
        Assert.Equal(expected, LabTime.Resolve(Wall(2021, 10, 31, hour, minute), Paris).Kind);
    }

    [Fact]
    public void Just_after_the_spring_gap_the_summer_offset_applies()
    {
        Assert.Equal(Utc(2021, 3, 28, 0, 59), LabTime.Resolve(Wall(2021, 3, 28, 1, 59), Paris).UniqueUtc);
        Assert.Equal(Utc(2021, 3, 28, 1, 0), LabTime.Resolve(Wall(2021, 3, 28, 3, 0), Paris).UniqueUtc);
    }

    [Fact]
    public void Late_evening_of_the_spring_change_day_is_in_summer_time()
    {
        var resolution = LabTime.Resolve(Wall(2021, 3, 28, 23, 59), Paris);

        Assert.Equal(LocalTimeKind.Unique, resolution.Kind);
        Assert.Equal(TimeSpan.FromHours(2), resolution.Candidates[0].Offset);
        Assert.Equal(Utc(2021, 3, 28, 21, 59), resolution.UniqueUtc);
    }

    [Fact]
    public void Late_evening_of_the_autumn_change_day_is_in_winter_time()
    {
        var resolution = LabTime.Resolve(Wall(2021, 10, 31, 23, 59), Paris);

        Assert.Equal(LocalTimeKind.Unique, resolution.Kind);
        Assert.Equal(TimeSpan.FromHours(1), resolution.Candidates[0].Offset);
        Assert.Equal(Utc(2021, 10, 31, 22, 59), resolution.UniqueUtc);
    }

    [Fact]
    public void Late_evening_example_2_resolves_to_the_documented_UTC_instant()
    {
        // Example 2: Tue 23 Feb 2021 23:59 CET = 22:59 UTC.
        Assert.Equal(Utc(2021, 2, 23, 22, 59), LabTime.Resolve(Wall(2021, 2, 23, 23, 59), Paris).UniqueUtc);
    }

    [Fact]
    public void Resolving_then_converting_back_gives_the_typed_wall_clock_time()
    {
        var typed = Wall(2021, 3, 27, 1, 30);

        var utc = LabTime.Resolve(typed, Paris).UniqueUtc!.Value;

        Assert.Equal(Utc(2021, 3, 27, 0, 30), utc);
        Assert.Equal(typed, LabTime.ToLocal(utc, Paris).DateTime);
    }

    [Fact]
    public void Overseas_zone_without_daylight_saving_has_no_gap_on_the_Paris_change_night()
    {
        var resolution = LabTime.Resolve(Wall(2021, 3, 28, 2, 30), "America/Martinique");

        Assert.Equal(LocalTimeKind.Unique, resolution.Kind);
        Assert.Equal(Utc(2021, 3, 28, 6, 30), resolution.UniqueUtc);
    }
}
