using System.Text;

namespace Notifier.Web.Infrastructure.Pdf;

// French typography (Imprimerie nationale, Lexique des règles typographiques): a non-breaking space before « : ; ? ! »,
// after « and before ». The space is U+00A0 so that the layout never breaks a line there. URLs (https://), times
// (10:30) and query strings stay untouched because the sign must be followed by a space, the end or a closing sign.
public static class FrenchTypography
{
    public const char Nbsp = '\u00A0';

    private static readonly System.Buffers.SearchValues<char> Signs = System.Buffers.SearchValues.Create(":;?!«»");
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Long = new(StringComparer.Ordinal);

    // A batch applies this to the same template paragraphs letter after letter: long ones are kept (bounded).
    public static string Apply(string text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Signs)) return text;
        if (text.Length < 48) return Typeset(text);
        if (Long.TryGetValue(text, out var done)) return done;
        if (Long.Count > 5_000) Long.Clear();
        return Long[text] = Typeset(text);
    }

    private static string Typeset(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case ':' or ';' or '?' or '!' when EndsPhrase(text, i) && i > 0:
                    TrimTrailingSpaces(sb);
                    if (sb.Length > 0 && sb[^1] is not ('?' or '!' or '\n')) sb.Append(Nbsp);
                    sb.Append(c);
                    break;
                case '«':
                    sb.Append(c).Append(Nbsp);
                    while (i + 1 < text.Length && text[i + 1] is ' ' or Nbsp) i++;
                    break;
                case '»':
                    TrimTrailingSpaces(sb);
                    sb.Append(Nbsp).Append(c);
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    private static bool EndsPhrase(string text, int i) =>
        i + 1 >= text.Length || text[i + 1] is ' ' or Nbsp or '\n' or '\r' or '»' or ')' or '?' or '!' or '"';

    private static void TrimTrailingSpaces(StringBuilder sb)
    {
        while (sb.Length > 0 && sb[^1] is ' ' or Nbsp) sb.Length--;
    }
}
