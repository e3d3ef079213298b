using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;
using Notifier.Core.Tests.Builders;

namespace Notifier.Core.Tests.Letters;

public sealed class LetterComposerTests
{
    private static readonly DateOnly Today = Payloads.ReferenceDate;
    private const string Code = "ABCDEFGHJKMNPQR0";

    public static LetterContext Context() => new(
        "Laboratoire d'analyses Océane",
        new PostalAddress { Line1 = "4 place de la Mairie", PostalCode = "56000", City = "Vannes" },
        new ContactPoint { Name = "Anne Delorme", Role = "Déléguée à la protection des données", Email = "dpo@oceane.example", Phone = "02 97 00 00 00" },
        "MEGA-2021-L07",
        "https://notifier.example/verifier");

    // Every health detail and the NIR filled in, so that any leak would show.
    public static SubjectPayload Patient(DateOnly? birth = null) => new()
    {
        Civility = "Mme",
        LastName = "Lefèvre",
        FirstName = "Zoé",
        Sex = "F",
        BirthDate = birth ?? new DateOnly(1987, 2, 28),
        Nir = "2 55 08 14 168 025 38",
        AddressLine1 = "12 rue des Lilas",
        PostalCode = "56000",
        City = "Vannes",
        Phone = "06 00 00 00 00",
        Email = "zoe@example.test",
        BloodGroup = "AB-",
        TreatingDoctor = "Dr Éloïse Gärtner",
        HealthInsurer = "Mutuelle Armorique Santé",
        Comment = "Sérologie VIH positive",
        Treatments = "Lévothyrox 50 µg",
        Pathologies = "Diabète de type 1",
        SampleDate = new DateOnly(2020, 12, 31),
    };

    private static Letter Compose(SubjectPayload p, DataCategories exposed, LetterTemplate? template = null)
    {
        var result = LetterComposer.Compose(Context(), new LetterRecipient(p, exposed, ReviewReason.None), template ?? DefaultLetterTemplates.French, Code, Today);
        Assert.True(result.Composed, $"refused: {result.Refusal} {result.Detail}");
        return result.Letter!;
    }

    private static readonly string[] Forbidden =
    [
        "255081416802538", "2 55 08 14 168 025 38", "2550814168025", "VIH", "Sérologie", "positive", "Lévothyrox", "Diabète",
        "AB-", "Gärtner", "Armorique", "31/12/2020", "31 décembre 2020",
    ];

    [Fact]
    public void No_combination_of_exposed_categories_ever_prints_the_NIR_or_a_health_detail()
    {
        var all = Enum.GetValues<DataCategories>().Aggregate(DataCategories.None, (a, b) => a | b);
        var adult = Patient();
        var minor = Patient(new DateOnly(2012, 5, 5)) with { Comment = "Contrôle annuel", Pathologies = "Asthme", Treatments = "Ventoline" };
        var forbidden = Forbidden.Concat(["Asthme", "Ventoline", "Contrôle annuel"]).Select(f => f.ToLowerInvariant()).ToArray();
        var count = 0;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, (int)all + 1, c =>
        {
            var categories = (DataCategories)c;
            foreach (var (person, language) in new[] { (adult, "fr"), (minor, "en") })
            {
                var letter = Compose(person, categories, DefaultLetterTemplates.For(language));
                var text = letter.AllText();
                var lower = text.ToLowerInvariant();
                var digits = new string(text.Where(char.IsDigit).ToArray());
                if (digits.Contains("2550814168025", StringComparison.Ordinal))
                {
                    failures.Add($"{categories}/{language}: NIR");
                }

                foreach (var f in forbidden.Where(f => lower.Contains(f, StringComparison.Ordinal)))
                {
                    failures.Add($"{categories}/{language}: {f}");
                }

                if (!(letter.Has(LetterBlock.Nature) && letter.Has(LetterBlock.Consequences) && letter.Has(LetterBlock.Measures)
                    && letter.Has(LetterBlock.Contact) && letter.Has(LetterBlock.Advice)))
                {
                    failures.Add($"{categories}/{language}: mandatory block missing");
                }

                Interlocked.Increment(ref count);
            }
        });

