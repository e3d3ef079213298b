using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// Issue 4, "Input": every shape of file a lab software writes is read the same way, through the real API, the real
// Hangfire job and real SQLite. Names are read back through the subjects list (decrypted by the app).
public sealed class ImportInputTests : IAsyncLifetime
{
    private readonly NotifierApp _app = new(jobs: true);
    private Scenario _s = null!;
    private HttpClient _dpo = null!;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        _s = await Scenario.CreateAsync(_app);
        _dpo = await _app.ApiClientAsync(Roles.LabDpo, _s.LabAId);
    }

    public Task DisposeAsync()
    {
        _app.Dispose();
        return Task.CompletedTask;
    }

    // Two accented persons; the separator and line ending are the test's.
    private static string Accented(string sep = ";", string eol = "\r\n") =>
        string.Join(sep, "lab_patient_id", "civilite", "nom", "prenom", "date_naissance", "adresse1", "code_postal", "ville") + eol
        + string.Join(sep, "E1", "Mme", "Lefèvre", "Hélène", "12/03/1975", "5 rue de l'Église", "35000", "Rennes") + eol
        + string.Join(sep, "E2", "M.", "Cœur", "François", "1968-11-30", "8 place Saint-Étienne", "29200", "Brest") + eol;

    private static readonly string[] AccentedNames = ["Mme Hélène LEFÈVRE", "M. François CŒUR"];

    private async Task<JsonElement> ImportOkAsync(byte[] file, string? mapping = null, string? encoding = null)
    {
        var run = await ImportApi.ImportAsync(_dpo, _s.CaseAId, file, mapping, encoding);
        Assert.True(run.GetProperty("state").GetString() == "completed", run.ToString());
        return run;
    }

    [Fact]
    public async Task Utf8_with_BOM_keeps_accents_and_is_reported_as_utf8()
    {
        var file = ImportApi.Csv(Accented());
        Assert.Equal([0xEF, 0xBB, 0xBF], file[..3]);
        var run = await ImportOkAsync(file);
        Assert.Equal("utf-8", run.GetProperty("encoding").GetString());
        Assert.Equal(";", run.GetProperty("delimiter").GetString());
        Assert.Equal(2, ImportApi.Count(run, "imported"));
        Assert.Equal(AccentedNames.Order(), (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Fact]
    public async Task Utf8_without_BOM_is_detected()
    {
        var file = Encoding.UTF8.GetBytes(Accented());
        Assert.NotEqual(0xEF, file[0]);
        var run = await ImportOkAsync(file);
        Assert.Equal("utf-8", run.GetProperty("encoding").GetString());
        Assert.Equal(AccentedNames.Order(), (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Fact]
    public async Task Windows1252_is_detected_and_accents_come_back_right()
    {
        // œ is 0x9C in Windows-1252 and does not exist in ISO-8859-1: the detection must pick 1252 itself.
        var file = ImportKit.Windows1252.GetBytes(Accented());
        Assert.Contains((byte)0x9C, file);
        var run = await ImportOkAsync(file);
        Assert.Equal("windows-1252", run.GetProperty("encoding").GetString());
        Assert.Equal(AccentedNames.Order(), (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Fact]
    public async Task Windows1252_forced_explicitly_reads_the_file()
    {
        var run = await ImportOkAsync(ImportKit.Windows1252.GetBytes(Accented()), encoding: "windows-1252");
        Assert.Equal("windows-1252", run.GetProperty("encoding").GetString());
        Assert.Equal(AccentedNames.Order(), (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Fact]
    public async Task Iso8859_1_forced_explicitly_reads_the_file()
    {
        var csv = "nom;prenom;adresse1;code_postal;ville\r\nDésiré;Anaïs;3 rue Ampère;35000;Rennes\r\n";
        var run = await ImportOkAsync(Encoding.Latin1.GetBytes(csv), encoding: "iso-8859-1");
        Assert.Equal("iso-8859-1", run.GetProperty("encoding").GetString());
        Assert.Equal(["Anaïs DÉSIRÉ"], await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId));
    }

    [Fact]
    public async Task The_encoding_override_wins_over_the_detection()
    {
        // A UTF-8 file read as Windows-1252 because the user said so: the override is applied, not second-guessed.
        var run = await ImportOkAsync(Encoding.UTF8.GetBytes(Accented()), encoding: "windows-1252");
        Assert.Equal("windows-1252", run.GetProperty("encoding").GetString());
        var names = await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId);
        Assert.Contains("Mme HÃ©lÃ¨ne LEFÃ¨VRE", names);
    }

    [Fact]
    public async Task Windows1252_file_forced_as_utf8_fails_with_a_French_message_and_stores_nobody()
    {
        var run = await ImportApi.ImportAsync(_dpo, _s.CaseAId, ImportKit.Windows1252.GetBytes(Accented()), encoding: "utf-8");
        Assert.Equal("failed", run.GetProperty("state").GetString());
        Assert.Contains("Windows-1252", run.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Contains("UTF-8", run.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await ImportKit.SubjectTotalAsync(_dpo, _s.CaseAId));
    }

    [Fact]
    public async Task A_quote_never_closed_fails_the_import_with_a_French_message_naming_the_line()
    {
        // The DPO reads run.failure: it must be French and point at the record where the quote opens.
        var csv = "lab_patient_id;nom;prenom;adresse1;code_postal;ville\r\n"
            + "V1;Martin;Claire;4 rue du Port;29200;Brest\r\n"
            + "V2;\"Durand;Paul;" + new string('x', 3 << 20) + "\r\n";
        var run = await ImportApi.ImportAsync(_dpo, _s.CaseAId, ImportApi.Csv(csv));
        Assert.Equal("failed", run.GetProperty("state").GetString());
        var failure = run.GetProperty("failure").GetString()!;
        Assert.Contains("ligne 3", failure, StringComparison.Ordinal);
        Assert.Contains("guillemet", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_encoding_is_refused_with_400_and_nothing_is_stored()
    {
        using var response = await ImportApi.PostAsync(_dpo, _s.CaseAId, ImportApi.Csv(Accented()), encoding: "ebcdic");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("encodage inconnu", problem.GetProperty("errors").GetProperty("encoding")[0].GetString(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData(";", ";")]
    [InlineData(",", ",")]
    [InlineData("\t", "tab")]
    public async Task Each_delimiter_is_detected(string separator, string reported)
    {
        var run = await ImportOkAsync(ImportApi.Csv(Accented(separator)));
        Assert.Equal(reported, run.GetProperty("delimiter").GetString());
        Assert.Equal(2, ImportApi.Count(run, "read"));
        Assert.Equal(AccentedNames.Order(), (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    public async Task CRLF_and_LF_line_endings_read_the_same(string eol)
    {
        var run = await ImportOkAsync(ImportApi.Csv(Accented(eol: eol)));
        Assert.Equal(2, ImportApi.Count(run, "read"));
        Assert.Equal(2, ImportApi.Count(run, "imported"));
        Assert.Equal(0, ImportApi.Count(run, "issues"));
        // No stray CR at the end of the last column.
        var stored = await ImportKit.StoredAsync(_app, _s.CaseAId);
        Assert.Equal(["Brest", "Rennes"], stored.Select(p => p.Payload.City).Order());
    }

    [Fact]
    public async Task Quoted_fields_keep_embedded_delimiters_quotes_and_newlines_and_lines_stay_physical()
    {
        // Line 2–4: one record whose comment spans three physical lines; line 5: a record that must be reported as line 5.
        var csv = "lab_patient_id;nom;prenom;adresse1;adresse2;code_postal;ville;commentaire\r\n"
            + "Q1;\"Le Gall; dit \"\"Jo\"\"\";Joël;\"12, rue du Port\";\"Bât. B; 2e étage\";29200;Brest;\"première ligne\r\ndeuxième; ligne\r\ntroisième\"\r\n"
            + "Q2;;Sans nom;1 rue A;;35000;Rennes;\r\n";
        var run = await ImportOkAsync(ImportApi.Csv(csv));
        Assert.Equal(2, ImportApi.Count(run, "read"));
        Assert.Equal(1, ImportApi.Count(run, "imported"));
        Assert.Equal(1, ImportApi.Count(run, "rejected"));

        var p = Assert.Single(await ImportKit.StoredAsync(_app, _s.CaseAId)).Payload;
        Assert.Equal("Le Gall; dit \"Jo\"", p.LastName);
        Assert.Equal("12, rue du Port", p.AddressLine1);
        Assert.Equal("Bât. B; 2e étage", p.AddressLine2);
        Assert.Equal("première ligne\r\ndeuxième; ligne\r\ntroisième", p.Comment);

        // Both rows also lack a birth date (a warning); the one rejection points at the physical line 5.
        var (_, rows) = await ImportKit.ErrorsCsvAsync(_dpo, run);
        var error = Assert.Single(rows.Skip(1), r => r[4] == "rejetée");
        Assert.Equal(["5", "Q2", "nom", "obligatoire"], error[..4]);
    }

    [Fact]
    public async Task Blank_lines_and_separator_only_lines_are_ignored_and_line_numbers_stay_physical()
    {
        var csv = "lab_patient_id;nom;prenom;date_naissance;adresse1;code_postal;ville\r\n"
            + "\r\n"
            + "B1;Martin;Claire;04/05/1970;4 rue du Port;29200;Brest\r\n"
            + ";;;;;;\r\n"
            + "   \r\n"
            + "B2;Durand;;04/05/1971;5 rue B;35000;Rennes\r\n"
            + "\r\n\r\n";
        var run = await ImportOkAsync(ImportApi.Csv(csv));
        Assert.Equal(2, ImportApi.Count(run, "read"));
        Assert.Equal(1, ImportApi.Count(run, "imported"));
        Assert.Equal(1, ImportApi.Count(run, "rejected"));
        var (_, rows) = await ImportKit.ErrorsCsvAsync(_dpo, run);
        Assert.Equal(["6", "B2", "prenom", "obligatoire"], Assert.Single(rows.Skip(1))[..4]);
    }

    [Fact]
    public async Task Trailing_empty_columns_are_ignored()
    {
        var csv = "lab_patient_id;nom;prenom;date_naissance;adresse1;code_postal;ville;;;\r\n"
            + "T1;Martin;Claire;04/05/1970;4 rue du Port;29200;Brest;;;\r\n"
            + "T2;Petit;Louis;05/06/1971;6 rue C;35000;Rennes;;\r\n"
            + "T3;Robert;Anne;06/07/1972;7 rue D;35000;Rennes\r\n";
        var run = await ImportOkAsync(ImportApi.Csv(csv));
        Assert.Equal(3, ImportApi.Count(run, "imported"));
        Assert.Equal(0, ImportApi.Count(run, "issues"));
        Assert.Equal(["Anne ROBERT", "Claire MARTIN", "Louis PETIT"], (await ImportKit.DisplayNamesAsync(_dpo, _s.CaseAId)).Order());
    }

    [Fact]
    public async Task French_header_synonyms_are_recognised()
    {
        var birth = new DateOnly(1975, 3, 12);
        var nir = ImportKit.Nir(2, birth, 11);
        var csv = "IPP;Civ.;Nom d'usage;Prénom;Sexe;Date de naissance;N° sécu;Adresse;CP;Commune;Courriel;Antécédents\r\n"
            + $"F1;Madame;Lefèvre;Hélène;F;12/03/1975;{nir};5 rue de l'Église;35000;Rennes;helene@example.org;asthme\r\n";
        var run = await ImportOkAsync(ImportApi.Csv(csv));
        Assert.Equal(1, ImportApi.Count(run, "imported"));
        Assert.Equal(0, ImportApi.Count(run, "issues"));
        var p = Assert.Single(await ImportKit.StoredAsync(_app, _s.CaseAId)).Payload;
        Assert.Equal(("F1", "Mme", "Lefèvre", "Hélène", "F", birth), (p.LabPatientId, p.Civility, p.LastName, p.FirstName, p.Sex, p.BirthDate));
        Assert.Equal((nir, "5 rue de l'Église", "35000", "Rennes", "helene@example.org", "asthme"),
            (p.Nir, p.AddressLine1, p.PostalCode, p.City, p.Email, p.Pathologies));
    }

    [Fact]
    public async Task English_header_synonyms_are_recognised()
    {
        var birth = new DateOnly(1968, 11, 30);
        var nir = ImportKit.Nir(1, birth, 12);
        var csv = "Patient ID,Title,Last name,First name,Gender,Date of birth,SSN,Address line 1,Postcode,City,E-mail,Phone\r\n"
            + $"G1,Mr,Cœur,François,M,1968-11-30,{nir},8 place Saint-Étienne,29200,Brest,francois@example.org,06 12 34 56 78\r\n";
        var run = await ImportOkAsync(ImportApi.Csv(csv));
        Assert.Equal(",", run.GetProperty("delimiter").GetString());
        Assert.Equal(0, ImportApi.Count(run, "issues"));
        var p = Assert.Single(await ImportKit.StoredAsync(_app, _s.CaseAId)).Payload;
        Assert.Equal(("G1", "M.", "Cœur", "François", "M", birth), (p.LabPatientId, p.Civility, p.LastName, p.FirstName, p.Sex, p.BirthDate));
        Assert.Equal((nir, "8 place Saint-Étienne", "29200", "Brest", "francois@example.org", "+33612345678"),
            (p.Nir, p.AddressLine1, p.PostalCode, p.City, p.Email, p.Phone));
    }

    [Fact]
    public async Task An_explicit_mapping_feeds_columns_whose_headers_are_unknown_and_leaves_the_rest_out()
    {
        // "Remarque" would be recognised as commentaire by the detection; the explicit mapping leaves it out.
        var csv = "Col A;Col B;Col C;Remarque\r\nMartin;Claire;claire@example.org;ne pas importer\r\n";
        var mapping = JsonSerializer.Serialize(new Dictionary<string, string> { ["nom"] = "Col A", ["prenom"] = "Col B", ["email"] = "Col C" });
        var run = await ImportOkAsync(ImportApi.Csv(csv), mapping);
        Assert.Equal(1, ImportApi.Count(run, "imported"));
        var p = Assert.Single(await ImportKit.StoredAsync(_app, _s.CaseAId)).Payload;
        Assert.Equal(("Martin", "Claire", "claire@example.org"), (p.LastName, p.FirstName, p.Email));
        Assert.Null(p.Comment);
    }

    [Theory]
    [InlineData("{\"nom\": ", "correspondance illisible")]
    [InlineData("[\"nom\"]", "correspondance illisible")]
    [InlineData("{\"nom\":\"Inexistant\",\"prenom\":\"Col B\",\"email\":\"Col C\"}", "en-tête « Inexistant » absent du fichier")]
    [InlineData("{\"surnom\":\"Col A\",\"nom\":\"Col A\",\"prenom\":\"Col B\",\"email\":\"Col C\"}", "colonne « surnom » inconnue")]
    [InlineData("{\"nom\":\"Col A\",\"prenom\":\"Col A\",\"email\":\"Col C\"}", "associé à la fois")]
    [InlineData("{\"nom\":\"Col A\",\"prenom\":\"Col B\"}", "aucun moyen de contact")]
    public async Task An_invalid_mapping_is_refused_with_400_in_French_and_nothing_is_stored(string mapping, string message)
    {
        var csv = "Col A;Col B;Col C\r\nMartin;Claire;claire@example.org\r\n";
        using var response = await ImportApi.PostAsync(_dpo, _s.CaseAId, ImportApi.Csv(csv), mapping);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("mapping").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        var (runs, segments, subjects) = await _app.WithDbAsync(async db =>
            (await db.ImportRuns.CountAsync(), await db.ImportFileSegments.CountAsync(), await db.Subjects.CountAsync()));
        Assert.Equal((0, 0, 0), (runs, segments, subjects));
    }
}
