using System.Globalization;
using System.Text;

namespace Notifier.Core.Import;

// Folding shared by header detection, the NF Z10-011 address block and the de-duplication keys.
internal static class TextFold
{
    // Upper-case ASCII without accents (regulation.md §7.1: É→E, Ç→C, Œ→OE, Æ→AE). Ligatures do not decompose in
    // Unicode, so they are mapped by hand; other marks are dropped after canonical decomposition.
    public static string UpperAscii(string value)
    {
        // Most values are plain ASCII: no decomposition needed (the import folds millions of them).
        if (System.Text.Ascii.IsValid(value))
        {
            return value.ToUpperInvariant();
        }

        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length + 4);
        foreach (var ch in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            switch (ch)
            {
                case 'œ' or 'Œ':
                    sb.Append("OE");
                    break;
                case 'æ' or 'Æ':
                    sb.Append("AE");
                    break;
                case 'ß':
                    sb.Append("SS");
                    break;
                default:
                    sb.Append(char.ToUpperInvariant(ch));
                    break;
            }
        }

        return sb.ToString();
    }

    // Lines 4–6 allow only letters, digits and spaces (NF Z10-011 2013, regulation.md §7.1): apostrophes and hyphens
    // become spaces (so words do not run together), other punctuation disappears, runs of spaces collapse.
    public static string PostalLine(string value)
    {
        // ASCII (nearly every value): fold in one pass over a stack buffer, no intermediate strings.
        if (value.Length <= 256 && System.Text.Ascii.IsValid(value))
        {
            Span<char> buffer = stackalloc char[value.Length];
            var length = 0;
            var space = false;
            foreach (var c in value)
            {
                var ch = c is >= 'a' and <= 'z' ? (char)(c - 32) : c;
                if (ch is >= 'A' and <= 'Z' or >= '0' and <= '9')
                {
                    if (space && length > 0)
                    {
                        buffer[length++] = ' ';
                    }

                    space = false;
                    buffer[length++] = ch;
                }
                else if (char.IsWhiteSpace(ch) || ch is '\'' or '-' or '_' or '/' or ',' or '.')
                {
                    space = true;
                }
            }

            return new string(buffer[..length]);
        }

        var upper = UpperAscii(value);
        var sb = new StringBuilder(upper.Length);
        var pendingSpace = false;
        foreach (var ch in upper)
        {
            if (ch is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                if (pendingSpace && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                pendingSpace = false;
                sb.Append(ch);
            }
            else if (char.IsWhiteSpace(ch) || ch is '\'' or '’' or '‘' or '-' or '‐' or '–' or '—' or '_' or '/' or ',' or '.')
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }

    // Trims and collapses inner white space to one space, without changing letters (lines 2–3 and foreign lines).
    public static string CollapseSpaces(string value)
    {
        var sb = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var ch in value)
        {
            if (char.IsWhiteSpace(ch))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace && sb.Length > 0)
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(ch);
        }

        return sb.ToString();
    }

    // Header key: lower-case, no accents, spaces/dashes/dots/apostrophes → one underscore, none at the ends,
    // so that "N° Sécu", "n-secu" and "N_SECU" meet. A UTF-8 BOM glued to the first header by a naive reader is ignored.
    public static string HeaderKey(string header)
    {
        var upper = UpperAscii(header.Replace("\uFEFF", "", StringComparison.Ordinal));
        var sb = new StringBuilder(upper.Length);
        var pendingUnderscore = false;
        foreach (var ch in upper)
        {
            if (ch is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                if (pendingUnderscore && sb.Length > 0)
                {
                    sb.Append('_');
                }

                pendingUnderscore = false;
                sb.Append(char.ToLowerInvariant(ch));
            }
            else
            {
                // "°" of "N°", parentheses and any other sign act as separators too.
                pendingUnderscore = true;
            }
        }

        return sb.ToString();
    }
}