        Assert.Empty(failures);
        Assert.Equal(2 << 16, count);
    }

    [Fact]
    public void Identity_and_contact_categories_bring_the_phishing_advice()
    {
        var letter = Compose(Patient(), DataCategories.Surname | DataCategories.PostalAddress);
        var advice = string.Join(' ', letter.Section(LetterBlock.Advice).Bullets);
        Assert.Contains("Soyez vigilant face aux messages", advice);
        Assert.DoesNotContain("numéro de sécurité sociale figurait", advice);
        Assert.Contains("cybermalveillance.gouv.fr", advice);
    }

    [Fact]
    public void The_NIR_category_brings_the_identity_theft_advice_and_is_named_as_a_category_only()
    {
        var letter = Compose(Patient(), DataCategories.Surname | DataCategories.SocialSecurityNumber);
        Assert.Contains("Votre numéro de sécurité sociale figurait dans le fichier", string.Join(' ', letter.Section(LetterBlock.Advice).Bullets));
        Assert.Contains("Numéro de sécurité sociale", letter.Section(LetterBlock.ExposedData).Bullets);
    }

    [Fact]
    public void Health_data_are_named_as_categories_with_the_discretion_paragraph()
    {
        var letter = Compose(Patient(), DataCategories.Surname | DataCategories.Pathologies | DataCategories.BloodGroup | DataCategories.TreatingDoctor | DataCategories.HealthInsurer);
        var bullets = letter.Section(LetterBlock.ExposedData).Bullets;
        Assert.Contains("Informations sur des pathologies", bullets);
        Assert.Contains("Groupe sanguin", bullets);
        Assert.Contains("Nom du médecin prescripteur ou traitant", bullets);
        Assert.Contains(letter.Sections, s => s.Paragraphs.Any(p => p.Contains("ce courrier n'en indique que la nature, jamais le contenu", StringComparison.Ordinal)));
        var advice = string.Join(' ', letter.Section(LetterBlock.Advice).Bullets);
        Assert.Contains("Le nom de votre médecin figurait", advice);
        Assert.Contains("organisme complémentaire figurait", advice);
    }

    [Fact]
    public void Without_health_categories_the_health_paragraph_is_absent()
    {
        var letter = Compose(Patient(), DataCategories.Surname | DataCategories.Email);
        Assert.DoesNotContain(letter.Sections, s => s.Paragraphs.Any(p => p.Contains("informations relatives à la santé", StringComparison.Ordinal)));
    }

    [Fact]
    public void Credentials_bring_the_password_advice()
    {
        var letter = Compose(Patient(), DataCategories.Credentials);
        Assert.Contains("changez votre mot de passe", string.Join(' ', letter.Section(LetterBlock.Advice).Bullets));
    }

    [Fact]
    public void An_adult_gets_a_letter_addressed_to_them_with_the_window_block_of_NF_Z10_011()
    {
        var letter = Compose(Patient(), DataCategories.Surname);
        Assert.Equal(["Madame Zoé LEFÈVRE", "12 RUE DES LILAS", "56000 VANNES"], letter.AddressBlock);
        Assert.False(letter.ToLegalRepresentatives);
        Assert.Equal("Vannes, le 15 mars 2026", letter.DateLine);
        Assert.Equal(Code, letter.Code);
        Assert.Contains("ABCD-EFGH-JKMN-PQR0", letter.Section(LetterBlock.Verification).Paragraphs[0]);
        Assert.Contains("https://notifier.example/verifier", letter.Section(LetterBlock.Verification).Paragraphs[0]);
    }

    [Fact]
    public void A_minor_is_written_to_the_legal_representatives_with_the_childs_name_in_the_body()
    {
        var child = Patient(new DateOnly(2010, 1, 1)) with { Comment = null, Pathologies = null, Treatments = null, FirstName = "Léa", LastName = "Martin" };
        var letter = Compose(child, DataCategories.Surname | DataCategories.BirthDate);
        Assert.True(letter.ToLegalRepresentatives);
        Assert.Equal("Aux représentants légaux de Léa MARTIN", letter.AddressBlock[0]);
        Assert.Contains("représentant légal de Léa MARTIN", letter.Section(LetterBlock.Introduction).Paragraphs[0]);
    }

    [Fact]
    public void Age_is_taken_at_the_date_of_the_letter_so_a_patient_of_2020_who_is_now_adult_gets_their_own_letter()
    {
        var grownUp = Patient(new DateOnly(2008, 3, 15)) with { Comment = null };
        var letter = Compose(grownUp, DataCategories.Surname);
        Assert.False(letter.ToLegalRepresentatives);
        Assert.StartsWith("Madame", letter.AddressBlock[0]);
    }

    [Theory]
    [InlineData(ReviewReason.MinorConfidentialCare)]
    [InlineData(ReviewReason.MinorSensitiveRecord)]
    [InlineData(ReviewReason.ProtectedAdult)]
    [InlineData(ReviewReason.Deceased)]
    [InlineData(ReviewReason.AddressUnusable)]
    public void A_person_in_the_manual_review_queue_gets_no_automatic_letter(ReviewReason reason)
    {
        var result = LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, reason), DefaultLetterTemplates.French, Code, Today);
        Assert.False(result.Composed);
        Assert.Equal(LetterRefusal.ManualReview, result.Refusal);
    }

    [Fact]
    public void A_minor_whose_record_concerns_confidential_care_is_refused_even_if_the_import_did_not_flag_it()
    {
        var teen = Patient(new DateOnly(2010, 1, 1)) with { Comment = "Test de grossesse" };
        var result = LetterComposer.Compose(Context(), new LetterRecipient(teen, DataCategories.HealthComments, ReviewReason.None), DefaultLetterTemplates.French, Code, Today);
        Assert.Equal(LetterRefusal.ManualReview, result.Refusal);
        var opposed = Patient(new DateOnly(2010, 1, 1)) with { Comment = null, ParentalOpposition = true };
        Assert.Equal(LetterRefusal.ManualReview, LetterComposer.Compose(Context(), new LetterRecipient(opposed, DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today).Refusal);
    }

    [Theory]
    [InlineData("Wolfeschlegelsteinhausenbergerdorffvoralternwaren", "Hubert Blaine")]
    [InlineData("De La Fontaine-Saint-Exupéry-Montmorency", "Marie-Charlotte-Antoinette")]
    [InlineData("X", "Jean-Baptiste-Emmanuel-Alexandre-Maximilien-Honoré")]
    public void Hostile_long_names_and_addresses_never_give_a_line_over_38_characters(string last, string first)
    {
        var p = Patient() with
        {
            LastName = last, FirstName = first,
            AddressLine1 = "Appartement 1234, escalier C, porte gauche au fond du couloir",
            AddressLine2 = "12 bis avenue du Maréchal de Lattre de Tassigny",
            PostalCode = "56000", City = "Vannes",
        };
        var result = LetterComposer.Compose(Context(), new LetterRecipient(p, DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today);
        if (result.Composed)
        {
            Assert.All(result.Letter!.AddressBlock, l => Assert.True(l.Length <= 38, l));
            Assert.True(result.Letter!.AddressBlock.Count <= 6);
        }
        else
        {
            Assert.Contains(result.Refusal, new[] { LetterRefusal.AddressUnusable, LetterRefusal.IdentityTooLong });
        }
    }

    [Fact]
    public void A_long_name_is_shortened_by_the_norms_forms_never_cut()
    {
        var p = Patient() with { LastName = "De La Fontaine-Saint-Exupéry", FirstName = "Marie-Charlotte" };
        var letter = Compose(p, DataCategories.Surname);
        Assert.Equal("M. DE LA FONTAINE-SAINT-EXUPÉRY", letter.AddressBlock[0].Replace("Mme", "M.", StringComparison.Ordinal).Replace("M. M.", "M.", StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_four_to_six_are_capitals_without_accents_or_punctuation()
    {
        var p = Patient() with { AddressLine1 = "3, allée de l'Église", PostalCode = "29 200", City = "Plougastel-Daoulas" };
        var letter = Compose(p, DataCategories.Surname);
        Assert.Equal("3 ALLEE DE L EGLISE", letter.AddressBlock[^2]);
        Assert.Equal("29200 PLOUGASTEL DAOULAS", letter.AddressBlock[^1]);
    }

    [Fact]
    public void Control_characters_in_a_name_never_reach_the_letter()
    {
        var p = Patient() with { FirstName = "Zo\u0007é\r\n=cmd", LastName = "Le\tfèvre" };
        var letter = Compose(p, DataCategories.Surname);
        Assert.Equal("Madame Zo é =cmd LE FÈVRE", letter.AddressBlock[0]);
    }

    [Fact]
    public void An_unusable_address_gets_no_letter()
    {
        var p = Patient() with { PostalCode = "ABC" };
        Assert.Equal(LetterRefusal.AddressUnusable, LetterComposer.Compose(Context(), new LetterRecipient(p, DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today).Refusal);
    }

    [Fact]
    public void A_foreign_address_ends_with_the_country()
    {
        var p = Patient() with { AddressLine1 = "Rue de la Loi 16", PostalCode = "1000", City = "Bruxelles", Country = "Belgique" };
        var letter = Compose(p, DataCategories.Surname);
        Assert.Equal("BELGIQUE", letter.AddressBlock[^1]);
    }

    [Fact]
    public void Without_any_way_to_reach_the_DPO_no_letter_is_composed()
    {
        var context = Context() with { Dpo = new ContactPoint(), LaboratoryAddress = new PostalAddress() };
        Assert.Equal(LetterRefusal.ContactMissing, LetterComposer.Compose(context, new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today).Refusal);
    }

    [Theory]
    [InlineData(nameof(LetterTemplate.Consequences))]
    [InlineData(nameof(LetterTemplate.Measures))]
    [InlineData(nameof(LetterTemplate.Contact))]
    [InlineData(nameof(LetterTemplate.Nature))]
    public void A_template_without_a_mandatory_Art_34_block_is_refused(string block)
    {
        var t = block switch
        {
            nameof(LetterTemplate.Consequences) => DefaultLetterTemplates.French with { Consequences = " " },
            nameof(LetterTemplate.Measures) => DefaultLetterTemplates.French with { Measures = "" },
            nameof(LetterTemplate.Contact) => DefaultLetterTemplates.French with { Contact = "" },
            _ => DefaultLetterTemplates.French with { Nature = "" },
        };
        Assert.Contains($"{LetterTemplateErrors.Required}:{block}", t.Validate());
        Assert.Equal(LetterRefusal.TemplateInvalid, LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), t, Code, Today).Refusal);
    }

    [Fact]
    public void Both_shipped_templates_are_valid_and_a_template_with_an_unknown_placeholder_is_not()
    {
        Assert.Empty(DefaultLetterTemplates.French.Validate());
        Assert.Empty(DefaultLetterTemplates.English.Validate());
        Assert.Contains($"{LetterTemplateErrors.UnknownPlaceholder}:Measures", (DefaultLetterTemplates.French with { Measures = "Voir {nir}" }).Validate());
        Assert.Contains(LetterTemplateErrors.VerificationPlaceholders, (DefaultLetterTemplates.French with { Verification = "Rendez-vous sur le site." }).Validate());
    }

    [Fact]
    public void A_template_that_tries_to_print_a_health_field_is_stopped_by_the_safety_check()
    {
        // A placeholder cannot reach the payload, but an admin could type a value by mistake: the check still refuses.
        var t = DefaultLetterTemplates.French with { Measures = "Nous avons revu le dossier Diabète de type 1." };
        var refused = LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), t, Code, Today);
        Assert.Null(refused.Letter);
        Assert.Equal(LetterRefusal.SafetyCheck, refused.Refusal);
        Assert.Equal("pathologies", refused.Detail);
        var n = DefaultLetterTemplates.French with { Measures = "Dossier 2 55 08 14 168 025." };
        var nir = LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), n, Code, Today);
        Assert.Equal((LetterRefusal.SafetyCheck, "nir"), (nir.Refusal, nir.Detail));
        // The check itself names the rule, never the value.
        var letter = LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today).Letter!;
        Assert.Equal("nir", LetterSafety.Violation(letter with { Closing = "Dossier 2 55 08 14 168 025." }, Patient()));
    }

    [Fact]
    public void A_letter_code_never_has_thirteen_digits_in_a_row_so_the_safety_check_never_refuses_a_letter_for_its_own_code()
    {
        // The first draw gives fifteen digits (bytes 0–9 map to '0'–'9'): drawn again; the second draw is kept.
        var draws = 0;
        var code = LetterCodes.New(bytes =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(draws == 0 ? i % 10 : 10 + i % 20);
            }

            draws++;
        });
        Assert.Equal(2, draws);
        Assert.True(LetterCodes.IsWellFormed(code));
        Assert.True(LetterCodes.LongestDigitRun(code) < LetterCodes.MaxDigitRun);

        // A code made only of digits (as the old generator could draw, about once per million) printed on a letter is
        // refused as a digit run: the reason the generator now draws again.
        var allDigits = "0123456789012345";
        var letter = LetterComposer.Compose(Context(), new LetterRecipient(Patient(), DataCategories.Surname, ReviewReason.None), DefaultLetterTemplates.French, Code, Today).Letter!;
        Assert.Equal("digits", LetterSafety.Violation(letter with { Code = allDigits }, Patient()));
        Assert.Null(LetterSafety.Violation(letter, Patient()));
    }

    [Fact]
    public void The_English_template_gives_an_English_letter_with_the_version_recorded()
    {
        var t = DefaultLetterTemplates.English with { Version = 7 };
        var letter = Compose(Patient(), DataCategories.Surname | DataCategories.SocialSecurityNumber, t);
        Assert.Equal("en", letter.Language);
        Assert.Equal(7, letter.TemplateVersion);
        Assert.Equal("Ms Zoé LEFÈVRE", letter.AddressBlock[0]);
        Assert.Equal("Vannes, 15 March 2026", letter.DateLine);
        Assert.Contains("Social security number", letter.Section(LetterBlock.ExposedData).Bullets);
    }
}
