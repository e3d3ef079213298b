using System.Globalization;

namespace Notifier.Core.Import;

// Dates as lab exports write them (issue 4): dd/MM/yyyy (also d/M/yyyy), yyyy-MM-dd, dd/MM/yy; an Excel time part
// " 00:00:00" is tolerated. Two-digit years pivot on `today`: yy ≤ today's two-digit year is 20yy, otherwise 19yy
// (in 2026, "05/03/26" is 2026 and "05/03/27" is 1927). For birth dates that is the only reading that never yields a
// future date; a centenarian written with two digits is mis-read, which is why four digits are preferred.
public static class ImportDates
{
    public static bool TryParse(string raw, DateOnly today, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(raw);
        date = default;
        var s = raw.Trim();
        var space = s.IndexOfAny([' ', 'T']);
        if (space > 0)
        {
            var time = s[(space + 1)..];
            if (!TimeOnly.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                return false;
            }

            s = s[..space];
        }

        var iso = s.Split('-');
        if (iso.Length == 3 && iso[0].Length == 4 && iso[1].Length == 2 && iso[2].Length == 2)
        {
            return TryBuild(iso[0], iso[1], iso[2], out date);
        }

        var parts = s.Split('/');
        if (parts.Length != 3 || parts[0].Length is < 1 or > 2 || parts[1].Length is < 1 or > 2)
        {
            return false;
        }

        var year = parts[2];
        if (year.Length == 2 && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var yy))
        {
            var century = yy <= today.Year % 100 ? today.Year / 100 * 100 : (today.Year / 100 * 100) - 100;
            year = (century + yy).ToString(CultureInfo.InvariantCulture);
        }

        return year.Length == 4 && TryBuild(year, parts[1], parts[0], out date);
    }

    private static bool TryBuild(string year, string month, string day, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
        {
            return false;
        }

        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }
}
