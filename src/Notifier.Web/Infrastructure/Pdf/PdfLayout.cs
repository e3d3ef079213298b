using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Notifier.Web.Infrastructure.Pdf;

public enum TextAlign { Left, Justify, Right }

public enum PageNumbering { Always, WhenSeveralPages, Never }

public sealed record PdfTextStyle(double Size, bool Bold = false, bool Italic = false, double Leading = 1.3)
{
    public static readonly PdfTextStyle Body = new(10);
    public static readonly PdfTextStyle Small = new(8);
    public static readonly PdfTextStyle Heading1 = new(14, Bold: true, Leading: 1.2);
    public static readonly PdfTextStyle Heading2 = new(11.5, Bold: true, Leading: 1.2);
    public static readonly PdfTextStyle Strong = new(10, Bold: true);
}

// A4 portrait with margins in millimetres. The footer sits in the bottom margin.
public sealed record PdfPageSetup(double LeftMm = 20, double RightMm = 20, double TopMm = 20, double BottomMm = 22)
{
    public const double WidthMm = 210, HeightMm = 297;
    public static readonly PdfPageSetup A4 = new();
}

// Generic layout for PDFsharp: a cursor that tracks the vertical position on A4, wraps and justifies paragraphs,
// draws headings, key/value pairs and table rows, breaks pages when one is full, and numbers the pages of a section
// ("Page n / N"). A section is one document inside the file (one letter of a batch, or a whole dossier).
// It knows nothing of letters or dossiers: content comes from the callers (house style §4.8).
public sealed class PdfLayout : IDisposable
{
    public static double Mm(double millimetres) => millimetres * 72 / 25.4;

    private readonly PdfDocument _document;
    private readonly Dictionary<PdfTextStyle, (XFont Font, double Ascent)> _fonts = [];
    private readonly Dictionary<(XFont, string), double> _widths = [];
    private readonly List<(PdfPage Page, XGraphics Graphics)> _section = [];
    private PageNumbering _numbering = PageNumbering.Always;
    private string _pageLabel = "Page {0} / {1}";
    private string? _footerText;
    private readonly XGraphics _measure;

