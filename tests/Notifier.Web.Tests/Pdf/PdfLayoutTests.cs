using Notifier.Web.Infrastructure.Pdf;

namespace Notifier.Web.Tests.Pdf;

public sealed class PdfLayoutTests
{
    private static byte[] Save(PdfSharp.Pdf.PdfDocument doc)
    {
        using var ms = new MemoryStream();
        doc.Save(ms, closeStream: false);
        return ms.ToArray();
    }

    [Fact]
    public void French_accents_ligatures_and_the_euro_sign_survive_text_extraction()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        using (var layout = new PdfLayout(doc))
        {
            layout.BeginSection();
            layout.Heading("Élève à l'œuvre");
            layout.Paragraph("Le garçon a payé 12 € à la caisse ; père, mère et sœur étaient là. Ça coûte cher à Łódź, Śląsk et Ğebze.");
            layout.EndSection();
        }
        var pdf = Save(doc);

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = PdfText.Flat(pdf);
        Assert.Contains("Élève à l'œuvre", text);
        Assert.Contains("garçon a payé 12 € à la caisse", text);
        Assert.Contains("père, mère et sœur étaient là", text);
        Assert.Contains("Łódź, Śląsk et Ğebze", text);
    }

    [Fact]
    public void The_font_is_embedded_once_per_file_whatever_the_number_of_sections()
    {
        using var doc = PdfDocuments.Create("Lot");
        using (var layout = new PdfLayout(doc))
        {
            for (var i = 0; i < 50; i++)
            {
                layout.BeginSection();
                layout.Paragraph($"Lettre numéro {i} : un texte ordinaire pour remplir la page.");
                layout.EndSection();
            }
        }
        var pdf = PdfDocuments.ToBytes(doc);

        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        Assert.Equal(50, read.NumberOfPages);
        Assert.Equal("Lot", read.Information.Title);
        var fontFiles = System.Text.Encoding.Latin1.GetString(pdf).Split("/FontFile2").Length - 1;
        Assert.Equal(1, fontFiles);
        Assert.True(pdf.Length < 50 * 8_000, $"{pdf.Length} bytes for 50 one-page sections");
    }

    [Fact]
    public void Pages_of_a_section_are_numbered_n_of_N_and_each_section_restarts_at_one()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        using (var layout = new PdfLayout(doc))
        {
            layout.BeginSection(PageNumbering.WhenSeveralPages);
            layout.Heading("Une section de plusieurs pages", PdfTextStyle.Heading1);
            layout.KeyValue("Responsable du traitement", "Laboratoire d'analyses de biologie médicale « Exemple » : 12 rue des Lilas, 56000 Vannes");
            layout.TableRow(["Catégorie", "Nombre", "Remarque"], [0.4, 0.2, 0.4], header: true, borders: true);
            layout.TableRow(["Données d'identité", "491 840", "Nom, prénom, adresse postale, téléphone, adresse électronique, date de naissance"], [0.4, 0.2, 0.4], borders: true);
            for (var i = 0; i < 80; i++) layout.Paragraph($"Paragraphe {i} de la première section, assez long pour occuper une ligne entière de la page et même déborder sur une deuxième ligne.");
            layout.EndSection();
            layout.BeginSection(PageNumbering.WhenSeveralPages);
            layout.Paragraph("Une section courte sur une seule page.");
            layout.EndSection();
        }
        var pdf = Save(doc);
        File.WriteAllBytes(Path.Combine(Infrastructure.Prerequisites.ArtifactsFolder, "pdf-layout-sections.pdf"), pdf);
        var pages = PdfText.Pages(pdf);

        var firstSection = pages.Count - 1;
        Assert.True(firstSection >= 3, $"expected at least 3 pages, got {firstSection}");
        for (var i = 0; i < firstSection; i++) Assert.EndsWith($"Page {i + 1} / {firstSection}", pages[i]);
        Assert.DoesNotContain("Page", pages[^1]);
        Assert.Contains("Paragraphe 79 de la première section", PdfText.Flatten(pages[firstSection - 1]));
    }

    [Fact]
    public void Wrapped_text_never_crosses_the_right_margin_even_with_words_longer_than_a_line()
    {
        var random = new Random(42);
        var vocabulary = new[] { "de", "la", "données", "confidentialité", "laboratoire", "Anticonstitutionnellement", "€", "œuvre", "l'incident", "cybermalveillance.gouv.fr", new string('W', 140), "https://exemple.fr/" + new string('a', 90) };
        using var doc = new PdfSharp.Pdf.PdfDocument();
        using (var layout = new PdfLayout(doc))
        {
            layout.BeginSection(PageNumbering.Never);
            for (var p = 0; p < 30; p++)
            {
                var words = Enumerable.Range(0, random.Next(1, 120)).Select(_ => vocabulary[random.Next(vocabulary.Length)]);
                var text = string.Join(' ', words);
                foreach (var line in layout.Wrap(text, PdfTextStyle.Body, layout.ContentWidth))
                    Assert.True(layout.Width(line, PdfTextStyle.Body) <= layout.ContentWidth + 0.001, $"line too wide: {line}");
                layout.Paragraph(text, align: p % 2 == 0 ? TextAlign.Justify : TextAlign.Left);
                layout.TableRow([text[..Math.Min(text.Length, 300)], "valeur", new string('X', 200)], [0.5, 0.2, 0.3], borders: true);
            }
            layout.EndSection();
        }
        var pdf = Save(doc);

        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        foreach (var page in read.GetPages())
        {
            foreach (var letter in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)))
            {
                Assert.True(letter.BoundingBox.Right <= page.Width - PdfLayout.Mm(20) + 0.5, $"'{letter.Value}' ends at {letter.BoundingBox.Right} on page {page.Number}");
                Assert.True(letter.BoundingBox.Left >= PdfLayout.Mm(20) - 0.5, $"'{letter.Value}' starts at {letter.BoundingBox.Left}");
                Assert.True(letter.BoundingBox.Bottom >= PdfLayout.Mm(22) - 0.5, $"'{letter.Value}' below the bottom margin on page {page.Number}");
            }
        }
    }

    [Fact]
    public void Justified_lines_fill_the_measure_and_the_last_line_stays_ragged()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        using (var layout = new PdfLayout(doc))
        {
            layout.BeginSection(PageNumbering.Never);
            layout.Paragraph(string.Join(' ', Enumerable.Repeat("Le laboratoire vous informe d'un incident de sécurité.", 6)) + " Fin.");
            layout.EndSection();
        }
        using var read = UglyToad.PdfPig.PdfDocument.Open(Save(doc));
        var page = read.GetPage(1);
        var lines = page.GetWords().GroupBy(w => Math.Round(w.BoundingBox.Bottom, 1)).OrderByDescending(g => g.Key).ToList();
        Assert.True(lines.Count >= 3);
        var right = read.GetPage(1).Width - PdfLayout.Mm(20);
        foreach (var line in lines.Take(lines.Count - 1))
            Assert.InRange(line.Max(w => w.BoundingBox.Right), right - 1.5, right + 0.5);
        Assert.True(lines[^1].Max(w => w.BoundingBox.Right) < right - 100, "the last line is not stretched");
    }

    [Fact]
    public void A_paragraph_drawn_again_is_placed_from_one_form_with_the_same_words_at_the_same_places()
    {
        // Sections 2 and 3 repeat section 1's paragraphs: the second drawing creates the form, the third only places it.
        var repeated = string.Join(' ', Enumerable.Repeat("Le laboratoire vous informe d'un incident de sécurité qui concerne vos données.", 5)) + " Fin.";
        using var doc = PdfDocuments.Create("Lot");
        using (var layout = new PdfLayout(doc))
        {
            for (var section = 1; section <= 3; section++)
            {
                layout.BeginSection(PageNumbering.Never);
                layout.Heading("Ce qui s'est passé");
                layout.Paragraph(repeated);
                layout.Paragraph($"Courrier numéro {section}, propre à ce destinataire.");
                layout.EndSection();
            }
        }

        var pdf = Save(doc);
        var latin1 = System.Text.Encoding.Latin1.GetString(pdf);
        Assert.True(System.Text.RegularExpressions.Regex.Count(latin1, @"/Subtype\s*/Form") >= 2, "the heading and the paragraph became forms");
        using var read = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var pages = Enumerable.Range(1, 3).Select(n => read.GetPage(n).GetWords().ToList()).ToList();
        Assert.Equal(pages[0].Count, pages[1].Count);
        Assert.Equal(pages[0].Count, pages[2].Count);
        for (var n = 1; n < 3; n++)
        {
            for (var w = 0; w < pages[0].Count; w++)
            {
                var (first, other) = (pages[0][w], pages[n][w]);
                if (first.Text.StartsWith('1')) continue; // the section number differs
                Assert.Equal(first.Text, other.Text);
                Assert.InRange(other.BoundingBox.Left - first.BoundingBox.Left, -0.05, 0.05);
                Assert.InRange(other.BoundingBox.Bottom - first.BoundingBox.Bottom, -0.05, 0.05);
            }

            Assert.Contains($"numéro {n + 1},", string.Join(' ', pages[n].Select(w => w.Text)));
        }

        // Justified in the form as on the page: every line but the last ends on the right margin.
        var right = read.GetPage(3).Width - PdfLayout.Mm(20);
        var lines = pages[2].Where(w => w.Text != "numéro").GroupBy(w => Math.Round(w.BoundingBox.Bottom, 1)).OrderByDescending(g => g.Key).Skip(1).ToList();
        foreach (var line in lines.Take(lines.Count - 2))
            Assert.InRange(line.Max(w => w.BoundingBox.Right), right - 1.5, right + 0.5);
    }

    [Fact]
    public void A_repeated_paragraph_that_crosses_a_page_break_keeps_every_line_once_in_order()
    {
        var sentence = string.Join(' ', Enumerable.Range(1, 120).Select(i => $"mot{i}"));
        using var doc = PdfDocuments.Create("Lot");
        using (var layout = new PdfLayout(doc))
        {
            for (var section = 0; section < 3; section++)
            {
                layout.BeginSection(PageNumbering.Never);
                layout.MoveTo(layout.Bottom - 3 * layout.LineHeight(PdfTextStyle.Body));
                layout.Paragraph(sentence);
                layout.EndSection();
            }
        }

        var text = PdfText.Pages(Save(doc));
        Assert.Equal(6, text.Count);
        for (var section = 0; section < 3; section++)
        {
            var words = (text[2 * section] + " " + text[2 * section + 1]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(Enumerable.Range(1, 120).Select(i => $"mot{i}"), words);
            Assert.NotEmpty(text[2 * section].Trim());
            Assert.NotEmpty(text[2 * section + 1].Trim());
        }

        // Inline, then as a new form, then placed: the same split at the page break each time.
        Assert.Equal(text[0], text[2]);
        Assert.Equal(text[0], text[4]);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(12, "12")]
    [InlineData(12.5, "12.5")]
    [InlineData(12.05, "12.05")]
    [InlineData(-3.0004, "-3")]
    [InlineData(0.0016, "0.002")]
    [InlineData(841.8898, "841.89")]
    [InlineData(-0.25, "-0.25")]
    public void Numbers_in_a_content_stream_have_at_most_three_decimals_and_no_exponent(double value, string expected) =>
        Assert.Equal(expected, new System.Text.StringBuilder().AppendNumber(value).ToString());

    [Theory]
    [InlineData("Attention: vos données", "Attention\u00A0: vos données")]
    [InlineData("Pourquoi ? Parce que !", "Pourquoi\u00A0? Parce que\u00A0!")]
    [InlineData("un ; deux", "un\u00A0; deux")]
    [InlineData("« Bonjour »", "«\u00A0Bonjour\u00A0»")]
    [InlineData("«Bonjour»", "«\u00A0Bonjour\u00A0»")]
    [InlineData("Vraiment ?!", "Vraiment\u00A0?!")]
    [InlineData("https://www.cybermalveillance.gouv.fr/?a=1", "https://www.cybermalveillance.gouv.fr/?a=1")]
    [InlineData("à 10:30 précises", "à 10:30 précises")]
    [InlineData("Téléphone :", "Téléphone\u00A0:")]
    public void French_typography_puts_non_breaking_spaces_where_the_rules_say(string input, string expected) =>
        Assert.Equal(expected, FrenchTypography.Apply(input));

    [Fact]
    public void A_non_breaking_space_never_ends_a_line()
    {
        using var doc = new PdfSharp.Pdf.PdfDocument();
        using var layout = new PdfLayout(doc);
        layout.BeginSection();
        var text = FrenchTypography.Apply(string.Join(' ', Enumerable.Range(0, 60).Select(i => $"question{i} ?")));
        foreach (var line in layout.Wrap(text, PdfTextStyle.Body, layout.ContentWidth))
            Assert.False(line.StartsWith('?'), line);
    }
}
