using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Notifier.Core;

namespace Notifier.Web.Features.Shared;

// A date and time typed in a form is a wall-clock time in the laboratory's zone. At the DST changes it may not exist
// or exist twice: the user is asked, never guessed for (ADR 0007).
public static class LocalInstant
{
    public static DateTime? ToUtc(ModelStateDictionary modelState, string key, DateTime? local, string? offsetChoice,
        string timeZoneId, IStringLocalizer t)
    {
        if (local is null || !LabTimeZones.IsKnown(timeZoneId))
        {
            return null;
        }

        var resolution = LabTime.Resolve(local.Value, timeZoneId);
        switch (resolution.Kind)
        {
            case LocalTimeKind.Unique:
                return resolution.UniqueUtc;
            case LocalTimeKind.Invalid:
                modelState.AddModelError(key, t["Cette heure n'existe pas dans le fuseau {0} (passage à l'heure d'été) : saisissez l'heure réellement affichée par les horloges.", timeZoneId]);
                return null;
            case LocalTimeKind.Ambiguous:
                var chosen = resolution.Candidates.FirstOrDefault(c => LabTimeZones.FormatOffset(c.Offset) == offsetChoice);
                if (chosen == default)
                {
                    modelState.AddModelError(key, t["Cette heure existe deux fois dans le fuseau {0} (passage à l'heure d'hiver) : précisez le décalage.", timeZoneId]);
                    return null;
                }

                return chosen.UtcDateTime;
            default:
                return null;
        }
    }

    public static DateTime? ToLocalInput(DateTime? utc, string timeZoneId) =>
        utc is null || !LabTimeZones.IsKnown(timeZoneId) ? null : LabTime.ToLocal(utc.Value, timeZoneId).DateTime;

    public static string? OffsetOf(DateTime? utc, string timeZoneId) =>
        utc is null || !LabTimeZones.IsKnown(timeZoneId) ? null : LabTimeZones.FormatOffset(LabTime.ToLocal(utc.Value, timeZoneId).Offset);
}

public sealed record LocalDateTimeField(string Name, string Label, DateTime? Value, string? Offset, string TimeZoneId, string? Help = null)
{
    public LocalTimeResolution? Resolution =>
        Value is { } v && LabTimeZones.IsKnown(TimeZoneId) ? LabTime.Resolve(v, TimeZoneId) : null;
}
