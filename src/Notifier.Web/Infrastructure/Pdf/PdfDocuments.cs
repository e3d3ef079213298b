using PdfSharp.Pdf;

namespace Notifier.Web.Infrastructure.Pdf;

public static class PdfDocuments
{
    /// <summary>A new document with compressed content streams and metadata that carries no personal data.</summary>
    public static PdfDocument Create(string title)
    {
        PdfFonts.EnsureRegistered();
        var doc = new PdfDocument();
        doc.Info.Title = title;
        doc.Info.Creator = "Notifier";
        doc.Options.CompressContentStreams = true;
        doc.Options.NoCompression = false;
        return doc;
    }

    public static byte[] ToBytes(PdfDocument document)
    {
        using var ms = new MemoryStream();
        document.Save(ms, closeStream: false);
        return ms.ToArray();
    }

    public static void Save(PdfDocument document, Stream output) => document.Save(output, closeStream: false);
}
