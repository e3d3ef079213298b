using Notifier.Core.Import;
using Notifier.Core.Subjects;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Tests.Import;

public sealed class ImportRowTests
{
    private static RowIssue Single(RowResult result, string rule) => Assert.Single(result.Issues, i => i.Rule == rule);

    [Fact]
    public void A_complete_adult_row_imports_without_issue()
    {
        var result = Rows.Validate(Rows.Adult());

        Assert.False(result.Rejected);
        Assert.Empty(result.Issues);
        Assert.Equal("Martin", result.Payload!.LastName);
        Assert.Equal("L01-0000042", result.LabPatientId);
        Assert.Equal(ReviewReason.None, result.ReviewReason);
        Assert.Equal(["12 RUE DES LILAS", "29000 QUIMPER"], result.Address!.Lines);
    }

    [Fact]
    public void Values_are_trimmed_and_blank_fields_are_absent()
    {
        var values = Rows.Adult();
        values["nom"] = "  Martin  ";
        values["nom_naissance"] = "   ";
        values["mutuelle"] = "";
        var p = Rows.Validate(values).Payload!;

        Assert.Equal("Martin", p.LastName);
        Assert.Null(p.BirthName);
        Assert.Null(p.HealthInsurer);
    }

    [Fact]
    public void A_short_row_reads_its_missing_trailing_fields_as_absent()
    {
        var result = ImportRow.Validate(3, ["L1", "Mme", "Martin", null, "Claire"], Rows.Canonical, Rows.Today);

        Assert.False(result.Rejected);
        Assert.Null(result.Payload!.Email);
    }

    [Theory]
    [InlineData("nom")]
    [InlineData("prenom")]
    public void Names_are_required(string column)
    {
        var result = Rows.With(column, " ");

        Assert.True(result.Rejected);
        Assert.Null(result.Payload);
        Assert.Equal(IssueSeverity.Error, Single(result, "obligatoire").Severity);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("@SUM(A1)")]
    [InlineData("+33 hostile")]
    [InlineData("-1+1")]
    public void Hostile_content_is_stored_verbatim(string value)
    {
        var values = Rows.Adult();
        values["nom"] = value;
        values["commentaire"] = value;
        var result = Rows.Validate(values);

        Assert.False(result.Rejected);
        Assert.Equal(value, result.Payload!.LastName);
        Assert.Equal(value, result.Payload.Comment);
    }

