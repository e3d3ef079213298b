using System.Globalization;

namespace Notifier.Web.Features.Shared;

// "dans 5 h 12", "en retard de 3 h 05", "dans 2 j 4 h" — the same wording as site.js, which keeps it live.
public static class Countdown
{
    public static string Text(DateTime dueUtc, DateTime nowUtc, CultureInfo culture)
    {
        var english = culture.TwoLetterISOLanguageName == "en";
        var delta = dueUtc - nowUtc;
        var span = Format(delta.Duration(), english);
        return delta >= TimeSpan.Zero
            ? (english ? "in " + span : "dans " + span)
            : (english ? span + " late" : "en retard de " + span);
    }

    private static string Format(TimeSpan d, bool english)
    {
        var totalMinutes = (long)Math.Floor(d.TotalMinutes);
        var days = totalMinutes / (24 * 60);
        var hours = totalMinutes / 60 % 24;
        var minutes = totalMinutes % 60;
        var dayUnit = english ? "d" : "j";
        if (days > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{days} {dayUnit} {hours} h");
        }

        return hours > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {minutes:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
    }
}
