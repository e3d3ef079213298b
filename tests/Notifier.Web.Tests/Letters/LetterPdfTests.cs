using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure.Pdf;
using Notifier.Web.Tests.Infrastructure;
using Notifier.Web.Tests.Pdf;
using UglyToad.PdfPig;

namespace Notifier.Web.Tests.Letters;

public sealed class LetterPdfTests
{
    public static readonly DateOnly Today = new(2026, 3, 15);

    public static LetterContext Context() => new(
        "Laboratoire d'analyses médicales Océane",
        new PostalAddress { Line1 = "4 place de la Mairie", PostalCode = "56000", City = "Vannes" },
        new ContactPoint { Name = "Anne Delorme", Role = "Déléguée à la protection des données", Email = "dpo@oceane.example", Phone = "02 97 00 00 00" },
        "MEGA-2021-L07",
        "https://notifier.example/verifier");

    public static SubjectPayload Patient() => new()
    {
        Civility = "Mme", LastName = "Lefèvre", FirstName = "Zoé", BirthDate = new DateOnly(1987, 2, 28),
        Nir = "255081416802538", AddressLine1 = "12 rue des Lilas", AddressLine2 = "Bâtiment B", PostalCode = "56000", City = "Vannes",
        Email = "zoe@example.test", BloodGroup = "AB-", TreatingDoctor = "Dr Éloïse Gärtner", HealthInsurer = "Mutuelle Armorique",
        Comment = "Sérologie VIH positive", Treatments = "Lévothyrox", Pathologies = "Diabète",
    };

    public static Letter Letter(string code, DataCategories? categories = null, LetterTemplate? template = null, SubjectPayload? person = null)
    {
        var exposed = categories ?? (DataCategories.Surname | DataCategories.FirstName | DataCategories.BirthDate | DataCategories.PostalAddress
            | DataCategories.Email | DataCategories.SocialSecurityNumber | DataCategories.BloodGroup | DataCategories.HealthComments
            | DataCategories.TreatingDoctor | DataCategories.HealthInsurer);
        var result = LetterComposer.Compose(Context(), new LetterRecipient(person ?? Patient(), exposed, ReviewReason.None), template ?? DefaultLetterTemplates.French, code, Today);
        return result.Letter ?? throw new InvalidOperationException(result.Refusal.ToString());
    }

    [Fact]
    public void A_letter_PDF_carries_the_wording_the_code_and_no_secret()
    {
        var code = LetterCodes.New();
        var pdf = PdfLetterRenderer.Render(Letter(code));
        File.WriteAllBytes(Path.Combine(Prerequisites.ArtifactsFolder, "letter-fr.pdf"), pdf);

        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = PdfText.Flat(pdf);
        Assert.Contains("Madame Zoé LEFÈVRE", text);
        Assert.Contains("12 RUE DES LILAS", text);
        Assert.Contains("56000 VANNES", text);
        Assert.Contains("Ce qui s'est passé", text);
        Assert.Contains("Les conséquences possibles", text);
        Assert.Contains("Les mesures que nous avons prises", text);
        Assert.Contains("Numéro de sécurité sociale", text);
        Assert.Contains("cybermalveillance.gouv.fr", text);
        Assert.Contains("dpo@oceane.example", text);
        Assert.Contains(LetterCodes.Display(code), text);
        Assert.Contains("Vannes, le 15 mars 2026", text);
        // French typography: a non-breaking space before the colon, kept in the text layer.
        using (var read = PdfDocument.Open(pdf))
        {
            Assert.Contains("importante\u00A0:", string.Concat(read.GetPage(1).Letters.Select(l => l.Value)));
        }

        foreach (var secret in new[] { "255081416802538", "2550814168025", "VIH", "Lévothyrox", "Diabète", "AB-", "Gärtner", "Armorique" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_address_block_sits_in_the_window_of_a_DL_or_C5_envelope()
    {
        var pdf = PdfLetterRenderer.Render(Letter(LetterCodes.New()));
        using var doc = PdfDocument.Open(pdf);
        var page = doc.GetPage(1);
        var mm = 72 / 25.4;
        var words = page.GetWords().ToList();
        foreach (var line in new[] { "LEFÈVRE", "LILAS", "VANNES" })
        {
            var w = words.First(x => x.Text == line && x.BoundingBox.Left < 125 * mm);
            var fromTop = (page.Height - w.BoundingBox.Top) / mm;
            var fromLeft = w.BoundingBox.Left / mm;
            Assert.InRange(fromTop, PdfLetterRenderer.WindowTopMm + 2, PdfLetterRenderer.WindowTopMm + PdfLetterRenderer.WindowHeightMm - 2);
            Assert.InRange(fromLeft, PdfLetterRenderer.WindowLeftMm + 2, PdfLetterRenderer.WindowLeftMm + PdfLetterRenderer.WindowWidthMm - 2);
        }
    }

    [PdftoppmFact]
    public void The_QR_code_decodes_to_the_letter_code_and_nothing_else()
    {
        var code = LetterCodes.New();
        var pdf = PdfLetterRenderer.Render(Letter(code));
        Assert.Equal(code, QrImage.Decode(pdf));
    }

    [Fact]
    public void A_long_letter_runs_to_a_second_page_numbered_one_of_two_and_an_English_one_is_in_English()
    {
        var all = Enum.GetValues<DataCategories>().Aggregate(DataCategories.None, (a, b) => a | b);
        var fr = PdfText.Pages(PdfLetterRenderer.Render(Letter(LetterCodes.New(), all)));
        if (fr.Count > 1)
        {
            Assert.Contains("Page 1 / 2", PdfText.Flatten(fr[0]));
            Assert.Contains("Page 2 / 2", PdfText.Flatten(fr[1]));
        }

        var enPdf = PdfLetterRenderer.Render(Letter(LetterCodes.New(), all, DefaultLetterTemplates.English));
        File.WriteAllBytes(Path.Combine(Prerequisites.ArtifactsFolder, "letter-en.pdf"), enPdf);
        var en = PdfText.Flat(enPdf);
        Assert.Contains("What happened", en);
        Assert.Contains("Ms Zoé LEFÈVRE", en);
        Assert.Contains("Vannes, 15 March 2026", en);
        // English punctuation: no space before a colon (French spacing is for French letters only).
        using var read = PdfDocument.Open(enPdf);
        var letters = string.Concat(read.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("information:", letters);
        Assert.DoesNotContain("\u00A0:", letters);
    }

    [Fact]
    public void A_batch_file_holds_every_letter_in_order_with_the_fonts_embedded_once()
    {
        var codes = Enumerable.Range(0, 40).Select(_ => LetterCodes.New()).ToList();
        byte[] pdf;
        var pages = new List<int>();
        using (var batch = new LetterBatchDocument("Lot 1"))
        {
            foreach (var c in codes)
            {
                pages.Add(batch.Add(Letter(c)));
            }

            pdf = batch.ToBytes();
        }

        var text = PdfText.Pages(pdf);
        Assert.Equal(pages.Sum(), text.Count);
        var page = 0;
        for (var i = 0; i < codes.Count; i++)
        {
            Assert.Contains(LetterCodes.Display(codes[i]), text[page]);
            page += pages[i];
        }

        var latin1 = System.Text.Encoding.Latin1.GetString(pdf);
        var fontFiles = latin1.Split("/FontFile2").Length - 1;
        Assert.InRange(fontFiles, 1, 4); // regular, bold, italic at most — never one per letter
        Assert.True(pdf.Length < 40 * 20_000, $"{pdf.Length} bytes for 40 letters");
    }
}
