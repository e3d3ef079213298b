using System.Diagnostics;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Notifier.Web.Tests.Letters;

// Reads the QR code of a PDF page as a scanner would: poppler's pdftoppm rasterises the page (grey PGM), ZXing decodes.
public static class QrImage
{
    public static string? MissingPdftoppm => File.Exists("/usr/bin/pdftoppm") ? null : "pdftoppm not found (apt-get install -y poppler-utils)";

    public static string? Decode(byte[] pdf, int page = 1, int dpi = 150)
    {
        var dir = Directory.CreateTempSubdirectory("qr");
        try
        {
            var input = Path.Combine(dir.FullName, "in.pdf");
            File.WriteAllBytes(input, pdf);
            var psi = new ProcessStartInfo("/usr/bin/pdftoppm", ["-gray", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), input, Path.Combine(dir.FullName, "out")])
            { RedirectStandardError = true };
            using (var p = Process.Start(psi)!)
            {
                p.WaitForExit(60_000);
            }

            var file = Directory.GetFiles(dir.FullName, "out*.pgm").Single();
            var (width, height, pixels) = ReadPgm(File.ReadAllBytes(file));
            var source = new PlanarYUVLuminanceSource(pixels, width, height, 0, 0, width, height, false);
            var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true });
            return result?.Text ?? new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(source)))?.Text;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    // Binary PGM (P5): header "P5 width height maxval" then one byte per pixel.
    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] data)
    {
        var fields = new List<string>();
        var i = 0;
        while (fields.Count < 4)
        {
            while (char.IsWhiteSpace((char)data[i])) i++;
            var start = i;
            while (!char.IsWhiteSpace((char)data[i])) i++;
            fields.Add(Encoding.ASCII.GetString(data, start, i - start));
        }

        i++;
        var width = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
        return (width, height, data[i..(i + width * height)]);
    }
}

public sealed class PdftoppmFactAttribute : FactAttribute
{
    public PdftoppmFactAttribute()
    {
        if (QrImage.MissingPdftoppm is { } reason && !Infrastructure.Prerequisites.IsCi)
        {
            Skip = reason;
        }
    }
}
