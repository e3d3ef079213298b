using Notifier.Core.Deadlines;
using Clock = Notifier.Core.Deadlines.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

// The informational "the 72 h window holds fewer than two whole working days" note (regulation.md §3.3; basis UNCONFIRMED).
public sealed class WorkingDaysFlagTests
{
    private const string Paris = "Europe/Paris";

    private static readonly DeadlinePolicy FlagOn = new() { WorkingDaysFlag = true };

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static CaseClockInput Input(DateTime aware, string zone = Paris) =>
        new(aware, zone, null, null, 24, Nis2Applicable: true, ComplementaryExpected: true, new Dictionary<ObligationKind, ObligationProgress>());

    private static Obligation Cnil(CaseClockInput input, DeadlinePolicy policy) =>
        Clock.For(input, policy, input.AwareAtUtc!.Value).Single(o => o.Kind == ObligationKind.CnilNotification);

    [Fact]
    public void Awareness_on_the_Friday_before_Whit_Monday_is_flagged()
    {
        // Fri 21 May 2021 10:00 CEST → Mon 24 May 10:00 (Whit Monday): whole days Sat 22 and Sun 23, no working day.
        var o = Cnil(Input(Utc(2021, 5, 21, 8, 0)), FlagOn);

        Assert.True(o.FewerThanTwoWorkingDays);
        Assert.Equal(0, Clock.WholeWorkingDays(Utc(2021, 5, 21, 8, 0), o.DueUtc!.Value, Paris, HolidayRegion.Metropolitan));
    }

    [Fact]
    public void Awareness_on_a_Tuesday_is_not_flagged()
    {
        // Tue 18 May 2021 10:00 CEST → Fri 21 May 10:00: whole days Wed 19 and Thu 20.
        Assert.False(Cnil(Input(Utc(2021, 5, 18, 8, 0)), FlagOn).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void Awareness_on_an_ordinary_Thursday_morning_is_flagged_because_only_Friday_is_whole()
    {
        // Thu 20 May 2021 10:00 → Sun 23 May 10:00: whole days Fri 21 (working) and Sat 22. Part-days do not count.
        Assert.True(Cnil(Input(Utc(2021, 5, 20, 8, 0)), FlagOn).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void The_flag_is_off_by_default()
    {
        Assert.False(new DeadlinePolicy().WorkingDaysFlag);
        Assert.False(Cnil(Input(Utc(2021, 5, 21, 8, 0)), new DeadlinePolicy()).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void The_flag_never_moves_the_due_instant()
    {
        var input = Input(Utc(2021, 5, 21, 8, 0));

        Assert.Equal(Cnil(input, new DeadlinePolicy()).DueUtc, Cnil(input, FlagOn).DueUtc);
        Assert.Equal(Utc(2021, 5, 24, 8, 0), Cnil(input, FlagOn).DueUtc);
    }

    [Fact]
    public void Only_the_cnil_notification_carries_the_flag()
    {
        var all = Clock.For(Input(Utc(2021, 5, 21, 8, 0)), FlagOn, Utc(2021, 5, 21, 8, 0));

        Assert.True(all[0].FewerThanTwoWorkingDays);
        Assert.All(all.Skip(1), o => Assert.False(o.FewerThanTwoWorkingDays));
    }

    [Fact]
    public void Good_Friday_flags_the_window_only_in_Alsace_Moselle()
    {
        // Wed 27 Mar 2024 10:00 CET → Sat 30 Mar 10:00: whole days Thu 28 and Fri 29 (Good Friday).
        var input = Input(Utc(2024, 3, 27, 9, 0));

        Assert.False(Cnil(input, FlagOn).FewerThanTwoWorkingDays);
        Assert.True(Cnil(input, FlagOn with { HolidayRegion = HolidayRegion.AlsaceMoselle }).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void The_Guadeloupe_abolition_day_flags_the_window_only_in_Guadeloupe()
    {
        // Tue 25 May 2021 10:00 in Guadeloupe (UTC−4) → Fri 28 May 10:00: whole days Wed 26 and Thu 27 (27 May).
        var input = Input(Utc(2021, 5, 25, 14, 0), "America/Guadeloupe");

        Assert.False(Cnil(input, FlagOn).FewerThanTwoWorkingDays);
        Assert.True(Cnil(input, FlagOn with { HolidayRegion = HolidayRegion.Guadeloupe }).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void Whole_days_are_the_lab_local_dates_not_UTC_dates()
    {
        // Thu 25 Feb 2021 08:00 in Nouméa (UTC+11) = Wed 24 Feb 21:00 UTC, due Sun 28 Feb 08:00 local.
        // Local whole days: Fri 26, Sat 27 → one working day. UTC whole days: Thu 25, Fri 26 → two.
        var aware = Utc(2021, 2, 24, 21, 0);
        var due = Clock.Art33Strict(aware);

        Assert.Equal(1, Clock.WholeWorkingDays(aware, due, "Pacific/Noumea", HolidayRegion.Metropolitan));
        Assert.Equal(2, Clock.WholeWorkingDays(aware, due, "UTC", HolidayRegion.Metropolitan));
        Assert.True(Cnil(Input(aware, "Pacific/Noumea"), FlagOn).FewerThanTwoWorkingDays);
    }

    [Fact]
    public void A_window_starting_at_local_midnight_counts_its_first_day_whole()
    {
        // Tue 18 May 2021 00:00 CEST → Fri 21 May 00:00: Tue, Wed and Thu are whole.
        var aware = Utc(2021, 5, 17, 22, 0);

        Assert.Equal(3, Clock.WholeWorkingDays(aware, Clock.Art33Strict(aware), Paris, HolidayRegion.Metropolitan));
    }
}