    [Theory]
    [InlineData("nom", 100)]
    [InlineData("prenom", 100)]
    [InlineData("nom_naissance", 100)]
    [InlineData("ville", 60)]
    [InlineData("medecin_traitant", 150)]
    [InlineData("mutuelle", 150)]
    [InlineData("commentaire", 4000)]
    [InlineData("traitements", 4000)]
    [InlineData("pathologies", 4000)]
    [InlineData("lab_patient_id", 64)]
    [InlineData("telephone", 30)]
    [InlineData("adresse1", 200)]
    public void A_value_at_the_maximum_is_kept_and_one_over_it_rejects_the_row(string column, int max)
    {
        var atMax = Rows.With(column, new string('7', max));
        var over = Rows.With(column, new string('7', max + 1));

        Assert.DoesNotContain(atMax.Issues, i => i.Rule == "longueur_max");
        var issue = Single(over, "longueur_max");
        Assert.True(over.Rejected);
        Assert.Equal(column, issue.Column);
        Assert.DoesNotContain("7777", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_email_over_254_characters_rejects_the_row()
    {
        var ok = Rows.With("email", new string('a', 60) + "@" + new string('b', 189) + ".org");
        var over = Rows.With("email", new string('a', 60) + "@" + new string('b', 190) + ".org");

        Assert.False(ok.Rejected);
        Assert.True(over.Rejected);
    }

    [Theory]
    [InlineData("01/06/1980", 1980, 6, 1)]
    [InlineData("1/6/1980", 1980, 6, 1)]
    [InlineData("1980-06-01", 1980, 6, 1)]
    [InlineData("01/06/80", 1980, 6, 1)]
    [InlineData("01/06/26", 2026, 6, 1)]
    [InlineData("01/06/27", 1927, 6, 1)]
    [InlineData("1980-06-01 00:00:00", 1980, 6, 1)]
    public void Dates_are_read_in_the_accepted_formats_with_the_pivot(string raw, int y, int m, int d)
    {
        // 2026-12-31 so that 01/06/26 is in the past; pivot = 26.
        Assert.True(ImportDates.TryParse(raw, new DateOnly(2026, 12, 31), out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("31/02/1990")]
    [InlineData("1990/06/01")]
    [InlineData("06-01-1990")]
    [InlineData("hier")]
    [InlineData("13/13/1990")]
    public void An_unreadable_birth_date_rejects_the_row(string raw)
    {
        var result = Rows.With("date_naissance", raw);

        Assert.True(result.Rejected);
        Single(result, "date_invalide");
    }

    [Fact]
    public void A_birth_date_in_the_future_or_before_1900_rejects_the_row()
    {
        Assert.True(Single(Rows.With("date_naissance", "16/03/2026"), "date_future") is { Severity: IssueSeverity.Error });
        Assert.True(Single(Rows.With("date_naissance", "31/12/1899"), "date_avant_1900") is { Severity: IssueSeverity.Error });
        Assert.False(Rows.With("date_naissance", "15/03/2026").Rejected);
        Assert.False(Rows.With("date_naissance", "01/01/1900").Rejected);
    }

    [Fact]
    public void An_invalid_sample_date_is_a_warning_and_dropped()
    {
        var bad = Rows.With("date_prelevement", "32/01/2020");
        var good = Rows.With("date_prelevement", "2020-01-31");

        Assert.False(bad.Rejected);
        Assert.Null(bad.Payload!.SampleDate);
        Assert.Equal(IssueSeverity.Warning, Single(bad, "date_invalide").Severity);
        Assert.Equal(new DateOnly(2020, 1, 31), good.Payload!.SampleDate);
    }

    [Fact]
    public void A_valid_nir_is_normalised_and_kept_without_issue()
    {
        var nir = NirNumber.Create(2, new DateOnly(1980, 6, 1), "29", "232", 12);
        var grouped = string.Join(' ', nir[..1], nir[1..3], nir[3..5], nir[5..7], nir[7..10], nir[10..13], nir[13..]);

        var result = Rows.With("nir", grouped);

        Assert.Empty(result.Issues);
        Assert.Equal(nir, result.Payload!.Nir);
    }

    [Fact]
    public void A_nir_with_a_wrong_key_is_kept_with_a_warning_that_does_not_quote_it()
    {
        var nir = NirNumber.Create(2, new DateOnly(1980, 6, 1), "29", "232", 12);
        var wrong = nir[..13] + (nir[13..] == "01" ? "02" : "01");

        var result = Rows.With("nir", wrong);

        var issue = Single(result, "nir_cle");
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.DoesNotContain(wrong[..13], issue.Message, StringComparison.Ordinal);
        Assert.Equal(wrong, result.Payload!.Nir);
        Assert.Null(Deduplication.NirKey(result.Payload.Nir));
    }

    [Fact]
    public void A_value_that_is_not_a_nir_is_dropped_with_a_warning()
    {
        var result = Rows.With("nir", "inconnu");

        Assert.Equal(IssueSeverity.Warning, Single(result, "nir_format").Severity);
        Assert.Null(result.Payload!.Nir);
    }

    [Fact]
    public void A_nir_inconsistent_with_sex_and_birth_date_is_a_warning()
    {
        var nir = NirNumber.Create(1, new DateOnly(1975, 3, 1), "29", "232", 12);

        var result = Rows.With("nir", nir);

        Assert.False(result.Rejected);
        Assert.Equal(nir, result.Payload!.Nir);
        Single(result, "nir_incoherent_sexe");
        Single(result, "nir_incoherent_annee");
        Single(result, "nir_incoherent_mois");
        Assert.All(result.Issues, i => Assert.Equal(IssueSeverity.Warning, i.Severity));
    }

    [Theory]
    [InlineData("M", "M")]
    [InlineData("h", "M")]
    [InlineData("Homme", "M")]
    [InlineData("masculin", "M")]
    [InlineData("1", "M")]
    [InlineData("F", "F")]
    [InlineData("Femme", "F")]
    [InlineData("féminin", "F")]
    [InlineData("2", "F")]
    public void Sex_values_are_normalised(string raw, string expected)
    {
        var result = Rows.With("sexe", raw);

        Assert.Equal(expected, result.Payload!.Sex);
        Assert.DoesNotContain(result.Issues, i => i.Column == "sexe");
    }

    [Fact]
    public void An_unknown_sex_is_a_warning_and_dropped()
    {
        var result = Rows.With("sexe", "X");

        Assert.Null(result.Payload!.Sex);
        Assert.Equal(IssueSeverity.Warning, Single(result, "sexe_inconnu").Severity);
    }

    [Theory]
    [InlineData("M.", "M.")]
    [InlineData("Mr", "M.")]
    [InlineData("Monsieur", "M.")]
    [InlineData("MME", "Mme")]
    [InlineData("Madame", "Mme")]
    [InlineData("Mlle", "Mme")]
    public void Civilities_are_normalised(string raw, string expected)
    {
        Assert.Equal(expected, Rows.With("civilite", raw).Payload!.Civility);
    }

    [Fact]
    public void An_unknown_civility_is_a_warning_and_dropped()
    {
        var result = Rows.With("civilite", "Dr");

        Assert.Null(result.Payload!.Civility);
        Single(result, "civilite_inconnue");
    }

    [Theory]
    [InlineData("Claire.Martin@Example.ORG", "Claire.Martin@example.org")]
    [InlineData("a@b.fr", "a@b.fr")]
    public void A_valid_email_keeps_its_local_part_and_lower_cases_its_domain(string raw, string expected)
    {
        Assert.Equal(expected, Rows.With("email", raw).Payload!.Email);
    }

    [Theory]
    [InlineData("claire.martin")]
    [InlineData("claire@martin")]
    [InlineData("a@@b.fr")]
    [InlineData("a@b@c.fr")]
    [InlineData("claire martin@example.org")]
    [InlineData("@example.org")]
    [InlineData("a@.fr")]
    public void An_invalid_email_is_a_warning_and_the_person_falls_back_to_post(string raw)
    {
        var result = Rows.With("email", raw);

        Assert.False(result.Rejected);
        Assert.Null(result.Payload!.Email);
        var issue = Single(result, "email_syntaxe");
        Assert.Equal(IssueSeverity.Warning, issue.Severity);
        Assert.DoesNotContain(raw, issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("02.98.12.34.56", "+33298123456")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("+33 (0)6 12 34 56 78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData("0590 12 34 56", "+590590123456")]
    [InlineData("0690 12 34 56", "+590690123456")]
    [InlineData("0594 12 34 56", "+594594123456")]
    [InlineData("0596 12 34 56", "+596596123456")]
    [InlineData("0262 12 34 56", "+262262123456")]
    [InlineData("0692 12 34 56", "+262692123456")]
    [InlineData("0269 12 34 56", "+262269123456")]
    [InlineData("0639 12 34 56", "+262639123456")]
    [InlineData("+33 590 12 34 56", "+590590123456")]
    public void French_phone_numbers_are_normalised_to_e164(string raw, string expected)
    {
        var result = Rows.With("telephone", raw);

        Assert.Equal(expected, result.Payload!.Phone);
        Assert.Empty(result.Issues);
    }

    [Theory]
    [InlineData("+32 2 123 45 67")]
    [InlineData("06 12 34 56")]
    [InlineData("poste 123")]
    public void Other_phone_numbers_are_kept_as_typed_with_a_warning(string raw)
    {
        var result = Rows.With("telephone", raw);

        Assert.Equal(raw, result.Payload!.Phone);
        Assert.Equal(IssueSeverity.Warning, Single(result, "telephone_format").Severity);
    }

    [Fact]
    public void An_empty_phone_is_absent()
    {
        Assert.Null(Rows.With("telephone", "  ").Payload!.Phone);
    }

    [Fact]
    public void A_bad_postcode_without_email_sends_the_row_to_review_with_the_code_quoted()
    {
        var result = Rows.With("code_postal", "2900");

        var issue = Single(result, "adresse_nf_z10_011");
        Assert.False(result.Rejected);
        Assert.Equal(IssueSeverity.Review, issue.Severity);
        Assert.Equal("code_postal", issue.Column);
        Assert.Contains("code postal 2900 : 5 chiffres attendus", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LILAS", issue.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReviewReason.AddressUnusable, result.ReviewReason);
        Assert.True(result.NeedsReview);
    }

    [Fact]
    public void A_missing_city_with_an_email_is_only_a_warning()
    {
        var values = Rows.Adult();
        values["ville"] = null;
        values["email"] = "claire@example.org";
        var result = Rows.Validate(values);

        Assert.Equal(IssueSeverity.Warning, Single(result, "adresse_nf_z10_011").Severity);
        Assert.Equal(ReviewReason.None, result.ReviewReason);
    }

    [Fact]
    public void No_address_and_no_email_goes_to_review()
    {
        var values = Rows.Adult();
        values["adresse1"] = values["code_postal"] = values["ville"] = null;
        var result = Rows.Validate(values);

        Assert.Equal(IssueSeverity.Review, Single(result, "adresse_absente").Severity);
    }

    [Fact]
    public void A_45_character_street_needs_review_and_is_not_truncated()
    {
        var street = "45 avenue du Maréchal de Lattre de Tassigny A"; // 45 characters
        Assert.Equal(45, street.Length);

        var result = Rows.With("adresse1", street);

        Assert.Equal(street, result.Payload!.AddressLine1);
        Assert.Contains(result.Address!.Lines, l => l.Length == 45);
        var issue = Single(result, "adresse_nf_z10_011");
        Assert.Equal(IssueSeverity.Review, issue.Severity);
        Assert.DoesNotContain("TASSIGNY", issue.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Accented_values_round_trip_unchanged()
    {
        var values = Rows.Adult();
        values["nom"] = "Lœwenbrück-Éléonore";
        values["prenom"] = "Françoise";
        values["ville"] = "Ploërmel";
        values["code_postal"] = "56800";
        var p = Rows.Validate(values).Payload!;

        Assert.Equal("Lœwenbrück-Éléonore", p.LastName);
        Assert.Equal("Françoise", p.FirstName);
        Assert.Equal("Ploërmel", p.City);
    }

    [Theory]
    [InlineData("oui", true)]
    [InlineData("O", true)]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("x", true)]
    [InlineData("non", false)]
    [InlineData("n", false)]
    [InlineData("0", false)]
    [InlineData("false", false)]
    public void Parental_opposition_values_are_read(string raw, bool expected)
    {
        var result = Rows.With("opposition_parents", raw);

        Assert.Equal(expected, result.Payload!.ParentalOpposition);
        Assert.Empty(result.Issues);
    }

    [Fact]
    public void An_unreadable_opposition_counts_as_an_opposition_with_a_warning()
    {
        var result = Rows.With("opposition_parents", "peut-être");

        Assert.True(result.Payload!.ParentalOpposition);
        Single(result, "opposition_valeur");
    }

    [Fact]
    public void A_minor_with_opposition_goes_to_review_without_a_diagnosis_in_the_message()
    {
        var values = Rows.Adult();
        values["date_naissance"] = "01/01/2010";
        values["opposition_parents"] = "oui";
        values["commentaire"] = "Test de grossesse";
        var result = Rows.Validate(values);

        var issue = Single(result, "mineur_confidentialite");
        Assert.Equal(IssueSeverity.Review, issue.Severity);
        Assert.Contains("mineur : confidentialité demandée (CSP L.1111-5)", issue.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("grossesse", issue.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReviewReason.MinorConfidentialCare, result.ReviewReason);
        Assert.True(result.Facts!.IsMinor);
    }

    [Fact]
    public void A_minor_with_a_sensitive_record_goes_to_review()
    {
        var values = Rows.Adult();
        values["date_naissance"] = "01/01/2010";
        values["pathologies"] = "Sérologie VIH";
        var result = Rows.Validate(values);

        var issue = Single(result, "mineur_dossier_sensible");
        Assert.DoesNotContain("VIH", issue.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ReviewReason.MinorSensitiveRecord, result.ReviewReason);
    }

    [Fact]
    public void An_adult_with_opposition_or_a_sensitive_record_is_not_reviewed()
    {
        var values = Rows.Adult();
        values["opposition_parents"] = "oui";
        values["pathologies"] = "Sérologie VIH";
        var result = Rows.Validate(values);

        Assert.Empty(result.Issues);
        Assert.False(result.Facts!.IsMinor);
    }

    [Fact]
    public void A_minor_without_opposition_or_sensitive_record_is_flagged_but_not_reviewed()
    {
        var values = Rows.Adult();
        values["date_naissance"] = "01/01/2010";
        var result = Rows.Validate(values);

        Assert.True(result.Facts!.IsMinor);
        Assert.Equal(ReviewReason.None, result.ReviewReason);
        Assert.Empty(result.Issues);
    }

    [Fact]
    public void Exposed_categories_come_from_subject_rules()
    {
        var values = Rows.Adult();
        values["mutuelle"] = "MGEN";
        var result = Rows.Validate(values);

        Assert.Equal(SubjectRules.Derive(result.Payload!, Rows.Today).ExposedCategories, result.Facts!.ExposedCategories);
        Assert.True(result.Facts.ExposedCategories.HasFlag(Notifier.Core.Incidents.DataCategories.HealthInsurer));
    }

    [Fact]
    public void A_missing_patient_id_is_a_warning()
    {
        var result = Rows.With("lab_patient_id", null);

        Assert.False(result.Rejected);
        Assert.Equal(IssueSeverity.Warning, Single(result, "identifiant_absent").Severity);
    }

    [Fact]
    public void Issues_carry_the_line_and_patient_id()
    {
        var values = Rows.Adult();
        values["nom"] = null;
        var issue = Assert.Single(Rows.Validate(values, line: 17).Issues);

        Assert.Equal(17, issue.Line);
        Assert.Equal("L01-0000042", issue.LabPatientId);
        Assert.Equal("nom", issue.Column);
    }
}
