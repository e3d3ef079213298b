using System.Collections.Frozen;

namespace Notifier.Core.Deadlines;

// French public holidays ("jours fériés"), for the informational working-days note only: no deadline is ever extended
// for a weekend or a holiday (Reg. 1182/71 art. 3(3) and 3(4); regulation.md §3.1).
public static class FrenchHolidays
{
    // The Gregorian computus is defined from 1583 on; DateOnly stops at 9999.
    public const int FirstYear = 1583;
    public const int LastYear = 9999;

    public static IReadOnlySet<DateOnly> For(int year, HolidayRegion region)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);

        var easter = EasterSunday(year);

        // Code du travail art. L.3133-1: the eleven holidays of metropolitan France. Whit Monday stays in the list even
        // though it may be worked as the "journée de solidarité" (art. L.3133-7).
        var days = new HashSet<DateOnly>
        {
            new(year, 1, 1),
            easter.AddDays(1),   // lundi de Pâques
            new(year, 5, 1),
            new(year, 5, 8),
            easter.AddDays(39),  // Ascension
            easter.AddDays(50),  // lundi de Pentecôte
            new(year, 7, 14),
            new(year, 8, 15),
            new(year, 11, 1),
            new(year, 11, 11),
            new(year, 12, 25),
        };

        switch (region)
        {
            case HolidayRegion.AlsaceMoselle:
                // Local law of Bas-Rhin, Haut-Rhin and Moselle (Code du travail art. L.3134-13): Good Friday and 26 December.
                // Good Friday is, strictly, a holiday only in communes with a Protestant temple or mixed church; it is
                // applied to the whole region here, which can only make the informational note appear more often.
                days.Add(easter.AddDays(-2));
                days.Add(new DateOnly(year, 12, 26));
                break;
            case HolidayRegion.Metropolitan:
                break;
            case HolidayRegion.Guadeloupe:
            case HolidayRegion.Martinique:
            case HolidayRegion.Guyane:
            case HolidayRegion.Reunion:
            case HolidayRegion.Mayotte:
                days.Add(AbolitionOfSlaveryDay(year, region));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown holiday region.");
        }

        return days.ToFrozenSet();
    }

    public static bool IsWorkingDay(DateOnly day, HolidayRegion region) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !For(day.Year, region).Contains(day);

    // Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static DateOnly EasterSunday(int year)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, FirstYear);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, LastYear);

        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    // Loi n° 83-550 (commemoration of the abolition of slavery), with the date for each overseas département set by
    // décret n° 83-1003 du 23 novembre 1983 as amended (Mayotte's 27 April was added later). UNCONFIRMED against the
    // consolidated text on Légifrance; other local days (e.g. Saint-Martin, Saint-Barthélemy) are not modelled.
    private static DateOnly AbolitionOfSlaveryDay(int year, HolidayRegion region) => region switch
    {
        HolidayRegion.Guadeloupe => new DateOnly(year, 5, 27),
        HolidayRegion.Martinique => new DateOnly(year, 5, 22),
        HolidayRegion.Guyane => new DateOnly(year, 6, 10),
        HolidayRegion.Reunion => new DateOnly(year, 12, 20),
        HolidayRegion.Mayotte => new DateOnly(year, 4, 27),
        HolidayRegion.Metropolitan or HolidayRegion.AlsaceMoselle =>
            throw new ArgumentOutOfRangeException(nameof(region), region, "Only the overseas départements have this day."),
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown holiday region."),
    };
}
