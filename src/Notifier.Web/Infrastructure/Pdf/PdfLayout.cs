using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

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
    private readonly Dictionary<XFont, Dictionary<string, double>> _widths = [];
    private readonly Dictionary<(string Text, PdfTextStyle Style, double Width), string[]> _wrapped = [];
    private readonly List<(PdfPage Page, XGraphics Graphics)> _section = [];
    private PageNumbering _numbering = PageNumbering.Always;
    private string _pageLabel = "Page {0} / {1}";
    private string? _footerText;
    private readonly XGraphics _measure;
    private readonly PdfResources? _sharedResources;

    /// <param name="document">The file the pages are added to.</param>
    /// <param name="setup">Page margins (A4 by default).</param>
    /// <param name="shareResources">Every page uses one resource dictionary (fonts and forms), written once in the file
    /// instead of once per page: for a file of many similar pages, such as a batch of letters, where each page would
    /// otherwise build its own list of the same fonts and forms (measured: 13% of a letter's drawing time).</param>
    public PdfLayout(PdfDocument document, PdfPageSetup? setup = null, bool shareResources = false)
    {
        PdfFonts.EnsureRegistered();
        _document = document;
        Setup = setup ?? PdfPageSetup.A4;
        if (shareResources)
        {
            _sharedResources = new PdfResources(document);
            document.Internals.AddObject(_sharedResources);
        }

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

    /// <summary>The current page's drawing surface. Forms waiting to be placed are placed first, so that whatever the
    /// caller draws comes after them, in reading order.</summary>
    public XGraphics Graphics
    {
        get
        {
            PlacePending();
            return CurrentGraphics;
        }
    }

    private XGraphics CurrentGraphics => _section.Count > 0 ? _section[^1].Graphics : throw new InvalidOperationException("Aucune section ouverte.");
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
        if (_section.Count > 0) PlacePending();
        var page = _document.AddPage();
        page.Width = XUnit.FromMillimeter(PdfPageSetup.WidthMm);
        page.Height = XUnit.FromMillimeter(PdfPageSetup.HeightMm);
        if (_sharedResources is not null)
        {
            // Before anything asks the page for its resources: the page then resolves the reference to the shared ones.
            page.Elements.SetReference("/Resources", _sharedResources);
            if (!ReferenceEquals(page.Resources, _sharedResources))
            {
                throw new InvalidOperationException("The page did not take the shared resources.");
            }
        }

        _section.Add((page, XGraphics.FromPdfPage(page)));
        Y = Top;
    }

    /// <summary>Draws the footers of the section's pages (now that their count is known) and closes them.</summary>
    public void EndSection()
    {
        if (_section.Count > 0) PlacePending();
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
        DrawLines(lines, style, Left, ContentWidth, TextAlign.Left);
        Y += spaceAfter;
    }

    public void Paragraph(string text, PdfTextStyle? style = null, TextAlign align = TextAlign.Justify, double indent = 0, double spaceAfter = 5)
    {
        style ??= PdfTextStyle.Body;
        foreach (var hardLine in Clean(text).Split('\n'))
        {
            DrawLines(Wrap(hardLine, style, ContentWidth - indent), style, Left + indent, ContentWidth - indent, align);
        }
        Y += spaceAfter;
    }

    /// <summary>A bulleted paragraph: the bullet hangs in the indent and continuation lines align with the text.</summary>
    public void Bullet(string text, PdfTextStyle? style = null, double indentMm = 5, double spaceAfter = 2)
    {
        style ??= PdfTextStyle.Body;
        var indent = Mm(indentMm);
        var lines = Wrap(Clean(text).Replace('\n', ' '), style, ContentWidth - indent);
        DrawLines(lines, style, Left + indent, ContentWidth - indent, TextAlign.Justify, bulletOffset: indent * 0.7);
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
        var wrapped = new IReadOnlyList<string>[cells.Count];
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
            DrawBlock(wrapped[i], 0, wrapped[i].Count, styles[i], x + padding, widths[i] - 2 * padding, TextAlign.Left, 0);
            x += widths[i];
        }
        Y = top + height;
    }

    /// <summary>Draws one line of text at an absolute position (top of the line), without wrapping.</summary>
    public void TextAt(string text, double x, double top, PdfTextStyle? style = null) => TextAt(Graphics, text, x, top, style);

    /// <summary>Text at a place on the page (coordinates of the page), drawn on <paramref name="gfx"/>: the page's, or
    /// a page-sized form's inside <see cref="Repeated"/>.</summary>
    public void TextAt(XGraphics gfx, string text, double x, double top, PdfTextStyle? style = null)
    {
        ArgumentNullException.ThrowIfNull(gfx);
        style ??= PdfTextStyle.Body;
        gfx.DrawString(Clean(text), Font(style), XBrushes.Black, new XPoint(x, top + Ascent(style)));
    }

    /// <summary>Content at fixed places of the page that comes back page after page — a letterhead, the labels of a
    /// reference block — drawn as the paragraphs are: inline the first time, into a page-sized form the second time,
    /// and only placed from then on. <paramref name="key"/> must name everything <paramref name="draw"/> draws (the
    /// texts, in order); <paramref name="draw"/> draws with page coordinates on the surface it is given.</summary>
    public void Repeated(string key, Action<XGraphics> draw)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(draw);
        if (_stamps.TryGetValue(key, out var form))
        {
            _pending.Add((form, 0, 0));
            return;
        }

        if (_stamps.Count >= MaxForms || _seenStamps.Add(key))
        {
            draw(Graphics);
            return;
        }

        form = new XForm(_document, XUnit.FromPoint(PageWidth), XUnit.FromPoint(PageHeight));
        using (var gfx = XGraphics.FromForm(form))
        {
            draw(gfx);
        }

        _stamps[key] = form;
        _formIds[form] = _formIds.Count + 1;
        _seenStamps.Remove(key);
        _pending.Add((form, 0, 0));
    }

    private readonly Dictionary<string, XForm> _stamps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenStamps = new(StringComparer.Ordinal);

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
        if (!_widths.TryGetValue(font, out var cache))
        {
            cache = new Dictionary<string, double>(StringComparer.Ordinal);
            _widths[font] = cache;
        }

        if (cache.TryGetValue(text, out var w)) return w;
        w = _measure.MeasureString(text, font).Width;
        if (cache.Count > 50_000) cache.Clear();
        cache[text] = w;
        return w;
    }

    /// <summary>Greedy word wrap on ordinary spaces (never on U+00A0). A word wider than the line is cut by characters,
    /// so no line is ever wider than <paramref name="width"/>.</summary>
    public IReadOnlyList<string> Wrap(string text, PdfTextStyle style, double width)
    {
        // A batch repeats the same paragraphs letter after letter: wrap each once.
        var key = (text, style, width);
        if (_wrapped.TryGetValue(key, out var cached)) return cached;
        var result = WrapUncached(text, style, width);
        if (_wrapped.Count > 20_000) _wrapped.Clear();
        _wrapped[key] = result;
        return result;
    }

    private string[] WrapUncached(string text, PdfTextStyle style, double width)
    {
        var lines = new List<string>();
        var space = SpaceWidth(style);
        var current = new List<string>();
        var currentWidth = 0.0;
        void Add(string word, double w)
        {
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

        foreach (var original in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var w = Width(original, style);
            if (w <= width)
            {
                Add(original, w);
                continue;
            }

            foreach (var piece in CutToWidth(original, style, width))
            {
                Add(piece, Width(piece, style));
            }
        }

        if (current.Count > 0 || lines.Count == 0) lines.Add(string.Join(' ', current));
        return [.. lines];
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

    // Lines of one paragraph, as many per page as fit. A block of lines that the document has already drawn once (the
    // same text, style, width and alignment: a batch repeats the template's paragraphs letter after letter) is drawn
    // the second time into a form XObject, and from then on only placed: "q … cm /Fm Do Q" instead of the glyphs. The
    // text stays in the page's text layer (copy-paste, search, pdftotext and PdfPig read forms). Blocks seen once —
    // those with a person's details — stay inline.
    private void DrawLines(IReadOnlyList<string> lines, PdfTextStyle style, double x, double width, TextAlign align, double bulletOffset = 0)
    {
        var height = LineHeight(style);
        var start = 0;
        while (start < lines.Count)
        {
            EnsureSpace(height);
            var fit = Math.Clamp((int)Math.Floor((Bottom + 0.01 - Y) / height), 1, lines.Count - start);
            DrawBlock(lines, start, fit, style, x, width, align, start == 0 ? bulletOffset : 0);
            Y += fit * height;
            start += fit;
        }
    }

    // A block: lines start..start+count of a wrapped paragraph, at the cursor, with a bullet hanging bulletOffset
    // points to the left of its first line (0: none).
    private void DrawBlock(IReadOnlyList<string> lines, int start, int count, PdfTextStyle style, double x, double width, TextAlign align, double bulletOffset)
    {
        var height = LineHeight(style);
        var key = new BlockKey(lines, start, count, style, width, align, bulletOffset);
        var left = FormMargin + bulletOffset;
        if (_forms.TryGetValue(key, out var form))
        {
            _pending.Add((form, x - left, Y - FormMargin));
            return;
        }

        if (_forms.Count >= MaxForms || _seenBlocks.Add(key))
        {
            DrawBlockLines(Graphics, lines, start, count, style, x, Y, width, align, bulletOffset);
            return;
        }

        // The form is larger than the text by a margin on every side: a form clips to its box, and glyphs may reach a
        // little beyond their line (accents above, descenders below, the overhang of an italic).
        form = new XForm(_document, XUnit.FromPoint(left + width + FormMargin), XUnit.FromPoint(count * height + 2 * FormMargin));
        using (var gfx = XGraphics.FromForm(form))
        {
            DrawBlockLines(gfx, lines, start, count, style, left, FormMargin, width, align, bulletOffset);
        }

        _forms[key] = form;
        _formIds[form] = _formIds.Count + 1;
        _seenBlocks.Remove(key);
        _pending.Add((form, x - left, Y - FormMargin));
    }

    private void DrawBlockLines(XGraphics gfx, IReadOnlyList<string> lines, int start, int count, PdfTextStyle style, double x, double top, double width,
        TextAlign align, double bulletOffset)
    {
        var height = LineHeight(style);
        if (bulletOffset > 0) gfx.DrawString("•", Font(style), XBrushes.Black, new XPoint(x - bulletOffset, top + Ascent(style)));
        for (var i = 0; i < count; i++)
            DrawLine(gfx, lines[start + i], style, x, top + i * height, width, align, last: start + i == lines.Count - 1);
    }

    // Forms to place on the current page, in order. A run of them that an earlier page placed identically (the same
    // forms at the same places: the body of the next letter with the same categories) is itself drawn once into a
    // page-sized form the second time and placed whole from then on — one placement instead of twenty. Anything else
    // drawn on the page places the run first, so the content keeps its reading order.
    private readonly List<(XForm Form, double X, double Y)> _pending = [];
    private readonly Dictionary<string, XForm> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<XForm, int> _formIds = new(ReferenceEqualityComparer.Instance);
    private readonly System.Text.StringBuilder _runKey = new();

    private void PlacePending()
    {
        if (_pending.Count == 0) return;
        var gfx = CurrentGraphics;
        if (_pending.Count == 1)
        {
            gfx.DrawImage(_pending[0].Form, _pending[0].X, _pending[0].Y);
            _pending.Clear();
            return;
        }

        _runKey.Clear();
        foreach (var (form, x, y) in _pending)
            _runKey.Append(_formIds[form]).Append(' ').AppendNumber(x).Append(' ').AppendNumber(y).Append(';');
        var key = _runKey.ToString();
        if (_runs.TryGetValue(key, out var run))
        {
            gfx.DrawImage(run, 0, 0);
        }
        else if (_runs.Count >= MaxForms || _seenRuns.Add(key))
        {
            foreach (var (form, x, y) in _pending) gfx.DrawImage(form, x, y);
        }
        else
        {
            run = new XForm(_document, XUnit.FromPoint(PageWidth), XUnit.FromPoint(PageHeight));
            using (var runGraphics = XGraphics.FromForm(run))
            {
                foreach (var (form, x, y) in _pending) runGraphics.DrawImage(form, x, y);
            }

            _runs[key] = run;
            _seenRuns.Remove(key);
            gfx.DrawImage(run, 0, 0);
        }

        _pending.Clear();
    }

    private const double FormMargin = 6;
    private const int MaxForms = 4_000;

    // Blocks are recognised by the wrapped lines' identity: Wrap returns the same array for the same paragraph.
    private readonly record struct BlockKey(IReadOnlyList<string> Lines, int Start, int Count, PdfTextStyle Style, double Width, TextAlign Align, double Bullet)
    {
        public bool Equals(BlockKey other) => ReferenceEquals(Lines, other.Lines) && Start == other.Start && Count == other.Count
            && Style == other.Style && Width == other.Width && Align == other.Align && Bullet == other.Bullet;

        public override int GetHashCode() => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Lines), Start, Count, Style, Width, Align, Bullet);
    }

    private readonly Dictionary<BlockKey, XForm> _forms = [];
    private readonly HashSet<BlockKey> _seenBlocks = [];

    private void DrawLine(XGraphics gfx, string line, PdfTextStyle style, double x, double top, double width, TextAlign align, bool last)
    {
        var font = Font(style);
        var baseline = top + Ascent(style);
        if (align == TextAlign.Justify && !last && line.Contains(' ', StringComparison.Ordinal))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var total = 0.0;
            foreach (var w in words) total += Width(w, style);
            var gap = (width - total) / (words.Length - 1);
            // Never stretch a loose line more than three spaces' worth: it reads better ragged.
            if (words.Length > 1 && gap <= SpaceWidth(style) * 3)
            {
                if (!DrawJustified(gfx, line, font, style, x, baseline, gap - SpaceWidth(style)))
                {
                    var cx = x;
                    for (var i = 0; i < words.Length; i++)
                    {
                        // The trailing space keeps word boundaries in the text layer (copy-paste, search, PdfPig).
                        gfx.DrawString(i < words.Length - 1 ? words[i] + " " : words[i], font, XBrushes.Black, new XPoint(cx, baseline));
                        cx += Width(words[i], style) + gap;
                    }
                }

                return;
            }
        }
        var start = align == TextAlign.Right ? x + width - Width(line, style) : x;
        gfx.DrawString(line, font, XBrushes.Black, new XPoint(start, baseline));
    }

    // A justified line as one text-showing operation: PDFsharp draws the whole line (which positions it, selects the
    // font and records the glyphs for the embedded subset and the ToUnicode map), then its closing "<glyphs> Tj" is
    // rewritten as "[<word > -n <word > -n <word>] TJ", the numbers widening each space by the same amount. One drawing
    // call per line instead of one per word; the spaces stay in the text layer. The line is left as drawn (ragged) if
    // the content does not have the expected form — one glyph of 4 hex digits per character — so nothing is ever
    // garbled: with a surrogate pair, for instance.
    private static bool DrawJustified(XGraphics gfx, string line, XFont font, PdfTextStyle style, double x, double baseline, double extra)
    {
        if (line.Length == 0 || line[0] == ' ' || line[^1] == ' ' || line.Contains("  ", StringComparison.Ordinal))
            return false;
        var content = gfx.Internals.ContentStringBuilder;
        if (content is null) return false;
        var before = content.Length;
        gfx.DrawString(line, font, XBrushes.Black, new XPoint(x, baseline));
        const string tail = "> Tj\n";
        var end = content.Length - tail.Length;
        if (end <= before || !EndsWith(content, tail)) return true;
        var open = end - 1;
        while (open >= before && content[open] != '<') open--;
        if (open < before) return true;

        var hex = new char[line.Length * 4];
        var n = 0;
        for (var i = open + 1; i < end; i++)
        {
            var c = content[i];
            if (c is '\n' or '\r' or ' ') continue;
            if (n == hex.Length) return true;
            hex[n++] = c;
        }
        if (n != hex.Length) return true;

        var adjust = -extra * 1000 / style.Size;
        content.Length = open;
        content.Append("[<");
        for (var i = 0; i < line.Length; i++)
        {
            content.Append(hex, i * 4, 4);
            if (line[i] == ' ') content.Append("> ").AppendNumber(adjust).Append(" <");
        }
        content.Append(">] TJ\n");
        return true;
    }

    private static bool EndsWith(System.Text.StringBuilder builder, string tail)
    {
        if (builder.Length < tail.Length) return false;
        for (var i = 0; i < tail.Length; i++)
            if (builder[builder.Length - tail.Length + i] != tail[i]) return false;
        return true;
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

    private bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_section.Count > 0) EndSection();
        _measure.Dispose();
    }
}
