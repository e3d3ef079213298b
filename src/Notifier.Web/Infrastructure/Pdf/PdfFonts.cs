using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Notifier.Web.Infrastructure.Pdf;

// PDFsharp's Core build reads no system fonts: every PDF draws with Liberation Sans served from embedded resources
// (SIL OFL 1.1, Fonts/OFL.txt), so the output is the same on every machine (ADR-0005). Any family name resolves to it.
public sealed class LiberationSansFontResolver : IFontResolver
{
    public const string Family = "Liberation Sans";

    private static readonly ConcurrentDictionary<string, byte[]> Faces = new();

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new((bold, italic) switch
        {
            (true, true) => "LiberationSans-BoldItalic",
            (true, false) => "LiberationSans-Bold",
            (false, true) => "LiberationSans-Italic",
            _ => "LiberationSans-Regular",
        });

    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var name = $"Notifier.Pdf.Fonts.{faceName}.ttf";
        using var stream = typeof(LiberationSansFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Police intégrée introuvable : {name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

public static class PdfFonts
{
    private static readonly Lock Gate = new();
    private static bool _registered;

    // GlobalFontSettings is process-wide and may be set only once, before the first font is used.
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered)) return;
        lock (Gate)
        {
            if (_registered) return;
            if (GlobalFontSettings.FontResolver is not LiberationSansFontResolver)
                GlobalFontSettings.FontResolver = new LiberationSansFontResolver();
            Volatile.Write(ref _registered, true);
        }
    }
}
