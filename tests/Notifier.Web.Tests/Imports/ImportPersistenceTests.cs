using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Imports;

// The main import flows on each provider (real SQLite, a real PostgreSQL server): de-duplication within a file,
// re-import, correction, cross-lab links, and what the database holds in clear afterwards.
[Collection("postgres")]
public sealed partial class ImportPersistenceTests(PostgresServer postgres)
{
    private const string Header = "lab_patient_id;civilite;nom;prenom;sexe;date_naissance;nir;adresse1;code_postal;ville;email;pathologies\r\n";

    private static readonly DateOnly B1980 = new(1980, 2, 1);
    private static readonly DateOnly B1990 = new(1990, 5, 6);

    private NotifierApp NewApp(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSql
        ? new NotifierApp(connectionString: postgres.ConnectionString($"imp_{Guid.NewGuid():N}"), provider: provider, jobs: true)
        : new NotifierApp(jobs: true);

    private static async Task<JsonElement> ImportOkAsync(HttpClient client, Guid caseId, string csv)
    {
        var run = await ImportApi.ImportAsync(client, caseId, ImportApi.Csv(csv));
        Assert.True(run.GetProperty("state").GetString() == "completed", run.ToString());
        return run;
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Duplicates_within_a_file_are_merged_and_reported(DatabaseProvider provider)
    {
        using var app = NewApp(provider);
        var s = await Scenario.CreateAsync(app);
        var dpo = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var nir = ImportKit.Nir(1, B1980, 21);
        var csv = Header
            + $"D1;M.;Dupont;Jean;M;01/02/1980;{nir};3 rue des Lilas;35000;Rennes;;\r\n"                 // 2
            + "L1;Mme;Martin;Claire;F;06/05/1990;;4 rue du Port;29200;Brest;;\r\n"                         // 3
            + "I1;M.;Le Gall;Jean-Pierre;M;07/08/1970;;5 rue Neuve;29000;Quimper;;\r\n"                     // 4
            + $"D2;M.;Dupond;Jean;M;01/02/1980;{nir};3 rue des Lilas;35000;Rennes;jean@example.org;\r\n"    // 5 same NIR as 2
            + "L1;Mme;Martin;Claire;F;06/05/1990;;;;;claire@example.org;\r\n"                             // 6 same lab id as 3
            + "I2;M.;LE-GALL;Jean Pierre;M;1970-08-07;;5 rue Neuve;29000;Quimper;;\r\n";                  // 7 same identity as 4
        var run = await ImportOkAsync(dpo, s.CaseAId, csv);
        Assert.Equal((6, 3, 3, 0), (ImportApi.Count(run, "read"), ImportApi.Count(run, "imported"), ImportApi.Count(run, "merged"), ImportApi.Count(run, "rejected")));

        var (_, rows) = await ImportKit.ErrorsCsvAsync(dpo, run);
        var merges = rows.Skip(1).Where(r => r[3] == "doublon_fusionne").Select(r => (r[0], r[1], r[2], r[4])).ToList();
        Assert.Equal([("5", "D2", "nir", "avertissement"), ("6", "L1", "lab_patient_id", "avertissement"), ("7", "I2", "nom", "avertissement")], merges);
        var messages = rows.Skip(1).Where(r => r[3] == "doublon_fusionne").Select(r => r[5]).ToList();
        Assert.Contains("même personne que la ligne 2 (même NIR)", messages[0], StringComparison.Ordinal);
        Assert.Contains("même personne que la ligne 3 (même identifiant patient)", messages[1], StringComparison.Ordinal);
        Assert.Contains("même personne que la ligne 4 (même nom, prénom, date de naissance et code postal)", messages[2], StringComparison.Ordinal);

        // Three persons; each merged record keeps what the later row adds.
        var stored = await ImportKit.StoredAsync(app, s.CaseAId);
        Assert.Equal(3, stored.Count);
        Assert.Equal(3, await ImportKit.SubjectTotalAsync(dpo, s.CaseAId));
        var dupont = Assert.Single(stored, p => p.Payload.Nir == nir);
        Assert.Equal(("jean@example.org", "Dupond"), (dupont.Payload.Email, dupont.Payload.LastName));
        Assert.True(dupont.Subject.HasEmail);
        var martin = Assert.Single(stored, p => p.Payload.LastName == "Martin");
        Assert.Equal(("claire@example.org", "4 rue du Port", "Brest"), (martin.Payload.Email, martin.Payload.AddressLine1, martin.Payload.City));
        Assert.Single(stored, p => p.Payload.FirstName.StartsWith("Jean", StringComparison.Ordinal) && p.Payload.PostalCode == "29000");
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Reimport_creates_nobody_and_a_corrected_file_updates_the_matched_persons(DatabaseProvider provider)
    {
        using var app = NewApp(provider);
        var s = await Scenario.CreateAsync(app);
        var dpo = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var nir = ImportKit.Nir(1, B1980, 31);
        var csv = Header
            + $"P1;M.;Dupont;Jean;M;01/02/1980;{nir};3 rue des Lilas;35000;Rennes;jean@example.org;diabète\r\n"
            + "P2;Mme;Martin;Claire;F;06/05/1990;;4 rue du Port;29200;Brest;;\r\n"
            + "P3;M.;Petit;Louis;M;07/08/1970;;5 rue Neuve;29000;Quimper;;\r\n";
        var first = await ImportOkAsync(dpo, s.CaseAId, csv);
        Assert.Equal(3, ImportApi.Count(first, "imported"));
        var before = (await ImportKit.StoredAsync(app, s.CaseAId)).ToDictionary(p => p.Payload.LabPatientId!, p => p.Subject);

        var again = await ImportOkAsync(dpo, s.CaseAId, csv);
        Assert.Equal((3, 0, 0, 3, 0), (ImportApi.Count(again, "read"), ImportApi.Count(again, "imported"), ImportApi.Count(again, "updated"),
            ImportApi.Count(again, "unchanged"), ImportApi.Count(again, "merged")));
        var afterAgain = (await ImportKit.StoredAsync(app, s.CaseAId)).ToDictionary(p => p.Payload.LabPatientId!, p => p.Subject);
        Assert.Equal(before.Keys.Order(), afterAgain.Keys.Order());
        Assert.All(before, p => Assert.Equal(p.Value.Id, afterAgain[p.Key].Id));
        // Nothing was rewritten: same ciphertext, same update instant.
        Assert.All(before, p => Assert.Equal(p.Value.Payload, afterAgain[p.Key].Payload));

        // The corrected export: P1 moved and has a new e-mail, P2 found by identity without its lab id, P3 unchanged.
        var corrected = Header
            + $"P1;M.;Dupont;Jean;M;01/02/1980;{nir};12 avenue Foch;35700;Rennes;jean.dupont@example.org;diabète\r\n"
            + ";Mme;Martin;Claire;F;06/05/1990;;4 rue du Port;29200;Brest;claire@example.org;\r\n"
            + "P3;M.;Petit;Louis;M;07/08/1970;;5 rue Neuve;29000;Quimper;;\r\n";
        var fix = await ImportOkAsync(dpo, s.CaseAId, corrected);
        Assert.Equal((0, 2, 1), (ImportApi.Count(fix, "imported"), ImportApi.Count(fix, "updated"), ImportApi.Count(fix, "unchanged")));

        var after = (await ImportKit.StoredAsync(app, s.CaseAId)).ToDictionary(p => p.Subject.Id);
        Assert.Equal(3, after.Count);
        var p1 = after[before["P1"].Id].Payload;
        Assert.Equal(("12 avenue Foch", "35700", "jean.dupont@example.org"), (p1.AddressLine1, p1.PostalCode, p1.Email));
        var p2 = after[before["P2"].Id];
        Assert.Equal(("P2", "claire@example.org"), (p2.Payload.LabPatientId, p2.Payload.Email));
        Assert.True(p2.Subject.HasEmail);
        Assert.Equal(before["P3"].Payload, after[before["P3"].Id].Subject.Payload);
        Assert.Equal(3, await ImportKit.SubjectTotalAsync(dpo, s.CaseAId));
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task The_same_person_in_two_labs_gets_two_subjects_sharing_one_PersonId(DatabaseProvider provider)
    {
        using var app = NewApp(provider);
        var s = await Scenario.CreateAsync(app);
        var dpoA = await app.ApiClientAsync(Roles.LabDpo, s.LabAId);
        var dpoB = await app.ApiClientAsync(Roles.LabDpo, s.LabBId);
        var nir = ImportKit.Nir(2, B1990, 41);
        await ImportOkAsync(dpoA, s.CaseAId, Header
            + $"A-17;Mme;Martin;Claire;F;06/05/1990;{nir};4 rue du Port;29200;Brest;;\r\n"
            + "A-18;M.;Petit;Louis;M;07/08/1970;;5 rue Neuve;29000;Quimper;;\r\n");
        // Lab B numbers its patients its own way and writes the name differently; the NIR and the identity still match.
        var runB = await ImportOkAsync(dpoB, s.CaseBId, Header
            + $"B-0001;Madame;MARTIN;Claire;F;1990-05-06;{nir};9 quai Kléber;29200;Brest;claire@example.org;\r\n"
            + "B-0002;M.;Petit;Louis;M;07/08/1970;;5 rue Neuve;29000;Quimper;;\r\n"
            + "B-0003;M.;Roux;Paul;M;09/10/1960;;6 rue Haute;29200;Brest;;\r\n");
        Assert.Equal((3, 2), (ImportApi.Count(runB, "imported"), ImportApi.Count(runB, "linkedAcrossLabs")));

        var a = await ImportKit.StoredAsync(app, s.CaseAId);
        var b = await ImportKit.StoredAsync(app, s.CaseBId);
        Assert.Equal((2, 3), (a.Count, b.Count));
        var claireA = Assert.Single(a, p => p.Payload.Nir == nir).Subject;
        var claireB = Assert.Single(b, p => p.Payload.Nir == nir).Subject;
        Assert.NotEqual(claireA.Id, claireB.Id);
        Assert.Equal(claireA.PersonId, claireB.PersonId);
        Assert.Equal(claireA.Id, claireA.PersonId);
        Assert.Equal(Assert.Single(a, p => p.Payload.LastName == "Petit").Subject.PersonId, Assert.Single(b, p => p.Payload.LastName == "Petit").Subject.PersonId);
        var roux = Assert.Single(b, p => p.Payload.LastName == "Roux").Subject;
        Assert.Equal(roux.Id, roux.PersonId);

        // Each lab keeps its own record: lab A's is not touched by lab B's import.
        Assert.Null(Assert.Single(a, p => p.Payload.Nir == nir).Payload.Email);

        // Checked with the database's own eyes: two rows, two cases, one PersonId.
        var sql = await app.WithDbAsync(db => db.Subjects.AsNoTracking().Where(x => x.PersonId == claireA.PersonId)
            .Select(x => x.ControllerCaseId).ToListAsync());
        Assert.Equal(new[] { s.CaseAId, s.CaseBId }.Order(), sql.Order());
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task No_NIR_email_or_health_text_is_stored_in_clear_and_the_audit_entry_holds_no_personal_data(DatabaseProvider provider)
    {
        using var app = NewApp(provider);
        var s = await Scenario.CreateAsync(app);
        var user = await app.CreateUserAsync(Roles.LabDpo, s.LabAId);
        var dpo = await app.ApiClientAsync(user);
        var nir = ImportKit.Nir(1, B1980, 51);
        const string Email = "secret.patient.4242@example.org";
        const string Pathology = "Hypothyroïdie de Hashimoto sous lévothyroxine";
        const string LastName = "Zyxwvutsrq";
        var csv = Header
            + $"SEC-1;M.;{LastName};Quentin;M;01/02/1980;{nir[..1]} {nir[1..3]} {nir[3..5]} {nir[5..7]} {nir[7..10]} {nir[10..13]} {nir[13..]};3 rue des Lilas;35000;Rennes;{Email};{Pathology}\r\n"
            + "SEC-2;Mme;Martin;Claire;F;06/05/1990;;4 rue du Port;29200;Brest;;\r\n"
            + "SEC-3;;;Sans;;;;;;;;\r\n";
        var run = await ImportOkAsync(dpo, s.CaseAId, csv);
        Assert.Equal((3, 2, 1), (ImportApi.Count(run, "read"), ImportApi.Count(run, "imported"), ImportApi.Count(run, "rejected")));
        var stored = Assert.Single(await ImportKit.StoredAsync(app, s.CaseAId), p => p.Payload.LastName == LastName).Payload;
        Assert.Equal((nir, Email, Pathology), (stored.Nir, stored.Email, stored.Pathologies));

        var secrets = new[] { nir, nir[..13], Email, Pathology, "Hashimoto", "lévothyroxine", LastName };
        var scan = await ScanAsync(app, provider, secrets);
        Assert.True(scan.Rows > 0 && scan.Tables.Contains("DataSubjects", StringComparer.OrdinalIgnoreCase), string.Join(", ", scan.Tables));
        Assert.True(scan.Hits.Count == 0, "in clear: " + string.Join(", ", scan.Hits));

        // Nothing in clear on disk either (the data folder holds the Hangfire SQLite file on SQLite).
        foreach (var path in Directory.EnumerateFiles(app.DataFolder, "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(path);
            Assert.All(secrets, secret => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{secret} in {path}"));
        }

        // The audit trail: counts and who, nothing about the persons.
        var id = run.GetProperty("id").GetGuid();
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == id).ToListAsync());
        var completed = Assert.Single(entries, e => e.Action == "import.completed");
        Assert.Matches(AuditSummary(), completed.Summary);
        Assert.StartsWith($"Import {id:N}"[..15] + " : 3 lignes lues, 2 personnes créées", completed.Summary, StringComparison.Ordinal);
        Assert.EndsWith($" par {user.Email}", completed.Summary, StringComparison.Ordinal);
        Assert.Contains("1 rejetées", completed.Summary, StringComparison.Ordinal);
        Assert.Equal(s.CaseAId, completed.ControllerCaseId);
        Assert.All(entries, e => Assert.All(secrets.Append("Martin").Append("SEC-1").Append("Rennes"),
            secret => Assert.DoesNotContain(secret, e.Summary, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(entries, e => e.Action == "import.queued");
    }

    [GeneratedRegex(@"^Import [0-9a-f]{8} : \d+ lignes lues, \d+ personnes créées, \d+ mises à jour, \d+ fusionnées, \d+ rejetées, \d+ à revoir par \S+@\S+$")]
    private static partial Regex AuditSummary();

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    private sealed record Scan(int Rows, List<string> Tables, List<string> Hits);

    // Every text and binary value of every table, read with raw SQL (no EF, no converter): a secret must not appear,
    // neither as text nor as UTF-8 bytes inside a blob.
    private static async Task<Scan> ScanAsync(NotifierApp app, DatabaseProvider provider, string[] secrets)
    {
        await using DbConnection connection = provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(app.ConnectionString)
            : new SqliteConnection(app.SqliteConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = provider == DatabaseProvider.PostgreSql
                ? "SELECT '\"' || table_schema || '\".\"' || table_name || '\"' FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                : "SELECT '\"' || name || '\"' FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var needles = secrets.Select(x => (Text: x, Bytes: Encoding.UTF8.GetBytes(x))).ToList();
        var hits = new List<string>();
        var rows = 0;
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM {table}";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    foreach (var (text, bytes) in needles)
                    {
                        var found = value switch
                        {
                            null => false,
                            byte[] blob => blob.AsSpan().IndexOf(bytes) >= 0,
                            string str => str.Contains(text, StringComparison.OrdinalIgnoreCase),
                            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Contains(text, StringComparison.OrdinalIgnoreCase) == true,
                        };
                        if (found)
                        {
                            hits.Add($"{table}.{reader.GetName(i)} ⊃ {text}");
                        }
                    }
                }
            }
        }

        return new Scan(rows, [.. tables.Select(t => t.Trim('"').Split("\".\"")[^1])], hits);
    }
}
