using System.Text.RegularExpressions;

namespace Notifier.Web.Tests.Infrastructure;

// A page's HTML without its random tokens (antiforgery tokens, nonces: runs of 40 or more base64url characters), so
// that a check for forbidden words ("VIH", a postal code) cannot be failed by chance by a token such as "…3vihqy3…".
public static partial class PageText
{
    public static string WithoutTokens(string html) => Token().Replace(html, "");

    [GeneratedRegex("[A-Za-z0-9_+/=-]{40,}")]
    private static partial Regex Token();
}
