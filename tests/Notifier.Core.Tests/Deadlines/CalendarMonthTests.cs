using Clock = Notifier.Core.Deadlines.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

// Month periods (NIS2 final report) on the lab's local calendar, clamped to month end (Reg. 1182/71 art. 3(2)(c)).
public sealed class CalendarMonthTests
{
    private const string Paris = "Europe/Paris";

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Thirty_first_of_January_plus_one_month_is_28_February_at_the_same_local_time()
    {
        // 31 Jan 2021 10:00 CET (09:00 UTC).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 1, 31, 9, 0), 1, Paris);

        Assert.Equal(Utc(2021, 2, 28, 9, 0), due);
        Assert.Equal(new DateTime(2021, 2, 28, 10, 0, 0), LabTime.ToLocal(due, Paris).DateTime);
    }

    [Fact]
    public void Thirty_first_of_January_plus_one_month_is_29_February_in_a_leap_year()
    {
        var due = Clock.AddCalendarMonthsClamped(Utc(2024, 1, 31, 9, 0), 1, Paris);

        Assert.Equal(Utc(2024, 2, 29, 9, 0), due);
    }

    [Fact]
    public void A_month_across_the_spring_change_keeps_the_local_time_so_it_is_one_elapsed_hour_shorter()
    {
        // 15 Mar 2021 10:00 CET (09:00 UTC) → 15 Apr 2021 10:00 CEST (08:00 UTC).
        var start = Utc(2021, 3, 15, 9, 0);

        var due = Clock.AddCalendarMonthsClamped(start, 1, Paris);

        Assert.Equal(Utc(2021, 4, 15, 8, 0), due);
        Assert.Equal(TimeSpan.FromDays(31) - TimeSpan.FromHours(1), due - start);
    }

    [Fact]
    public void A_month_across_the_autumn_change_keeps_the_local_time_so_it_is_one_elapsed_hour_longer()
    {
        // 15 Oct 2021 10:00 CEST (08:00 UTC) → 15 Nov 2021 10:00 CET (09:00 UTC).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 10, 15, 8, 0), 1, Paris);

        Assert.Equal(Utc(2021, 11, 15, 9, 0), due);
    }

    [Fact]
    public void Clamping_and_the_autumn_change_combine()
    {
        // 31 Mar 2021 10:00 CEST (08:00 UTC) + 11 months → 28 Feb 2022 10:00 CET (09:00 UTC).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 3, 31, 8, 0), 11, Paris);

        Assert.Equal(Utc(2022, 2, 28, 9, 0), due);
    }

    [Fact]
    public void A_local_time_the_clocks_skip_is_shifted_forward_by_the_gap()
    {
        // 28 Feb 2021 02:30 CET (01:30 UTC) + 1 month → 28 Mar 2021 02:30, which does not exist → 03:30 CEST (01:30 UTC).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 2, 28, 1, 30), 1, Paris);

        Assert.Equal(Utc(2021, 3, 28, 1, 30), due);
        Assert.Equal(new DateTime(2021, 3, 28, 3, 30, 0), LabTime.ToLocal(due, Paris).DateTime);
    }

    [Fact]
    public void A_local_time_that_happens_twice_resolves_to_the_earlier_instant()
    {
        // 31 Mar 2021 02:30 CEST (00:30 UTC) + 7 months → 31 Oct 2021 02:30, at 00:30 UTC (CEST) and 01:30 UTC (CET).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 3, 31, 0, 30), 7, Paris);

        Assert.Equal(Utc(2021, 10, 31, 0, 30), due);
    }

    [Fact]
    public void The_month_is_counted_on_the_lab_local_date_not_the_UTC_date()
    {
        // 31 Jan 2021 08:00 in Nouméa (UTC+11) is 30 Jan 21:00 UTC. On the local date: 28 Feb 08:00 = 27 Feb 21:00 UTC.
        // On the UTC date it would have been 28 Feb 21:00 UTC (1 March in Nouméa).
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 1, 30, 21, 0), 1, "Pacific/Noumea");

        Assert.Equal(Utc(2021, 2, 27, 21, 0), due);
    }

    [Fact]
    public void Negative_months_count_back_with_the_same_clamping()
    {
        var due = Clock.AddCalendarMonthsClamped(Utc(2021, 3, 31, 8, 0), -1, Paris);

        // 31 Mar 10:00 CEST → 28 Feb 10:00 CET.
        Assert.Equal(Utc(2021, 2, 28, 9, 0), due);
    }

    [Fact]
    public void Zero_months_returns_the_same_instant_even_in_the_repeated_autumn_hour()
    {
        // 31 Oct 2021 02:30 CET (01:30 UTC), the second 02:30 of that night.
        Assert.Equal(Utc(2021, 10, 31, 1, 30), Clock.AddCalendarMonthsClamped(Utc(2021, 10, 31, 1, 30), 0, Paris));
    }

    [Fact]
    public void Local_kind_input_is_refused()
    {
        var local = new DateTime(2021, 1, 31, 9, 0, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Clock.AddCalendarMonthsClamped(local, 1, Paris));
    }
}
