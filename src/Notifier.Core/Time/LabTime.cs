using System.Globalization;

namespace Notifier.Core;

// Instants are stored in UTC and shown in the laboratory's zone with the offset, so that no time is ambiguous.
public static class LabTime
{
    public static DateTimeOffset ToLocal(DateTime utc, string timeZoneId)
    {
        if (utc.Kind == DateTimeKind.Local)
        {
            throw new ArgumentException("Expected a UTC instant.", nameof(utc));
        }

        var instant = new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return TimeZoneInfo.ConvertTime(instant, LabTimeZones.Find(timeZoneId));
    }

    // "23/02/2021 14:25 (UTC+01:00)" in French, "23 Feb 2021 14:25 (UTC+01:00)" in English.
    public static string Format(DateTime utc, string timeZoneId, CultureInfo culture)
    {
        var local = ToLocal(utc, timeZoneId);
        var pattern = culture.TwoLetterISOLanguageName == "fr" ? "dd/MM/yyyy HH:mm" : "d MMM yyyy HH:mm";
        return $"{local.ToString(pattern, culture)} ({LabTimeZones.FormatOffset(local.Offset)})";
    }

    public static string FormatUtc(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    // A wall-clock time typed in a laboratory's zone. On the night clocks go back an hour repeats (ambiguous);
    // on the night they go forward an hour does not exist (invalid). Neither is guessed: the caller must ask.
    public static LocalTimeResolution Resolve(DateTime local, string timeZoneId)
    {
        var zone = LabTimeZones.Find(timeZoneId);
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(wall))
        {
            return new LocalTimeResolution(LocalTimeKind.Invalid, []);
        }

        if (zone.IsAmbiguousTime(wall))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(wall).OrderByDescending(o => o).ToArray();
            var candidates = offsets.Select(o => new DateTimeOffset(wall, o)).ToArray();
            return new LocalTimeResolution(LocalTimeKind.Ambiguous, candidates);
        }

        return new LocalTimeResolution(LocalTimeKind.Unique, [new DateTimeOffset(wall, zone.GetUtcOffset(wall))]);
    }
}

public enum LocalTimeKind
{
    Unique,
    Ambiguous,
    Invalid,
}

// Candidates are ordered earliest instant first (for an ambiguous time: the summer-time reading first).
public sealed record LocalTimeResolution(LocalTimeKind Kind, IReadOnlyList<DateTimeOffset> Candidates)
{
    public DateTime? UniqueUtc => Kind == LocalTimeKind.Unique ? Candidates[0].UtcDateTime : null;
}
