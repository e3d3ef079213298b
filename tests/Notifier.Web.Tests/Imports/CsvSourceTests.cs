using System.Text;
using Notifier.Core.Import;
using Notifier.Core.Synthetic;
using Notifier.Web.Features.Imports;

namespace Notifier.Web.Tests.Imports;

// The input variants of issue 4 ("Input"), each as a small file built in memory with exact bytes.
public sealed class CsvSourceTests
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    static CsvSourceTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Utf8_with_a_bom_is_detected_and_the_bom_is_not_part_of_the_first_header()
    {
        using var stream = Bytes([0xEF, 0xBB, 0xBF], Utf8NoBom.GetBytes("nom;prénom\r\nDupont;Zoé\r\n"));

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.True(sniff.HadBom);
        Assert.Equal(["nom", "prénom"], sniff.Headers);
        Assert.Equal(["Dupont", "Zoé"], Assert.Single(rows).Fields);
    }

    [Fact]
    public void Utf8_without_a_bom_is_detected_from_its_accents()
    {
        using var stream = Text(Utf8NoBom, "nom;commentaire\nCœur;« élève à ç è »\n");

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.False(sniff.HadBom);
        Assert.Equal(["Cœur", "« élève à ç è »"], row.Fields);
    }

    [Fact]
    public void A_multi_byte_character_cut_by_the_sniff_window_still_counts_as_utf8()
    {
        // 'é' is two bytes; the padding puts its first byte at the last position of the 64 KiB window.
        var header = "nom;commentaire\n";
        var padding = new string('a', CsvSource.SniffBytes - header.Length - 1 - "x;".Length);
        using var stream = Text(Utf8NoBom, header + "x;" + padding + "é\n");

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal("utf-8", sniff.EncodingName);
        Assert.EndsWith("aé", row.Fields[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1252_with_accents_is_detected_and_decoded()
    {
        var ansi = Encoding.GetEncoding(1252);
        using var stream = Text(ansi, "nom;prénom;ville\r\nLefèvre;Françoise;Besançon\r\nŒuvray;Zoé;Angoulême\r\n");

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal("windows-1252", sniff.EncodingName);
        Assert.Equal(["nom", "prénom", "ville"], sniff.Headers);
        Assert.Equal(["Lefèvre", "Françoise", "Besançon"], rows[0].Fields);
        Assert.Equal(["Œuvray", "Zoé", "Angoulême"], rows[1].Fields);
    }

    [Fact]
    public void The_encoding_chosen_by_the_user_wins_over_detection()
    {
        // 0x9C is "œ" in Windows-1252 but a C1 control in ISO-8859-1: the override must really change the decoding.
        using var stream = Bytes(Encoding.Latin1.GetBytes("nom;prénom\r\nC"), [0x9C], Encoding.Latin1.GetBytes("ur;Zoé\r\n"));

        var sniff = CsvSource.Sniff(stream, CsvEncoding.Latin1);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal("iso-8859-1", sniff.EncodingName);
        Assert.Equal(["C\u009Cur", "Zoé"], row.Fields);
    }

    [Theory]
    [InlineData(';')]
    [InlineData(',')]
    [InlineData('\t')]
    public void The_delimiter_is_the_one_that_splits_the_header_into_the_most_columns(char delimiter)
    {
        var d = delimiter.ToString();
        // The other candidates appear inside a quoted header and inside data, and must not win.
        var text = string.Join(d, "nom", "\"prénom; ou, autre\"", "ville") + "\n" + string.Join(d, "Dupont", "Jean", "Brest") + "\n";
        using var stream = Text(Utf8NoBom, text);

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal(delimiter, sniff.Delimiter);
        Assert.Equal(["nom", "prénom; ou, autre", "ville"], sniff.Headers);
        Assert.Equal(["Dupont", "Jean", "Brest"], row.Fields);
    }

    [Fact]
    public void A_quoted_field_keeps_delimiters_doubled_quotes_and_newlines_and_the_next_line_number_counts_them()
    {
        var text = "nom;commentaire;ville\r\n"
            + "Dupont;\"dit \"\"Jo\"\"; voir\r\nrecto\nverso\";Brest\r\n"
            + "Martin;;Quimper\r\n";
        using var stream = Text(Utf8NoBom, text);

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal(["Dupont", "dit \"Jo\"; voir\r\nrecto\nverso", "Brest"], rows[0].Fields);
        Assert.Equal(5, rows[1].Line);
        Assert.Equal(["Martin", null, "Quimper"], rows[1].Fields);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public void Lf_crlf_and_cr_files_give_the_same_rows_and_lines(string newline)
    {
        var text = string.Join(newline, "nom;prenom", "Dupont;Jean", "Martin;Anne") + newline;
        using var stream = Text(Utf8NoBom, text);

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal([2, 3], rows.Select(r => r.Line));
        Assert.Equal(["Dupont", "Jean"], rows[0].Fields);
        Assert.Equal(["Martin", "Anne"], rows[1].Fields);
    }

    [Fact]
    public void A_last_row_without_a_newline_is_read()
    {
        using var stream = Text(Utf8NoBom, "nom;prenom\r\nDupont;Jean");

        var sniff = CsvSource.Sniff(stream);

        Assert.Equal(["Dupont", "Jean"], Assert.Single(CsvSource.Rows(stream, sniff)).Fields);
    }

    [Fact]
    public void Blank_lines_are_skipped_and_line_numbers_stay_physical()
    {
        var text = "\r\nnom;prenom\r\n\r\nDupont;Jean\r\n\r\n\r\n;\r\nMartin;Anne\r\n\r\n";
        using var stream = Text(Utf8NoBom, text);

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal(["nom", "prenom"], sniff.Headers);
        Assert.Equal([4, 8], rows.Select(r => r.Line));
        Assert.Equal(["Martin", "Anne"], rows[1].Fields);
    }

    [Fact]
    public void Trailing_empty_header_columns_are_ignored_and_headers_are_trimmed()
    {
        using var stream = Text(Utf8NoBom, " nom ;prenom;;;\r\nDupont;Jean;;;\r\n");

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal(["nom", "prenom"], sniff.Headers);
        Assert.Equal(["Dupont", "Jean"], row.Fields);
        Assert.False(row.ExtraCells);
    }

    [Fact]
    public void A_short_row_is_padded_with_nulls()
    {
        using var stream = Text(Utf8NoBom, "nom;prenom;ville\nDupont\n");

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal(["Dupont", null, null], row.Fields);
        Assert.False(row.ExtraCells);
    }

    [Fact]
    public void A_non_empty_cell_beyond_the_headers_is_reported_and_dropped()
    {
        using var stream = Text(Utf8NoBom, "nom;prenom\nDupont;Jean;;en trop\nMartin;Anne;;\n");

        var sniff = CsvSource.Sniff(stream);
        var rows = CsvSource.Rows(stream, sniff).ToList();

        Assert.Equal(["Dupont", "Jean"], rows[0].Fields);
        Assert.True(rows[0].ExtraCells);
        Assert.False(rows[1].ExtraCells);
    }

    [Fact]
    public void Empty_fields_quoted_or_not_are_null()
    {
        using var stream = Text(Utf8NoBom, "a;b;c;d\n;\"\";x;\n");

        var sniff = CsvSource.Sniff(stream);
        var row = Assert.Single(CsvSource.Rows(stream, sniff));

        Assert.Equal([null, null, "x", null], row.Fields);
    }

    [Fact]
    public void An_unclosed_quote_fails_instead_of_swallowing_the_file()
    {
        var text = "nom;commentaire\nDupont;\"jamais fermé\n" + string.Concat(Enumerable.Repeat("Martin;texte\n", 100_000));
        using var stream = Text(Utf8NoBom, text);

        var sniff = CsvSource.Sniff(stream);

        var error = Assert.Throws<InvalidDataException>(() => CsvSource.Rows(stream, sniff).ToList());
        Assert.Contains("ligne 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_1252_accents_after_an_ascii_start_stop_the_import_with_a_message_instead_of_being_lost()
    {
        // 70 KiB of plain ASCII rows, so the sniffed window says UTF-8; then a Windows-1252 "é" (0xE9).
        var ascii = new StringBuilder("nom;prenom\r\n");
        while (ascii.Length < 70 * 1024)
        {
            ascii.Append("Martin;Paul\r\n");
        }

        var lines = ascii.ToString().Split("\r\n").Length;
        using var stream = Bytes(Encoding.ASCII.GetBytes(ascii.ToString()), Encoding.Latin1.GetBytes("Lef"), [0xE9], Encoding.ASCII.GetBytes("vre;Zoe\r\n"));
        var sniff = CsvSource.Sniff(stream);
        Assert.Equal("utf-8", sniff.EncodingName);
        var error = Assert.Throws<InvalidDataException>(() => CsvSource.Rows(stream, sniff).Count());
        Assert.Contains("Windows-1252", error.Message, StringComparison.Ordinal);
        // The decoder reads ahead, so the line named is a lower bound of where the bad byte is.
        var named = int.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, @"après la ligne (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(named, 1, lines);
    }

    [Fact]
    public void The_synthetic_generator_file_reads_back_with_a_valid_mapping_and_no_rejected_row()
    {
        var path = Path.Combine(Path.GetTempPath(), $"csvsource-{Guid.NewGuid():N}.csv");
        try
        {
            var patients = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 2_000 }).ToList();
            PatientCsv.WriteFile(path, patients);
            using var stream = new MemoryStream(File.ReadAllBytes(path));

            var sniff = CsvSource.Sniff(stream);
            var mapping = HeaderMapping.Detect(sniff.Headers);
            var rows = CsvSource.Rows(stream, sniff).ToList();

            Assert.True(sniff.HadBom);
            Assert.Equal(';', sniff.Delimiter);
            Assert.Equal(PatientCsv.Columns, sniff.Headers);
            Assert.True(mapping.IsValid, string.Join(" | ", mapping.Errors));
            Assert.Equal(2_000, rows.Count);
            Assert.Equal(patients.Select(p => p.LabPatientId), rows.Select(r => r.Fields[0]));
            Assert.Equal(patients.Select(p => p.Comment), rows.Select(r => r.Fields[19]));

            // Line numbers only ever grow, by at least one, and account for every newline embedded in a field.
            var expectedLine = 2;
            foreach (var row in rows)
            {
                Assert.Equal(expectedLine, row.Line);
                expectedLine += 1 + row.Fields.Sum(f => f is null ? 0 : NewlineCount(f));
            }

            var rejected = rows
                .Select(r => ImportRow.Validate(r.Line, r.Fields, mapping, SyntheticPatientOptions.DefaultReferenceDate))
                .Where(r => r.Rejected)
                .ToList();
            Assert.True(rejected.Count == 0, string.Join(" | ", rejected.SelectMany(r => r.Issues).Take(5).Select(i => $"{i.Line} {i.Column} {i.Message}")));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int NewlineCount(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Count(c => c is '\r' or '\n');

    private static MemoryStream Text(Encoding encoding, string text) => new(encoding.GetBytes(text));

    private static MemoryStream Bytes(params byte[][] parts) => new([.. parts.SelectMany(p => p)]);
}
