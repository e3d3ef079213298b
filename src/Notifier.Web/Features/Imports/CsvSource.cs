using System.Globalization;
using System.Text;

namespace Notifier.Web.Features.Imports;

// What the user may force when the detection guesses wrong (issue 4, "Input": detect, and let the user override).
public enum CsvEncoding
{
    Auto,
    Utf8,
    Windows1252,
    Latin1,
}

public sealed record CsvSniff(Encoding Encoding, string EncodingName, bool HadBom, char Delimiter, IReadOnlyList<string> Headers);

// Line is the physical 1-based line where the record starts, so the error report points at what the DPO sees in a
// text editor even when an earlier field spans several lines.
public sealed record CsvRow(int Line, IReadOnlyList<string?> Fields, bool ExtraCells);

// Reads lab exports as they really come (issue 4, "Input"). A hand-written RFC 4180 tokenizer rather than
// Sylvan.Data.Csv: Sylvan's RowNumber counts records, not physical lines, and the error report needs the line where
// a record starts even after fields with embedded newlines.
public static class CsvSource
{
    public const int SniffBytes = 64 * 1024;

    private static readonly char[] Candidates = [';', ',', '\t'];
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    // Strict: used only to decide whether the start of the file is UTF-8.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Strict for reading too: a file whose first 64 KiB are plain ASCII but which holds Windows-1252 accents further down
    // must not lose them to U+FFFD silently. The import stops with a message that names the line and the way out
    // (choose the encoding), instead of storing damaged names.
    private static readonly UTF8Encoding ReadUtf8 = StrictUtf8;
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false);

    // The static initialiser registers the code-pages provider exactly once; .NET Core ships only UTF-* and Latin-1.
    private static readonly Encoding Windows1252 = CreateWindows1252();

    public static CsvSniff Sniff(Stream stream, CsvEncoding encoding = CsvEncoding.Auto)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Sniffing needs a seekable stream (spool the upload to a file first).", nameof(stream));
        }

        stream.Position = 0;
        var buffer = new byte[SniffBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        var atEnd = length < buffer.Length;
        stream.Position = 0;

        var bytes = buffer.AsSpan(0, length);
        var hadBom = bytes.StartsWith(Utf8Bom);
        var body = hadBom ? bytes[Utf8Bom.Length..] : bytes;

        var (chosen, name) = encoding switch
        {
            CsvEncoding.Utf8 => ((Encoding)ReadUtf8, "utf-8"),
            CsvEncoding.Windows1252 => (Windows1252, "windows-1252"),
            CsvEncoding.Latin1 => (Encoding.Latin1, "iso-8859-1"),
            CsvEncoding.Auto => hadBom || IsUtf8(body, atEnd) ? (ReadUtf8, "utf-8") : (Windows1252, "windows-1252"),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, null),
        };

        // The window may end inside a multi-byte character: decode it leniently, only the header line is used here.
        var text = (ReferenceEquals(chosen, ReadUtf8) ? LenientUtf8 : chosen).GetString(body);
        var delimiter = Candidates[0];
        List<string> headers = [];
        foreach (var candidate in Candidates)
        {
            var fields = new List<string?>();
            var tokenizer = new CsvTokenizer(new StringReader(text), candidate);
            var found = tokenizer.ReadRecord(fields, out _) ? CleanHeaders(fields) : [];

            // Strictly more: on a tie the earlier candidate wins, ';' first because French Excel writes it.
            if (found.Count > headers.Count)
            {
                headers = found;
                delimiter = candidate;
            }
        }

        return new CsvSniff(chosen, name, hadBom, delimiter, headers.AsReadOnly());
    }

    public static IEnumerable<CsvRow> Rows(Stream stream, CsvSniff sniff)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sniff);
        return ReadRows(stream, sniff);
    }

    private static IEnumerable<CsvRow> ReadRows(Stream stream, CsvSniff sniff)
    {
        if (stream.CanSeek)
        {
            stream.Position = 0;
        }

        if (sniff.HadBom)
        {
            // Skipped as bytes, because under an overridden single-byte encoding the BOM would decode as "ï»¿".
            Span<byte> bom = stackalloc byte[3];
            stream.ReadExactly(bom);
        }

        using var reader = new StreamReader(stream, sniff.Encoding, detectEncodingFromByteOrderMarks: false, bufferSize: SniffBytes, leaveOpen: true);
        var tokenizer = new CsvTokenizer(reader, sniff.Delimiter);
        var width = sniff.Headers.Count;
        var fields = new List<string?>(Math.Max(width, 16));

        // The header record: already parsed by Sniff. Read through Read too: the reader decodes a whole buffer at once,
        // so an invalid byte anywhere in the first 64 KiB surfaces here, and must get the same French message.
        if (!Read(tokenizer, fields, out _))
        {
            yield break;
        }

        while (Read(tokenizer, fields, out var line))
        {
            if (IsBlank(fields))
            {
                // ";;;;" lines are what spreadsheets export for formatted but empty rows: as blank as an empty line.
                continue;
            }

            var row = new string?[width];
            var extra = false;
            for (var i = 0; i < fields.Count; i++)
            {
                if (i < width)
                {
                    row[i] = fields[i];
                }
                else if (fields[i] is not null)
                {
                    extra = true;
                }
            }

            yield return new CsvRow(line, row, extra);
        }
    }

    // The number of data records, for the progress bar: a byte scan (quote-aware, so newlines inside quoted fields do
    // not count), without decoding. Blank lines and lines of delimiters only are skipped as Rows skips them. The byte
    // values of '"', '\n' and the delimiters are the same in UTF-8, Windows-1252 and ISO-8859-1.
    public static int CountRecords(Stream stream, CsvSniff sniff)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sniff);
        stream.Position = 0;
        var buffer = new byte[SniffBytes];
        var delimiter = (byte)sniff.Delimiter;
        var inQuotes = false;
        var content = false;
        var records = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == (byte)'"')
                {
                    inQuotes = !inQuotes;
                    content = true;
                }
                else if (b == (byte)'\n' && !inQuotes)
                {
                    records += content ? 1 : 0;
                    content = false;
                }
                else if (!content && b != delimiter && b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                {
                    content = true;
                }
            }
        }

        records += content ? 1 : 0;
        stream.Position = 0;

        // The header line is no data record; a UTF-8 BOM counts as content of the header line only.
        return Math.Max(0, records - 1);
    }

    private static bool Read(CsvTokenizer tokenizer, List<string?> fields, out int line)
    {
        try
        {
            return tokenizer.ReadRecord(fields, out line);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException(
                $"Le fichier n'est pas entièrement en UTF-8 (caractère illisible après la ligne {tokenizer.CurrentLine}) : relancez l'import en choisissant l'encodage Windows-1252.", e);
        }
    }

    private static bool IsBlank(List<string?> fields)
    {
        foreach (var field in fields)
        {
            if (!string.IsNullOrWhiteSpace(field))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> CleanHeaders(List<string?> fields)
    {
        var headers = new List<string>(fields.Count);
        foreach (var field in fields)
        {
            headers.Add((field ?? "").Trim().TrimStart('\uFEFF').Trim());
        }

        while (headers.Count > 0 && headers[^1].Length == 0)
        {
            headers.RemoveAt(headers.Count - 1);
        }

        return headers;
    }

    // The window may end inside a multi-byte sequence; flush only at the real end of the file so that a cut
    // sequence is held back instead of counted as invalid.
    private static bool IsUtf8(ReadOnlySpan<byte> bytes, bool atEnd)
    {
        var decoder = StrictUtf8.GetDecoder();
        try
        {
            decoder.GetCharCount(bytes, flush: atEnd);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}

// Streaming RFC 4180 reader: one record at a time into a reused list, so memory stays flat whatever the file size.
// CR, LF and CRLF each end a line, inside quotes too, so line numbers match what an editor shows.
internal sealed class CsvTokenizer
{
    private const int BufferSize = 64 * 1024;

    // Far above any column's limit (ImportRow.TextMax is 4,000). Past it the file almost certainly has an unclosed
    // quote that would otherwise swallow the rest of the file into one field, and memory with it.
    private const int MaxFieldLength = 1 << 20;

    private readonly TextReader _reader;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[BufferSize];
    private char[] _scratch = new char[256];
    private int _scratchLength;
    private int _position;
    private int _length;
    private int _line = 1;
    private int _recordLine = 1;

    // The physical line the tokenizer has reached (for messages about the file itself).
    public int CurrentLine => _line;

    public CsvTokenizer(TextReader reader, char delimiter)
    {
        _reader = reader;
        _delimiter = delimiter;
    }

    private enum End
    {
        Delimiter,
        Record,
        File,
    }

    // Skips empty lines, then reads one record. startLine is the physical line of its first character.
    public bool ReadRecord(List<string?> fields, out int startLine)
    {
        fields.Clear();
        while (true)
        {
            if (!Fill())
            {
                startLine = _line;
                return false;
            }

            var c = _buffer[_position];
            if (c is not ('\r' or '\n'))
            {
                break;
            }

            _position++;
            SkipLfAfterCr(c);
            _line++;
        }

        startLine = _recordLine = _line;
        while (ReadField(fields) == End.Delimiter)
        {
        }

        return true;
    }

    private End ReadField(List<string?> fields)
    {
        _scratchLength = 0;
        if (!Fill())
        {
            fields.Add(null);
            return End.File;
        }

        if (_buffer[_position] == '"')
        {
            _position++;
            if (!ReadQuoted())
            {
                fields.Add(TakeScratch());
                return End.File;
            }
        }

        // Unquoted field, or what follows a closing quote (kept rather than lost: `"a"b` reads as ab).
        while (true)
        {
            if (!Fill())
            {
                fields.Add(TakeScratch());
                return End.File;
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var i = span.IndexOfAny(_delimiter, '\r', '\n');
            if (i < 0)
            {
                Append(span);
                _position = _length;
                continue;
            }

            // The common case, a field wholly inside the buffer: one string, no copy through the scratch.
            fields.Add(_scratchLength == 0 ? (i == 0 ? null : new string(span[..i])) : AppendAndTake(span[..i]));
            _position += i + 1;
            var c = span[i];
            if (c == _delimiter)
            {
                return End.Delimiter;
            }

            SkipLfAfterCr(c);
            _line++;
            return End.Record;
        }
    }

    // After the opening quote. Returns false when the file ends inside the quotes (the text read so far is kept).
    private bool ReadQuoted()
    {
        while (true)
        {
            if (!Fill())
            {
                return false;
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            var i = span.IndexOfAny('"', '\r', '\n');
            if (i < 0)
            {
                Append(span);
                _position = _length;
                continue;
            }

            Append(span[..i]);
            _position += i + 1;
            var c = span[i];
            if (c == '"')
            {
                if (!Fill())
                {
                    return false;
                }

                if (_buffer[_position] != '"')
                {
                    return true;
                }

                AppendChar('"');
                _position++;
                continue;
            }

            AppendChar(c);
            if (c == '\r' && Fill() && _buffer[_position] == '\n')
            {
                AppendChar('\n');
                _position++;
            }

            _line++;
        }
    }

    private void SkipLfAfterCr(char c)
    {
        if (c == '\r' && Fill() && _buffer[_position] == '\n')
        {
            _position++;
        }
    }

    private bool Fill()
    {
        if (_position < _length)
        {
            return true;
        }

        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    private void Append(ReadOnlySpan<char> chars)
    {
        if (_scratchLength + chars.Length > _scratch.Length)
        {
            ThrowIfTooLong(_scratchLength + chars.Length);
            Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + chars.Length));
        }

        chars.CopyTo(_scratch.AsSpan(_scratchLength));
        _scratchLength += chars.Length;
    }

    private void AppendChar(char c)
    {
        if (_scratchLength == _scratch.Length)
        {
            ThrowIfTooLong(_scratchLength + 1);
            Array.Resize(ref _scratch, _scratch.Length * 2);
        }

        _scratch[_scratchLength++] = c;
    }

    private void ThrowIfTooLong(int length)
    {
        if (length > MaxFieldLength)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"Un champ de l'enregistrement commençant à la ligne {_recordLine} dépasse {MaxFieldLength} caractères : probablement un guillemet jamais refermé."));
        }
    }

    private string? AppendAndTake(ReadOnlySpan<char> chars)
    {
        Append(chars);
        return TakeScratch();
    }

    // An empty field is null: ImportRow distinguishes missing from blank only through null.
    private string? TakeScratch() => _scratchLength == 0 ? null : new string(_scratch, 0, _scratchLength);
}
