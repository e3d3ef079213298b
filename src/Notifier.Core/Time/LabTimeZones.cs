using System.Globalization;

namespace Notifier.Core;

public static class LabTimeZones
{
    public const string Default = "Europe/Paris";
    public const int IdMax = 64;

    // Metropolitan France and the overseas départements and collectivities a French laboratory may sit in.
    public static readonly IReadOnlyList<string> Common =
    [
        "Europe/Paris",
        "America/Guadeloupe",
        "America/Martinique",
        "America/Cayenne",
        "Indian/Reunion",
        "Indian/Mayotte",
        "America/Miquelon",
        "America/St_Barthelemy",
        "America/Marigot",
        "Pacific/Noumea",
        "Pacific/Tahiti",
        "Pacific/Wallis",
    ];

    public static bool IsKnown(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
    }

    public static TimeZoneInfo Find(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "UTC−" : "UTC+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}
