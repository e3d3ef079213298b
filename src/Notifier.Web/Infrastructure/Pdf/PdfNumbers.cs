using System.Text;

namespace Notifier.Web.Infrastructure.Pdf;

// Numbers written straight into a content stream: at most three decimals, no exponent, invariant ('.'), no
// allocation. A custom .NET format string ("0.###") costs more than the rest of drawing a QR code.
public static class PdfNumbers
{
    public static StringBuilder AppendNumber(this StringBuilder builder, double value)
    {
        var thousandths = (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);
        if (thousandths < 0)
        {
            builder.Append('-');
            thousandths = -thousandths;
        }

        builder.Append(thousandths / 1000);
        var fraction = (int)(thousandths % 1000);
        if (fraction == 0) return builder;
        builder.Append('.');
        if (fraction % 100 == 0) return builder.Append((char)('0' + fraction / 100));
        if (fraction % 10 == 0) return builder.Append((char)('0' + fraction / 100)).Append((char)('0' + fraction / 10 % 10));
        return builder.Append((char)('0' + fraction / 100)).Append((char)('0' + fraction / 10 % 10)).Append((char)('0' + fraction % 10));
    }
}
