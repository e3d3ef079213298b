using Notifier.Core.Import;
using Notifier.Core.Synthetic;

namespace Notifier.Core.Tests.Import;

public sealed class HeaderMappingTests
{
    [Fact]
    public void Every_canonical_column_maps_to_itself()
    {
        Assert.All(PatientCsv.Columns, c => Assert.Equal(c, HeaderMapping.CanonicalSynonyms[c]));
        var mapping = HeaderMapping.Detect(PatientCsv.Columns);

        Assert.True(mapping.IsValid, string.Join(" | ", mapping.Errors));
        Assert.Empty(mapping.UnknownHeaders);
        for (var i = 0; i < PatientCsv.Columns.Count; i++)
        {
            Assert.Equal(i, mapping.IndexByColumn[PatientCsv.Columns[i]]);
        }
    }

    [Theory]
    [InlineData("N° dossier", "lab_patient_id")]
    [InlineData("Nom", "nom")]
    [InlineData("last_name", "nom")]
    [InlineData("Surname", "nom")]
    [InlineData("Nom d'usage", "nom")]
    [InlineData("Prénom", "prenom")]
    [InlineData("First Name", "prenom")]
    [InlineData("firstname", "prenom")]
    [InlineData("N° Sécu", "nir")]
    [InlineData("numéro sécurité sociale", "nir")]
    [InlineData("num-ss", "nir")]
    [InlineData("SSN", "nir")]
    [InlineData("CP", "code_postal")]
    [InlineData("Code postal", "code_postal")]
    [InlineData("zip", "code_postal")]
    [InlineData("Commune", "ville")]
    [InlineData("city", "ville")]
    [InlineData("DDN", "date_naissance")]
    [InlineData("Date of birth", "date_naissance")]
    [InlineData("E-mail", "email")]
    [InlineData("Courriel", "email")]
    [InlineData("Tél.", "telephone")]
    [InlineData("Portable", "telephone")]
    [InlineData("Médecin traitant", "medecin_traitant")]
    [InlineData("\uFEFFlab_patient_id", "lab_patient_id")]
    public void Synonyms_are_recognised_after_folding(string header, string column)
    {
        var mapping = HeaderMapping.Detect(["nom_x", header]);
        Assert.Equal(1, mapping.IndexByColumn[column]);
    }

    [Fact]
    public void Unknown_headers_are_listed_and_blank_ones_ignored()
    {
        var mapping = HeaderMapping.Detect(["nom", "prenom", "email", "couleur préférée", "", "  "]);

        Assert.True(mapping.IsValid);
        Assert.Equal(["couleur préférée"], mapping.UnknownHeaders);
    }

    [Fact]
    public void Two_headers_for_the_same_column_are_an_error()
    {
        var mapping = HeaderMapping.Detect(["nom", "last_name", "prenom", "email"]);

        Assert.False(mapping.IsValid);
        Assert.Contains(mapping.Errors, e => e.Contains("« nom »", StringComparison.Ordinal) && e.Contains("« last_name »", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_names_are_an_error()
    {
        var mapping = HeaderMapping.Detect(["email", "telephone"]);

        Assert.Contains("colonne obligatoire nom absente", mapping.Errors);
        Assert.Contains("colonne obligatoire prenom absente", mapping.Errors);
    }

    [Fact]
    public void A_file_without_any_contact_column_is_an_error()
    {
        Assert.False(HeaderMapping.Detect(["nom", "prenom", "adresse1", "ville"]).IsValid);
        Assert.True(HeaderMapping.Detect(["nom", "prenom", "adresse1", "cp", "ville"]).IsValid);
        Assert.True(HeaderMapping.Detect(["nom", "prenom", "mail"]).IsValid);
    }

    [Fact]
    public void Missing_birth_date_and_patient_id_are_warnings_not_errors()
    {
        var mapping = HeaderMapping.Detect(["nom", "prenom", "mail"]);

        Assert.True(mapping.IsValid);
        Assert.Equal(2, mapping.Warnings.Count);
    }

    [Fact]
    public void An_explicit_mapping_is_applied_as_given()
    {
        string[] headers = ["Identité", "Petit nom", "Adresse électronique", "Autre"];
        var mapping = ColumnMapping.FromExplicit(
            new Dictionary<string, string> { ["nom"] = "Identité", ["prenom"] = "petit nom", ["email"] = "Adresse électronique" },
            headers);

        Assert.True(mapping.IsValid, string.Join(" | ", mapping.Errors));
        Assert.Equal(0, mapping.IndexByColumn["nom"]);
        Assert.Equal(1, mapping.IndexByColumn["prenom"]);
        Assert.Equal(2, mapping.IndexByColumn["email"]);
        Assert.Equal(["Autre"], mapping.UnknownHeaders);
    }

    [Fact]
    public void An_explicit_mapping_with_unknown_names_is_rejected()
    {
        var mapping = ColumnMapping.FromExplicit(
            new Dictionary<string, string> { ["nom"] = "A", ["prenom"] = "B", ["email"] = "Z", ["age"] = "A" },
            ["A", "B"]);

        Assert.False(mapping.IsValid);
        Assert.Contains(mapping.Errors, e => e.Contains("« age » inconnue", StringComparison.Ordinal));
        Assert.Contains(mapping.Errors, e => e.Contains("« Z » absent", StringComparison.Ordinal));
    }

    [Fact]
    public void An_explicit_mapping_cannot_feed_two_columns_from_one_header()
    {
        var mapping = ColumnMapping.FromExplicit(
            new Dictionary<string, string> { ["nom"] = "A", ["prenom"] = "A", ["email"] = "B" },
            ["A", "B"]);

        Assert.False(mapping.IsValid);
    }

    [Fact]
    public void Validating_with_an_invalid_mapping_throws()
    {
        var mapping = HeaderMapping.Detect(["email"]);

        Assert.Throws<ArgumentException>(() => ImportRow.Validate(2, ["a@example.org"], mapping, Rows.Today));
    }
}
