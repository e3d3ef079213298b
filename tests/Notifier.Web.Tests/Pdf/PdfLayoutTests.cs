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
