namespace Notifier.Core.Deadlines;

// Wall-clock questions the deadline rules ask of a laboratory's zone. Unlike a form (LabTime.Resolve refuses to guess
// what a user meant), a computed local time must always land on one instant, so gaps and overlaps are resolved by rule.
internal static class LocalClock
{
    // A computed wall-clock time to UTC.
    // - Unique: the one instant.
    // - Overlap (clocks go back): the earlier instant, i.e. the first time the clock shows it, so a due instant is never later.
    // - Gap (clocks go forward): shifted forward by the length of the gap (02:30 on the spring-forward night in Paris
    //   becomes 03:30 CEST), which keeps the elapsed distance from the hours before the gap; java.time and NodaTime's
    //   lenient resolver do the same.
    public static DateTime ToUtc(DateTime wall, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        var resolution = LabTime.Resolve(unspecified, zone.Id);
        if (resolution.Kind != LocalTimeKind.Invalid)
        {
            // Candidates are ordered earliest instant first.
            return resolution.Candidates[0].UtcDateTime;
        }

        // The offset in force before the gap is the smaller of the two around it (the clock jumped forward).
        var before = zone.GetUtcOffset(unspecified.AddDays(-1));
        var after = zone.GetUtcOffset(unspecified.AddDays(1));
        var offset = before < after ? before : after;
        return DateTime.SpecifyKind(unspecified - offset, DateTimeKind.Utc);
    }

    // The instant the local clock hour containing `utc` began (Reg. 1182/71 art. 3(1): the hour during which the event
    // occurs is not counted). The hour is read at the offset in force at `utc`, as in regulation.md §3.2's sketch: after
    // the clocks go back, 02:30 CET lies in the hour 02:00–03:00 CET, not in the earlier 02:00 CEST. Flooring happens on
    // the local clock, so half-hour zones (Asia/Kolkata, Pacific/Marquesas) floor to their own hh:00, not to UTC's.
    public static DateTime StartOfLocalHour(DateTime utc, TimeZoneInfo zone)
    {
        var instant = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(instant);
        var wall = instant + offset;
        var hourStart = instant - TimeSpan.FromTicks(wall.Ticks % TimeSpan.TicksPerHour);
        if (zone.GetUtcOffset(hourStart) == offset)
        {
            return hourStart;
        }

        // The offset changed inside this clock hour (only zones that shift by half an hour or off the hour, such as
        // Australia/Lord_Howe; never a French zone). The hour as read at the current offset began when that offset took
        // effect. Binary search for that instant, to the tick.
        var lo = hourStart;
        var hi = instant;
        while (hi.Ticks - lo.Ticks > 1)
        {
            var mid = new DateTime(lo.Ticks + ((hi.Ticks - lo.Ticks) / 2), DateTimeKind.Utc);
            if (zone.GetUtcOffset(mid) == offset)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }
}
