using System.Globalization;
using System.Text;

namespace Notifier.Core.Import;

// Folding shared by header detection, the NF Z10-011 address block and the de-duplication keys.
internal static class TextFold
{
    // Characters below U+0250 (Latin-1, Latin Extended-A and -B: every letter of French and its neighbours) fold
    // through a table built once from the general rule below, so the import folds millions of values without the ICU
    // decomposition and without intermediate strings. Anything else (combining marks, other scripts, typographic
    // apostrophes) takes the general rule; TextFoldTests checks that both give the same result.
    private const int TableSize = 0x250;
    private const int MaxFoldLength = 2;   // ß → SS, Œ → OE, Ǆ → DZ
    private const int StackLimit = 512;
    private static readonly string[] Folds = BuildFolds();

    private static string[] BuildFolds()
    {
        var folds = new string[TableSize];
        for (var c = 0; c < TableSize; c++)
        {
            folds[c] = UpperAsciiGeneral(((char)c).ToString());
            if (folds[c].Length > MaxFoldLength)
            {
                throw new InvalidOperationException($"U+{c:X4} folds to more than {MaxFoldLength} characters.");
            }
        }

        return folds;
    }

    // Upper-case ASCII without accents (regulation.md §7.1: É→E, Ç→C, Œ→OE, Æ→AE).
    public static string UpperAscii(string value)
    {
        if (System.Text.Ascii.IsValid(value))
        {
            return value.ToUpperInvariant();
        }

        if (value.Length > StackLimit / MaxFoldLength)
        {
            return UpperAsciiGeneral(value);
        }

        Span<char> buffer = stackalloc char[value.Length * MaxFoldLength];
        var length = 0;
        foreach (var c in value)
        {
            if (c >= TableSize)
            {
                return UpperAsciiGeneral(value);
            }

            var fold = Folds[c];
            fold.CopyTo(buffer[length..]);
            length += fold.Length;
        }

        return new string(buffer[..length]);
    }

    // The general rule: ligatures do not decompose in Unicode, so they are mapped by hand; other marks are dropped
    // after canonical decomposition.
    internal static string UpperAsciiGeneral(string value)
    {
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
    // One pass over a stack buffer; values with characters beyond the table take the general rule.
    public static string PostalLine(string value)
    {
        if (value.Length > StackLimit / MaxFoldLength)
        {
            return PostalLineGeneral(value);
        }

        Span<char> buffer = stackalloc char[value.Length * MaxFoldLength];
        var length = 0;
        var space = false;
        foreach (var c in value)
        {
            if (c >= TableSize)
            {
                if (IsPostalSeparator(c))
                {
                    space = true;
                    continue;
                }

                return PostalLineGeneral(value);
            }

            foreach (var f in Folds[c])
            {
                if (f is >= 'A' and <= 'Z' or >= '0' and <= '9')
                {
                    if (space && length > 0)
                    {
                        buffer[length++] = ' ';
                    }

                    space = false;
                    buffer[length++] = f;
                }
                else if (IsPostalSeparator(f))
                {
                    space = true;
                }
            }
        }

        return length == value.Length && buffer[..length].SequenceEqual(value) ? value : new string(buffer[..length]);
    }

    internal static string PostalLineGeneral(string value)
    {
        var upper = UpperAsciiGeneral(value);
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
            else if (IsPostalSeparator(ch))
            {
                pendingSpace = true;
            }
        }

        return sb.ToString();
    }

    private static bool IsPostalSeparator(char ch) =>
        char.IsWhiteSpace(ch) || ch is '\'' or '’' or '‘' or '-' or '‐' or '–' or '—' or '_' or '/' or ',' or '.';

    // Upper-case letters and digits only, folded as above ("Le Gall", "LE-GALL" and "Legall" give LEGALL): the name
    // part of the de-duplication keys.
    public static string Alphanumeric(string value)
    {
        if (value.Length > StackLimit / MaxFoldLength)
        {
            return AlphanumericGeneral(value);
        }

        Span<char> buffer = stackalloc char[value.Length * MaxFoldLength];
        var length = 0;
        foreach (var c in value)
        {
            if (c >= TableSize)
            {
                return AlphanumericGeneral(value);
            }

            foreach (var f in Folds[c])
            {
                if (f is >= 'A' and <= 'Z' or >= '0' and <= '9')
                {
                    buffer[length++] = f;
                }
            }
        }

        return length == value.Length && buffer[..length].SequenceEqual(value) ? value : new string(buffer[..length]);
    }

    internal static string AlphanumericGeneral(string value)
    {
        var folded = UpperAsciiGeneral(value);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // Trims and collapses inner white space to one space, without changing letters (lines 2–3 and foreign lines).
    public static string CollapseSpaces(string value)
    {
        if (IsCollapsed(value))
        {
            return value;
        }

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

    // No white space at either end, and only single plain spaces inside: nothing to collapse (most values).
    private static bool IsCollapsed(string value)
    {
        if (value.Length == 0)
        {
            return true;
        }

        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        var previousSpace = false;
        foreach (var c in value)
        {
            var space = char.IsWhiteSpace(c);
            if (space && (c != ' ' || previousSpace))
            {
                return false;
            }

            previousSpace = space;
        }

        return true;
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
