using System.Text.Json;
using Notifier.Core.Identity;
using Notifier.Core.Subjects;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// Issue 4, "Validation" and "Error report": one file that breaks every row rule once, through the API and the job.
public sealed class ImportRulesTests : IAsyncLifetime
{
    private const string Header = "lab_patient_id;civilite;nom;prenom;sexe;date_naissance;nir;adresse1;code_postal;ville;email;telephone;pathologies;opposition_parents\r\n";
    private const string Hyperlink = "=HYPERLINK(\"http://evil.example\";\"clic\")";

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

    // The clock of the app is 27/02/2021: 01/01/2022 is in the future, 2010 births are minors.
    private static string EveryRule()
    {
        var b1980 = new DateOnly(1980, 2, 1);
        var valid = ImportKit.Nir(1, b1980, 1);
        var wrongKey = ImportKit.WithWrongKey(ImportKit.Nir(1, b1980, 2));
        var maleNir = ImportKit.Nir(1, b1980, 3);
        var longName = new string('A', 101);
        return Header
            + $"R01;M.;Dupont;Jean;M;01/02/1980;{valid};3 rue des Lilas;35000;Rennes;jean.dupont@example.org;06 12 34 56 78;;\r\n"   // 2 valid
            + "R02;M.;;Paul;M;01/02/1980;;3 rue des Lilas;35000;Rennes;;;;\r\n"                                                      // 3 nom absent
            + "R03;M.;Bernard;Luc;M;31/02/1980;;3 rue des Lilas;35000;Rennes;;;;\r\n"                                                // 4 invalid date
            + "R04;M.;Thomas;Marc;M;01/01/2022;;3 rue des Lilas;35000;Rennes;;;;\r\n"                                                // 5 future
            + "R05;Mme;Robert;Anne;F;31/12/1899;;3 rue des Lilas;35000;Rennes;;;;\r\n"                                               // 6 before 1900
            + $"R06;M.;{longName};Long;M;01/02/1980;;3 rue des Lilas;35000;Rennes;;;;\r\n"                                           // 7 over-long
            + $"R07;M.;Richard;Yves;M;01/02/1980;{wrongKey};4 rue des Lilas;35000;Rennes;;;;\r\n"                                    // 8 NIR key
            + $"R08;Mme;Durand;Julie;F;01/02/1980;{maleNir};5 rue des Lilas;35000;Rennes;;;;\r\n"                                    // 9 NIR/sex
            + "R09;Mme;Leroy;Emma;F;02/03/1981;;6 rue des Lilas;35000;Rennes;emma(at)example;;;\r\n"                                // 10 email
            + "R10;M.;Moreau;Hugo;M;03/04/1982;;7 rue des Lilas;35000;Rennes;;12345;;\r\n"                                          // 11 phone
            + "R11;Mme;Simon;Léa;F;04/05/1983;;;;;;;;\r\n"                                                                          // 12 no address nor email
            + "R12;Mme;Laurent;Chloé;F;2010-05-01;;8 rue des Lilas;35000;Rennes;;;;oui\r\n"                                         // 13 minor, opposition
            + "R13;Mme;Michel;Inès;F;2009-06-02;;9 rue des Lilas;35000;Rennes;;;suivi de grossesse;\r\n"                            // 14 minor, pregnancy
            + "R14;Dr;Garcia;Louis;M;05/06/1984;;10 rue des Lilas;35000;Rennes;;;;\r\n"                                              // 15 civility
            + $"\"{Hyperlink.Replace("\"", "\"\"", StringComparison.Ordinal)}\";M.;Fournier;;M;06/07/1985;;11 rue des Lilas;35000;Rennes;;;;\r\n"; // 16 formula id, prénom absent
    }

    [Fact]
    public async Task Every_rule_is_counted_reported_in_French_and_valid_rows_are_imported_anyway()
    {
        var run = await ImportApi.ImportAsync(_dpo, _s.CaseAId, ImportApi.Csv(EveryRule()));
        Assert.Equal("completed", run.GetProperty("state").GetString());
        Assert.Equal(15, ImportApi.Count(run, "read"));
        Assert.Equal(6, ImportApi.Count(run, "rejected"));
        Assert.Equal(9, ImportApi.Count(run, "imported"));
        Assert.Equal(3, ImportApi.Count(run, "flaggedForReview"));
        Assert.Equal(5, ImportApi.Count(run, "withWarnings"));
        Assert.Equal(0, ImportApi.Count(run, "merged"));
        Assert.Equal(14, ImportApi.Count(run, "issues"));

        // Error report: UTF-8 BOM, ';', header, one line per issue with line, patient id, column, rule, severity, French message.
        var (bytes, rows) = await ImportKit.ErrorsCsvAsync(_dpo, run);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(["ligne", "identifiant_patient", "colonne", "regle", "gravite", "message"], rows[0]);
        Assert.All(rows, r => Assert.Equal(6, r.Length));
        var issues = rows.Skip(1).Select(r => (Line: int.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), Id: r[1], Column: r[2], Rule: r[3], Severity: r[4], Message: r[5])).ToList();
        Assert.Equal(14, issues.Count);
        Assert.Equal(
            [
                (3, "R02", "nom", "obligatoire", "rejetée"),
                (4, "R03", "date_naissance", "date_invalide", "rejetée"),
                (5, "R04", "date_naissance", "date_future", "rejetée"),
                (6, "R05", "date_naissance", "date_avant_1900", "rejetée"),
                (7, "R06", "nom", "longueur_max", "rejetée"),
                (8, "R07", "nir", "nir_cle", "avertissement"),
                (9, "R08", "nir", "nir_incoherent_sexe", "avertissement"),
                (10, "R09", "email", "email_syntaxe", "avertissement"),
                (11, "R10", "telephone", "telephone_format", "avertissement"),
                (12, "R11", "adresse1", "adresse_absente", "à revoir"),
                (13, "R12", "opposition_parents", "mineur_confidentialite", "à revoir"),
                (14, "R13", "date_naissance", "mineur_dossier_sensible", "à revoir"),
                (15, "R14", "civilite", "civilite_inconnue", "avertissement"),
                (16, "'" + Hyperlink, "prenom", "obligatoire", "rejetée"),
            ],
            issues.Select(i => (i.Line, i.Id, i.Column, i.Rule, i.Severity)).OrderBy(i => i.Line));

        string Message(int line) => issues.Single(i => i.Line == line).Message;
        Assert.Equal("nom absent : champ obligatoire", Message(3));
        Assert.Contains("date de naissance « 31/02/1980 » invalide", Message(4), StringComparison.Ordinal);
        Assert.Equal("date de naissance 01/01/2022 dans le futur", Message(5));
        Assert.Equal("date de naissance 31/12/1899 antérieure au 01/01/1900", Message(6));
        Assert.Equal("nom : 101 caractères, 100 au plus (rien n'est tronqué)", Message(7));
        Assert.StartsWith("NIR invalide (clé de contrôle ou format)", Message(8), StringComparison.Ordinal);
        Assert.Equal("NIR incohérent avec le sexe déclaré", Message(9));
        Assert.StartsWith("adresse e-mail invalide", Message(10), StringComparison.Ordinal);
        Assert.StartsWith("numéro de téléphone non reconnu", Message(11), StringComparison.Ordinal);
        Assert.Equal("ni adresse postale ni e-mail : personne injoignable sans recherche manuelle", Message(12));
        Assert.StartsWith("mineur : confidentialité demandée", Message(13), StringComparison.Ordinal);
        // The report never says what the minor's record is about.
        Assert.DoesNotContain("grossesse", Message(14), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("civilité « Dr » non reconnue", Message(15), StringComparison.Ordinal);
        Assert.Equal("prénom absent : champ obligatoire", Message(16));

        // The formula-looking id is defused on the raw bytes too: no cell of the report starts with '='.
        var raw = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Contains("16;\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";prenom;", raw, StringComparison.Ordinal);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.StartsWith('='), cell));
        // Messages never repeat a NIR or a health field.
        Assert.DoesNotContain(ImportKit.Nir(1, new DateOnly(1980, 2, 1), 3), raw, StringComparison.Ordinal);
        Assert.DoesNotContain(ImportKit.Nir(1, new DateOnly(1980, 2, 1), 2)[..13], raw, StringComparison.Ordinal);

        // The nine valid rows are stored, with the outcome each rule implies.
        var stored = (await ImportKit.StoredAsync(_app, _s.CaseAId)).ToDictionary(p => p.Payload.LabPatientId!);
        Assert.Equal(["R01", "R07", "R08", "R09", "R10", "R11", "R12", "R13", "R14"], stored.Keys.Order());
        Assert.Equal(9, await ImportKit.SubjectTotalAsync(_dpo, _s.CaseAId));
        Assert.Equal(("jean.dupont@example.org", "+33612345678"), (stored["R01"].Payload.Email, stored["R01"].Payload.Phone));
        Assert.Equal(SubjectNotificationStatus.Pending, stored["R01"].Subject.Status);
        Assert.Equal(ImportKit.WithWrongKey(ImportKit.Nir(1, new DateOnly(1980, 2, 1), 2)), stored["R07"].Payload.Nir);
        Assert.Null(stored["R07"].Subject.NirIndex);
        Assert.NotNull(stored["R08"].Subject.NirIndex);
        Assert.Null(stored["R09"].Payload.Email);
        Assert.Equal("12345", stored["R10"].Payload.Phone);
        Assert.Equal((SubjectNotificationStatus.ManualReview, ReviewReason.AddressUnusable), (stored["R11"].Subject.Status, stored["R11"].Subject.ReviewReason));
        Assert.Equal((true, ReviewReason.MinorConfidentialCare), (stored["R12"].Subject.IsMinor, stored["R12"].Subject.ReviewReason));
        Assert.Equal((true, ReviewReason.MinorSensitiveRecord), (stored["R13"].Subject.IsMinor, stored["R13"].Subject.ReviewReason));
        Assert.Null(stored["R14"].Payload.Civility);
        Assert.Equal(SubjectNotificationStatus.ManualReview, stored["R12"].Subject.Status);

        // The subjects list shows no health field.
        var list = await _dpo.GetStringAsync($"/api/v1/cases/{_s.CaseAId}/subjects");
        Assert.DoesNotContain("grossesse", list, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(9, JsonDocument.Parse(list).RootElement.GetProperty("items").GetArrayLength());
    }
}
