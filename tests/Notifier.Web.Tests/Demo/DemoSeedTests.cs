using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Protection;
using Notifier.Core;
using Notifier.Web.Infrastructure.Seeding;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Demo;

// One demo app for the read-only checks; the tests that need a database file make their own.
public sealed class DemoAppFixture : IAsyncLifetime
{
    public NotifierApp App { get; } = new(demo: true);

    public Task InitializeAsync()
    {
        _ = App.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class DemoSeedTests(DemoAppFixture fixture) : IClassFixture<DemoAppFixture>, IDisposable
{
    private const int Laboratories = 28;
    private const int PatientsPerLab = 5; // Demo:PatientsPerLab in NotifierApp

    private readonly string _folder = Directory.CreateTempSubdirectory("notifier-demo-").FullName;

    private NotifierApp App => fixture.App;

    [Fact]
    public async Task The_demo_incident_has_28_cases_whose_estimates_add_up_to_the_491840_patients_of_2021()
    {
        var cases = await App.WithDbAsync(db => db.Cases.Where(c => db.Incidents.Any(i => i.Id == c.IncidentId && i.Reference == DemoSeed.IncidentReference)).ToListAsync());

        Assert.Equal(Laboratories, cases.Count);
        Assert.Equal(Laboratories, cases.Select(c => c.LaboratoryId).Distinct().Count());
        Assert.All(cases, c => Assert.True(c.EstimatedSubjectCount > 0, $"{c.Reference} has no estimate."));
        Assert.Equal(491_840, cases.Sum(c => c.EstimatedSubjectCount!.Value));
        Assert.Equal(Enumerable.Range(1, Laboratories).Select(i => $"{DemoSeed.IncidentReference}-L{i:00}"), cases.Select(c => c.Reference).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Every_demo_case_became_aware_between_23_and_26_February_2021_in_Paris()
    {
        var paris = LabTimeZones.Find(LabTimeZones.Default);
        var aware = await App.WithDbAsync(db => db.Cases.Where(c => c.Reference.StartsWith(DemoSeed.IncidentReference))
            .Select(c => new { c.Reference, c.AwareAtUtc }).ToListAsync());

        Assert.Equal(Laboratories, aware.Count);
        Assert.All(aware, a => Assert.True(a.AwareAtUtc is not null, $"{a.Reference} has no awareness instant."));
        var localDates = aware.Select(a => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(a.AwareAtUtc!.Value, paris))).ToList();
        Assert.All(localDates, d => Assert.InRange(d, new DateOnly(2021, 2, 23), new DateOnly(2021, 2, 26)));
        // The news reached the laboratories over those four days, not all at once.
        Assert.Equal(new DateOnly(2021, 2, 23), localDates.Min());
        Assert.Equal(new DateOnly(2021, 2, 26), localDates.Max());
    }

    [Fact]
    public async Task Every_demo_laboratory_has_5_subjects_whose_payload_opens_with_the_app_cipher_and_only_for_its_own_row()
    {
        var cipher = App.Services.GetRequiredService<FieldCipher>();
        var subjects = await App.WithDbAsync(db => db.Subjects
            .Join(db.Cases, s => s.ControllerCaseId, c => c.Id, (s, c) => new { s.Id, s.Payload, c.LaboratoryId, c.Reference })
            .Where(x => x.Reference.StartsWith(DemoSeed.IncidentReference))
            .ToListAsync());

        var perLab = subjects.GroupBy(s => s.LaboratoryId).ToList();
        Assert.Equal(Laboratories, perLab.Count);
        Assert.All(perLab, g => Assert.Equal(PatientsPerLab, g.Count()));
        Assert.All(subjects, s =>
        {
            var payload = cipher.OpenSubject(s.Id, s.Payload);
            Assert.False(string.IsNullOrWhiteSpace(payload.LastName), $"Subject {s.Id} has no last name.");
            Assert.False(string.IsNullOrWhiteSpace(payload.FirstName), $"Subject {s.Id} has no first name.");
        });

        // The subject id is authenticated with the payload: copied onto another row, it no longer opens.
        Assert.ThrowsAny<CryptographicException>(() => cipher.OpenSubject(subjects[1].Id, subjects[0].Payload));
    }

    [Fact]
    public async Task The_demo_users_exist_with_their_roles_and_the_dpo_and_mailroom_reach_only_the_first_laboratory()
    {
        var firstLabId = await App.WithDbAsync(db => db.Cases.Where(c => c.Reference == DemoSeed.IncidentReference + "-L01").Select(c => c.LaboratoryId).SingleAsync());
        var firstLabName = await App.WithDbAsync(db => db.Laboratories.Where(l => l.Id == firstLabId).Select(l => l.Name).SingleAsync());
        Assert.Equal(DemoLaboratories.All[0].Name, firstLabName);

        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<NotifierUser>>();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        foreach (var (email, role, labs) in new[]
                 {
                     ("conformite@notifier.example", Roles.ComplianceOfficer, Array.Empty<Guid>()),
                     ("dpo.lab01@notifier.example", Roles.LabDpo, new[] { firstLabId }),
                     ("courrier@notifier.example", Roles.Mailroom, new[] { firstLabId }),
                 })
        {
            var user = await users.FindByEmailAsync(email);
            Assert.True(user is not null, $"Demo user {email} is missing.");
            Assert.Equal(new[] { role }, await users.GetRolesAsync(user));
            Assert.Equal(labs, await db.LabAssignments.Where(a => a.UserId == user.Id).Select(a => a.LaboratoryId).ToListAsync());

            // Demo:Password in the tests; random (and written to demo-credentials.txt) in Development.
            using var client = await App.SignInAsync(email, NotifierApp.Password);
        }
    }

    [Fact]
    public async Task Starting_again_on_the_same_database_does_not_seed_the_demo_twice()
    {
        var connectionString = $"Data Source={Path.Combine(_folder, "demo.db")}";
        Guid incidentId;
        int subjects;
        int users;
        using (var first = new NotifierApp(demo: true, connectionString: connectionString))
        {
            _ = first.Server;
            incidentId = await first.WithDbAsync(db => db.Incidents.Where(i => i.Reference == DemoSeed.IncidentReference).Select(i => i.Id).SingleAsync());
            subjects = await first.WithDbAsync(db => db.Subjects.CountAsync());
            users = await first.WithDbAsync(db => db.Users.CountAsync());
        }

        Assert.Equal(Laboratories * PatientsPerLab, subjects);

        using var second = new NotifierApp(demo: true, connectionString: connectionString);
        _ = second.Server;
        await second.WithDbAsync(async db =>
        {
            Assert.Equal(incidentId, await db.Incidents.Where(i => i.Reference == DemoSeed.IncidentReference).Select(i => i.Id).SingleAsync());
            Assert.Equal(1, await db.Incidents.CountAsync());
            Assert.Equal(Laboratories, await db.Cases.CountAsync(c => c.IncidentId == incidentId));
            Assert.Equal(Laboratories, await db.Laboratories.CountAsync());
            Assert.Equal(subjects, await db.Subjects.CountAsync());
            Assert.Equal(users, await db.Users.CountAsync());
            Assert.Equal(1, await db.Processors.CountAsync());
        });
    }

    [Fact]
    public async Task The_subjects_personal_data_never_appears_in_clear_in_the_database_file()
    {
        var file = Path.Combine(_folder, "at-rest.db");
        var needles = new HashSet<string>(StringComparer.Ordinal);
        using (var app = new NotifierApp(demo: true, connectionString: $"Data Source={file}"))
        {
            _ = app.Server;
            var cipher = app.Services.GetRequiredService<FieldCipher>();
            var rows = await app.WithDbAsync(db => db.Subjects.Select(s => new { s.Id, s.Payload }).ToListAsync());
            Assert.Equal(Laboratories * PatientsPerLab, rows.Count);
            foreach (var row in rows)
            {
                var p = cipher.OpenSubject(row.Id, row.Payload);
                foreach (var value in new[] { p.Nir, p.Email, p.LastName, p.Comment })
                {
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        needles.Add(value);
                    }
                }
            }
        }

        var raw = ReadDatabaseFile(file);

        // The scan reads real data: a laboratory's name (not personal data) is stored in clear.
        Assert.True(Contains(raw, DemoLaboratories.All[0].Name), $"'{DemoLaboratories.All[0].Name}' not found: the scan does not read the data.");

        // Leave out what cannot prove anything: strings short enough to occur by chance in ciphertext or base64
        // (blind indexes, password hashes), and surnames that are also, legitimately, a demo DPO's or a town's name.
        var publicText = string.Join('\n', DemoLaboratories.All.SelectMany(l => new[] { l.Name, l.Street, l.City, l.DpoName }))
            + "\nHélène Marchand (conformité)\nService courrier";
        var checkedNeedles = needles
            .Where(n => Encoding.UTF8.GetByteCount(n) >= 6 && !publicText.Contains(n, StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.True(checkedNeedles.Count >= 100, $"Only {checkedNeedles.Count} personal values to look for: the check would prove little.");
        Assert.Contains(checkedNeedles, n => NirShaped(n));
        Assert.Contains(checkedNeedles, n => n.Contains('@', StringComparison.Ordinal));

        var found = checkedNeedles.Where(n => Contains(raw, n)).ToList();
        Assert.True(found.Count == 0, "Personal data in clear in the database file: " + string.Join(" | ", found));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    // The main file after a checkpoint, and the write-ahead log if one is left.
    private static byte[] ReadDatabaseFile(string file)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            command.ExecuteNonQuery();
        }

        var bytes = new List<byte>(ReadShared(file));
        if (File.Exists(file + "-wal"))
        {
            bytes.AddRange(ReadShared(file + "-wal"));
        }

        return [.. bytes];
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private static bool NirShaped(string value) => value.Length == 15 && value.All(char.IsAsciiLetterOrDigit);
}
