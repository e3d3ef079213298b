using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;
using Notifier.Core;

namespace Notifier.Web.Features.Shared;

public static class TimeHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // <time> in the laboratory's zone with its offset; UTC in the tooltip and in the machine-readable attribute.
    public static IHtmlContent At(DateTime? utc, string timeZoneId)
    {
        if (utc is null)
        {
            return new HtmlString("<span class=\"muted\">—</span>");
        }

        var iso = DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var text = LabTime.Format(utc.Value, timeZoneId, CultureInfo.CurrentCulture);
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{Encoder.Encode(LabTime.FormatUtc(utc.Value))}\">{Encoder.Encode(text)}</time>");
    }
}