    public PdfLayout(PdfDocument document, PdfPageSetup? setup = null)
    {
        PdfFonts.EnsureRegistered();
        _document = document;
        Setup = setup ?? PdfPageSetup.A4;
        _measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards, new PdfSharp.Events.RenderEvents());
    }

    public PdfPageSetup Setup { get; }
    public double PageWidth => Mm(PdfPageSetup.WidthMm);
    public double PageHeight => Mm(PdfPageSetup.HeightMm);
    public double Left => Mm(Setup.LeftMm);
    public double Right => PageWidth - Mm(Setup.RightMm);
    public double Top => Mm(Setup.TopMm);
    public double Bottom => PageHeight - Mm(Setup.BottomMm);
    public double ContentWidth => Right - Left;

    /// <summary>Top of the next line, in points from the top of the page.</summary>
    public double Y { get; private set; }

    public XGraphics Graphics => _section.Count > 0 ? _section[^1].Graphics : throw new InvalidOperationException("Aucune section ouverte.");
    public PdfPage Page => _section.Count > 0 ? _section[^1].Page : throw new InvalidOperationException("Aucune section ouverte.");
    public int SectionPageCount => _section.Count;
    public int SectionPageNumber => _section.Count;

    public void BeginSection(PageNumbering numbering = PageNumbering.Always, string pageLabel = "Page {0} / {1}", string? footerText = null)
    {
        if (_section.Count > 0) EndSection();
        _numbering = numbering;
        _pageLabel = pageLabel;
        _footerText = footerText;
        NewPage();
    }

    public void NewPage()
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromMillimeter(PdfPageSetup.WidthMm);
        page.Height = XUnit.FromMillimeter(PdfPageSetup.HeightMm);
        _section.Add((page, XGraphics.FromPdfPage(page)));
        Y = Top;
    }

    /// <summary>Draws the footers of the section's pages (now that their count is known) and closes them.</summary>
    public void EndSection()
    {
        var count = _section.Count;
        for (var i = 0; i < count; i++)
        {
            var gfx = _section[i].Graphics;
            var baseline = PageHeight - Mm(Math.Max(8, Setup.BottomMm - 10));
            var small = PdfTextStyle.Small;
            if (_footerText is { Length: > 0 } footer)
            {
                var text = Fit(footer, small, ContentWidth * 0.7);
                gfx.DrawString(text, Font(small), XBrushes.DimGray, new XPoint(Left, baseline));
            }
            if (_numbering == PageNumbering.Always || (_numbering == PageNumbering.WhenSeveralPages && count > 1))
            {
                var label = string.Format(CultureInfo.InvariantCulture, _pageLabel, i + 1, count);
                gfx.DrawString(label, Font(small), XBrushes.DimGray, new XPoint(Right - Width(label, small), baseline));
            }
            gfx.Dispose();
        }
        _section.Clear();
    }

    public void Space(double points) => Y += points;

    public void SpaceMm(double millimetres) => Y += Mm(millimetres);

    public void MoveTo(double y) => Y = y;

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit above the bottom margin.</summary>
    public bool EnsureSpace(double height)
    {
        if (Y + height <= Bottom + 0.01) return false;
        NewPage();
        return true;
    }

    public double LineHeight(PdfTextStyle style) => style.Size * style.Leading;

    public void Heading(string text, PdfTextStyle? style = null, double spaceBefore = 6, double spaceAfter = 3)
    {
        style ??= PdfTextStyle.Heading2;
        var lines = Wrap(text, style, ContentWidth);
        // Keep with next: the heading and two lines of body text, or a new page.
        if (Y > Top) Y += spaceBefore;
        EnsureSpace(lines.Count * LineHeight(style) + 2 * LineHeight(PdfTextStyle.Body));
        foreach (var line in lines) DrawLine(line, style, Left, ContentWidth, TextAlign.Left, last: true);
        Y += spaceAfter;
    }

    public void Paragraph(string text, PdfTextStyle? style = null, TextAlign align = TextAlign.Justify, double indent = 0, double spaceAfter = 5)
    {
        style ??= PdfTextStyle.Body;
        foreach (var hardLine in Clean(text).Split('\n'))
        {
            var lines = Wrap(hardLine, style, ContentWidth - indent);
            for (var i = 0; i < lines.Count; i++)
            {
                EnsureSpace(LineHeight(style));
                DrawLine(lines[i], style, Left + indent, ContentWidth - indent, align, last: i == lines.Count - 1);
            }
        }
        Y += spaceAfter;
    }

    /// <summary>A bulleted paragraph: the bullet hangs in the indent and continuation lines align with the text.</summary>
    public void Bullet(string text, PdfTextStyle? style = null, double indentMm = 5, double spaceAfter = 2)
    {
        style ??= PdfTextStyle.Body;
        var indent = Mm(indentMm);
        var lines = Wrap(Clean(text).Replace('\n', ' '), style, ContentWidth - indent);
        for (var i = 0; i < lines.Count; i++)
        {
            EnsureSpace(LineHeight(style));
            if (i == 0) Graphics.DrawString("•", Font(style), XBrushes.Black, new XPoint(Left + indent * 0.3, Y + Ascent(style)));
            DrawLine(lines[i], style, Left + indent, ContentWidth - indent, TextAlign.Justify, last: i == lines.Count - 1);
        }
        Y += spaceAfter;
    }

    public void KeyValue(string key, string value, double keyWidthFraction = 0.35, PdfTextStyle? style = null) =>
        TableRow([key, value], [keyWidthFraction, 1 - keyWidthFraction], style ?? PdfTextStyle.Body, firstBold: true);

    /// <summary>A table row: each cell wraps inside its column; the row moves to the next page whole if it does not fit.</summary>
    public void TableRow(IReadOnlyList<string> cells, IReadOnlyList<double> widthFractions, PdfTextStyle? style = null,
        bool header = false, bool borders = false, bool firstBold = false)
    {
        if (cells.Count != widthFractions.Count) throw new ArgumentException("Une largeur par cellule.", nameof(widthFractions));
        style ??= PdfTextStyle.Body;
        var padding = borders ? 3.0 : 1.0;
        var wrapped = new List<string>[cells.Count];
        var widths = new double[cells.Count];
        var styles = new PdfTextStyle[cells.Count];
        var rows = 1;
        for (var i = 0; i < cells.Count; i++)
        {
            widths[i] = ContentWidth * widthFractions[i];
            styles[i] = header || (firstBold && i == 0) ? style with { Bold = true } : style;
            wrapped[i] = Wrap(Clean(cells[i]).Replace('\n', ' '), styles[i], widths[i] - 2 * padding);
            rows = Math.Max(rows, wrapped[i].Count);
        }
        var height = rows * LineHeight(style) + 2 * padding;
        EnsureSpace(height);
        var x = Left;
        var top = Y;
        for (var i = 0; i < cells.Count; i++)
        {
            if (header) Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(235, 235, 235)), x, top, widths[i], height);
            if (borders) Graphics.DrawRectangle(new XPen(XColors.Gray, 0.5), x, top, widths[i], height);
            Y = top + padding;
            foreach (var line in wrapped[i]) DrawLine(line, styles[i], x + padding, widths[i] - 2 * padding, TextAlign.Left, last: true);
            x += widths[i];
        }
        Y = top + height;
    }

    /// <summary>Draws one line of text at an absolute position (top of the line), without wrapping.</summary>
    public void TextAt(string text, double x, double top, PdfTextStyle? style = null)
    {
        style ??= PdfTextStyle.Body;
        Graphics.DrawString(Clean(text), Font(style), XBrushes.Black, new XPoint(x, top + Ascent(style)));
    }

    public void HorizontalRule(double thickness = 0.5)
    {
        EnsureSpace(thickness + 2);
        Graphics.DrawLine(new XPen(XColors.Gray, thickness), Left, Y, Right, Y);
        Y += thickness + 2;
    }

    public XFont Font(PdfTextStyle style) => FontAndAscent(style).Font;

    public double Width(string text, PdfTextStyle style)
    {
        var font = Font(style);
        if (_widths.TryGetValue((font, text), out var w)) return w;
        w = _measure.MeasureString(text, font).Width;
        if (_widths.Count > 50_000) _widths.Clear();
        _widths[(font, text)] = w;
        return w;
    }

    /// <summary>Greedy word wrap on ordinary spaces (never on U+00A0). A word wider than the line is cut by characters,
    /// so no line is ever wider than <paramref name="width"/>.</summary>
    public List<string> Wrap(string text, PdfTextStyle style, double width)
    {
        var lines = new List<string>();
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var space = SpaceWidth(style);
        var current = new List<string>();
        var currentWidth = 0.0;
        foreach (var original in words)
        {
            foreach (var word in CutToWidth(original, style, width))
            {
                var w = Width(word, style);
                var needed = current.Count == 0 ? w : currentWidth + space + w;
                if (current.Count > 0 && needed > width)
                {
                    lines.Add(string.Join(' ', current));
                    current.Clear();
                    needed = w;
                }
                current.Add(word);
                currentWidth = needed;
            }
        }
        if (current.Count > 0 || lines.Count == 0) lines.Add(string.Join(' ', current));
        return lines;
    }

    private IEnumerable<string> CutToWidth(string word, PdfTextStyle style, double width)
    {
        if (Width(word, style) <= width)
        {
            yield return word;
            yield break;
        }
        var start = 0;
        while (start < word.Length)
        {
            var length = 1;
            while (start + length < word.Length && _measure.MeasureString(word.Substring(start, length + 1), Font(style)).Width <= width)
                length++;
            yield return word.Substring(start, length);
            start += length;
        }
    }

    private void DrawLine(string line, PdfTextStyle style, double x, double width, TextAlign align, bool last)
    {
        var font = Font(style);
        var baseline = Y + Ascent(style);
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (align == TextAlign.Justify && !last && words.Length > 1)
        {
            var total = 0.0;
            foreach (var w in words) total += Width(w, style);
            var gap = (width - total) / (words.Length - 1);
            // Never stretch a loose line more than three spaces' worth: it reads better ragged.
            if (gap <= SpaceWidth(style) * 3)
            {
                var cx = x;
                for (var i = 0; i < words.Length; i++)
                {
                    // The trailing space keeps word boundaries in the text layer (copy-paste, search, PdfPig).
                    Graphics.DrawString(i < words.Length - 1 ? words[i] + " " : words[i], font, XBrushes.Black, new XPoint(cx, baseline));
                    cx += Width(words[i], style) + gap;
                }
                Y += LineHeight(style);
                return;
            }
        }
        var start = align == TextAlign.Right ? x + width - Width(line, style) : x;
        Graphics.DrawString(line, font, XBrushes.Black, new XPoint(start, baseline));
        Y += LineHeight(style);
    }

    private string Fit(string text, PdfTextStyle style, double width)
    {
        if (Width(text, style) <= width) return text;
        while (text.Length > 1 && Width(text + "…", style) > width) text = text[..^1];
        return text + "…";
    }

    private double SpaceWidth(PdfTextStyle style) => Width("a a", style) - Width("aa", style);

    private double Ascent(PdfTextStyle style) => FontAndAscent(style).Ascent;

    private (XFont Font, double Ascent) FontAndAscent(PdfTextStyle style)
    {
        if (_fonts.TryGetValue(style, out var f)) return f;
        var fontStyle = (style.Bold, style.Italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        };
        var font = new XFont(LiberationSansFontResolver.Family, style.Size, fontStyle, new XPdfFontOptions(PdfFontEncoding.Unicode));
        var ascent = style.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
        f = (font, ascent);
        _fonts[style] = f;
        return f;
    }

    // Control characters from hostile input would reach the content stream; tabs become spaces.
    private static string Clean(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001F')) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] < ' ' && chars[i] != '\n') chars[i] = ' ';
        return new string(chars).Replace("\r", "", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_section.Count > 0) EndSection();
        _measure.Dispose();
    }
}
