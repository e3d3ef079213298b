using System.Net;
using Notifier.Core.Emails;
using Notifier.Core.Incidents;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;
using Notifier.Core.Tests.Builders;
using Notifier.Core.Tests.Letters;

namespace Notifier.Core.Tests.Emails;

public sealed class NotificationEmailComposerTests
{
    private static readonly DateOnly Today = Payloads.ReferenceDate;
    private const string Code = "ABCDEFGHJKMNPQR0";

    // Everything but the name that the person's record holds: none of it may reach the message.
    private static readonly string[] Forbidden =
    [
        "2 55 08 14 168 025 38", "2550814168025", "VIH", "Sérologie", "positive", "Lévothyrox", "Diabète", "AB-", "Gärtner", "Armorique",
        "31/12/2020", "2020-12-31", "28/02/1987", "1987-02-28", "12 rue des Lilas", "06 00 00 00 00", "zoe@example.test",
        // No health word and no category either: the paper letter names the categories, the email does not.
        "santé", "health", "groupe sanguin", "blood", "sécurité sociale", "NIR", "médecin", "doctor", "mutuelle", "insurer", "traitement",
        "treatment", "pathologie", "diagnos",
    ];

    private static NotificationEmailContent Compose(SubjectPayload p, DataCategories exposed, string language = "fr", bool letterFollows = true)
    {
        var result = NotificationEmailComposer.Compose(LetterComposerTests.Context(), new LetterRecipient(p, exposed, ReviewReason.None), Code, language,
            letterFollows, Today);
        Assert.True(result.Composed, $"refused: {result.Refusal}");
        return result.Content!;
    }

    private static string Everything(NotificationEmailContent c) => c.Subject + "\n" + c.TextBody + "\n" + WebUtility.HtmlDecode(c.HtmlBody);

    [Fact]
    public void No_combination_of_exposed_categories_puts_the_NIR_health_or_any_other_personal_data_in_the_email()
    {
        var patient = LetterComposerTests.Patient();
        var flags = Enum.GetValues<DataCategories>().Where(f => f != DataCategories.None).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var mask = 0; mask < 1 << flags.Length; mask++)
        {
            var exposed = DataCategories.None;
            for (var i = 0; i < flags.Length; i++)
            {
                if ((mask & (1 << i)) != 0)
                {
                    exposed |= flags[i];
                }
            }

            foreach (var language in new[] { "fr", "en" })
            {
                var all = Everything(Compose(patient, exposed, language, letterFollows: mask % 2 == 0));
                seen.Add(all);
                foreach (var word in Forbidden)
                {
                    Assert.DoesNotContain(word, all, StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        // The categories change nothing: 2 languages × 2 wordings (letter follows or not), whatever was exposed.
        Assert.Equal(4, seen.Count);
    }

    [Theory]
    [InlineData("fr", "Bonjour Zoé Lefèvre,", "Laboratoire d'analyses Océane", "ABCD-EFGH-JKMN-PQR0", "dpo@oceane.example")]
    [InlineData("en", "Dear Zoé Lefèvre,", "Laboratoire d'analyses Océane", "ABCD-EFGH-JKMN-PQR0", "dpo@oceane.example")]
    public void Names_the_person_the_lab_the_code_the_verification_link_and_the_DPO_in_text_and_html(string language, params string[] expected)
    {
        var email = Compose(LetterComposerTests.Patient(), DataCategories.Surname | DataCategories.Pathologies, language);
        foreach (var e in expected)
        {
            Assert.Contains(e, email.TextBody, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(e), email.HtmlBody, StringComparison.Ordinal);
        }

        Assert.Contains("https://notifier.example/verifier?code=ABCDEFGHJKMNPQR0", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://notifier.example/verifier?code=ABCDEFGHJKMNPQR0\"", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Laboratoire d'analyses Océane", email.Subject, StringComparison.Ordinal);
        Assert.Equal(language, email.Language);
    }

    [Fact]
    public void Says_whether_a_letter_follows()
    {
        Assert.Contains("courrier postal", Compose(LetterComposerTests.Patient(), DataCategories.Surname, "fr", letterFollows: true).TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("courrier postal", Compose(LetterComposerTests.Patient(), DataCategories.Surname, "fr", letterFollows: false).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_names_stay_inert_text_in_the_subject_and_the_html()
    {
        var p = LetterComposerTests.Patient() with { FirstName = "<script>alert(1)</script>", LastName = "Nom\r\nBcc: x@evil.test" };
        var email = Compose(p, DataCategories.Surname);
        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nBcc:", email.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', email.Subject);
    }

    [Fact]
    public void Minors_persons_in_review_and_persons_without_address_get_no_email()
    {
        var context = LetterComposerTests.Context();
        var minor = LetterComposerTests.Patient(new DateOnly(2015, 1, 1));
        Assert.Equal(EmailRefusal.Minor,
            NotificationEmailComposer.Compose(context, new LetterRecipient(minor, DataCategories.Surname, ReviewReason.None), Code, "fr", true, Today).Refusal);
        Assert.Equal(EmailRefusal.ManualReview, NotificationEmailComposer.Compose(context,
            new LetterRecipient(LetterComposerTests.Patient(), DataCategories.Surname, ReviewReason.ProtectedAdult), Code, "fr", true, Today).Refusal);
        Assert.Equal(EmailRefusal.NoAddress, NotificationEmailComposer.Compose(context,
            new LetterRecipient(LetterComposerTests.Patient() with { Email = null }, DataCategories.Surname, ReviewReason.None), Code, "fr", true, Today).Refusal);
    }
}
