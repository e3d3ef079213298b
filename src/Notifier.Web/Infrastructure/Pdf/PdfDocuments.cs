using PdfSharp.Pdf;

namespace Notifier.Web.Infrastructure.Pdf;

public static class PdfDocuments
{
    /// <summary>A new document with metadata that carries no personal data; content streams compressed unless the file
    /// goes into a ZIP, which compresses the whole file better and faster than PDFsharp compresses each page.</summary>
    public static PdfDocument Create(string title, bool compressContentStreams = true)
    {
        PdfFonts.EnsureRegistered();
        var doc = new PdfDocument();
        doc.Info.Title = title;
        doc.Info.Creator = "Notifier";
        doc.Options.CompressContentStreams = compressContentStreams;
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
