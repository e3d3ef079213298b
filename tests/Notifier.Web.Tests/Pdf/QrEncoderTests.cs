using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure.Pdf;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Notifier.Web.Tests.Pdf;

public sealed class QrEncoderTests
{
    // Decoded by ZXing as a scanner would read the printed symbol: 4 pixels per module, a quiet zone of four modules.
    private static string? Decode(bool[,] symbol)
    {
        const int scale = 4;
        var n = symbol.GetLength(0);
        var width = (n + 8) * scale;
        var pixels = new byte[width * width];
        Array.Fill(pixels, (byte)255);
        for (var row = 0; row < n; row++)
            for (var col = 0; col < n; col++)
                if (symbol[row, col])
                    for (var dy = 0; dy < scale; dy++)
                        for (var dx = 0; dx < scale; dx++)
                            pixels[((row + 4) * scale + dy) * width + (col + 4) * scale + dx] = 0;
        var source = new PlanarYUVLuminanceSource(pixels, width, width, 0, 0, width, width, false);
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
            new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true })?.Text;
    }

    [Fact]
    public void Letter_codes_encode_in_version_1_and_decode_to_themselves()
    {
        for (var i = 0; i < 200; i++)
        {
            var code = LetterCodes.New();
            var symbol = QrEncoder.Encode(code);
            Assert.NotNull(symbol);
            Assert.Equal(21, symbol.GetLength(0));
            Assert.Equal(code, Decode(symbol));
        }
    }

    [Theory]
    [InlineData("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", 6)]
    [InlineData("https://notifier.example/verifier?code=F7NN-HV8Z-DN9H-V8VR", 6)]
    [InlineData("Vérification du courrier — laboratoire Océane", 6)]
    public void Every_version_up_to_6_decodes_in_alphanumeric_and_byte_modes(string alphabet, int maxVersion)
    {
        var random = new Random(7);
        var versions = new HashSet<int>();
        for (var length = 1; ; length++)
        {
            var text = new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var symbol = QrEncoder.Encode(text);
            if (symbol is null)
            {
                break;
            }

            versions.Add((symbol.GetLength(0) - 17) / 4);
            Assert.Equal(text, Decode(symbol));
        }

        Assert.Equal(Enumerable.Range(1, maxVersion), versions.Order());
    }

    [Fact]
    public void Text_beyond_version_6_is_left_to_the_general_encoder() =>
        Assert.Null(QrEncoder.Encode(new string('A', 200)));
}
