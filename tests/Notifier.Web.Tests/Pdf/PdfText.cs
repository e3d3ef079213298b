using UglyToad.PdfPig;

namespace Notifier.Web.Tests.Pdf;

// Text of a PDF as a reader would copy it: PdfPig words joined by single spaces, page by page, U+00A0 kept.
public static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var doc = PdfDocument.Open(pdf);
        return doc.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))).ToList();
    }

    public static string All(byte[] pdf) => string.Join('\n', Pages(pdf));

    /// <summary>Same text with every run of whitespace (U+00A0 included) folded to one space, for phrase searches.</summary>
    public static string Flat(byte[] pdf) => Flatten(All(pdf));

    public static string Flatten(string text) =>
        string.Join(' ', text.Split([' ', '\u00A0', '\u202F', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
