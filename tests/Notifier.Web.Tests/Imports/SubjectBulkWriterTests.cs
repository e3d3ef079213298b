using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Imports;
using Notifier.Web.Infrastructure;
using Notifier.Web.Tests.Infrastructure;
using Notifier.Web.Tests.Persistence;
using Xunit.Abstractions;

namespace Notifier.Web.Tests.Imports;

// The bulk insert path of imports on real SQLite and a real PostgreSQL server: rows written without EF must read back
// through EF exactly as if EF had written them, and one call is all-or-nothing.
[Collection("postgres")]
public sealed class SubjectBulkWriterTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly FieldCipher Cipher = Protection.CreateCipher(NotifierApp.TestKeys);

    // Microsecond precision: what every provider keeps (PostgreSQL timestamps have no 100 ns ticks).
    private static readonly DateTime T0 = new(2021, 2, 23, 8, 15, 42, 123, 456, DateTimeKind.Utc);

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Ten_thousand_bulk_rows_read_back_through_EF_unchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var caseId = await SeedCaseAsync(database);
        var importId = await SeedImportAsync(database, caseId);
        var subjects = Subjects(caseId, importId, 10_000, "R");

        // One row written by EF beside the bulk rows: raw SQL then proves both paths store the same text/values.
        var reference = Subject(caseId, importId, 999_999, "E");
        await using (var db = database.NewContext())
        {
            db.Subjects.Add(reference);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(10_000, await SubjectBulkWriter.For(db).InsertAsync(db, subjects, CancellationToken.None));
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(10_001, await db.Subjects.CountAsync());
            var stored = await db.Subjects.AsNoTracking().Where(s => s.Id != reference.Id).ToDictionaryAsync(s => s.Id);
            Assert.Equal(10_000, stored.Count);
            var instants = 0;
            foreach (var expected in subjects)
            {
                instants += MappedAssert.Equal(db, expected, stored[expected.Id]);
            }

            Assert.Equal(20_000, instants);

            // Every payload still opens: the binary column kept it intact and it sits on the row it was sealed for.
            foreach (var expected in subjects.Where((_, i) => i % 50 == 0))
            {
                var opened = Cipher.OpenSubject(expected.Id, stored[expected.Id].Payload);
                Assert.Equal(Cipher.OpenSubject(expected.Id, expected.Payload), opened);
                Assert.Equal("287127512345678", opened.Nir);
            }

            // Translated queries match bulk rows, so keys, enums and instants have EF's stored form, not just a parsable one.
            var probe = subjects[4_321];
            Assert.Equal(probe.LetterCode, (await db.Subjects.AsNoTracking().SingleAsync(s => s.Id == probe.Id)).LetterCode);
            Assert.Equal(subjects.Count(s => s.ImportId == importId) + 1, await db.Subjects.CountAsync(s => s.ControllerCaseId == caseId && s.ImportId == importId));
            Assert.Equal(subjects.Count(s => s.Status == SubjectNotificationStatus.ManualReview),
                await db.Subjects.CountAsync(s => s.Status == SubjectNotificationStatus.ManualReview && s.Id != reference.Id));
            Assert.Equal(subjects.Count(s => s.Channel == NotificationChannel.EmailAndPost && s.ReviewReason == ReviewReason.Deceased),
                await db.Subjects.CountAsync(s => s.Channel == NotificationChannel.EmailAndPost && s.ReviewReason == ReviewReason.Deceased && s.Id != reference.Id));
            Assert.Equal(subjects.Count(s => (s.ExposedCategories & DataCategories.SocialSecurityNumber) != 0),
                await db.Subjects.CountAsync(s => (s.ExposedCategories & DataCategories.SocialSecurityNumber) != 0 && s.Id != reference.Id));
            Assert.Equal(subjects.Count(s => s.UpdatedAtUtc > T0.AddMinutes(5_000)),
                await db.Subjects.CountAsync(s => s.UpdatedAtUtc > T0.AddMinutes(5_000) && s.Id != reference.Id));
            Assert.Equal(subjects.Count(s => s.NirIndex is null), await db.Subjects.CountAsync(s => s.NirIndex == null && s.Id != reference.Id));

            // The EF row and the bulk rows share case, import and creation instant: one distinct stored value each.
            Assert.Equal(1, await ScalarAsync(db, "SELECT COUNT(DISTINCT \"ControllerCaseId\") FROM \"DataSubjects\""));
            Assert.Equal(1, await ScalarAsync(db, "SELECT COUNT(DISTINCT \"ImportId\") FROM \"DataSubjects\""));
            Assert.Equal(1, await ScalarAsync(db, "SELECT COUNT(DISTINCT \"CreatedAtUtc\") FROM \"DataSubjects\""));
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_call_with_a_duplicate_letter_code_fails_and_stores_none_of_its_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var caseId = await SeedCaseAsync(database);
        var first = Subjects(caseId, await SeedImportAsync(database, caseId), 1_000, "A");
        var second = Subjects(caseId, await SeedImportAsync(database, caseId), 1_000, "B");
        var third = await SeedImportAsync(database, caseId);
        // The last row of the second call collides with a row of the first: everything before it must be undone too.
        second[^1].LetterCode = first[10].LetterCode;

        await using (var db = database.NewContext())
        {
            var writer = SubjectBulkWriter.For(db);
            await writer.InsertAsync(db, first, CancellationToken.None);
            await Assert.ThrowsAnyAsync<DbException>(() => writer.InsertAsync(db, second, CancellationToken.None));

            // The same context and connection stay usable after the failure.
            await writer.InsertAsync(db, Subjects(caseId, third, 10, "C"), CancellationToken.None);
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(1_010, await db.Subjects.CountAsync());
            var secondIds = second.Select(s => s.Id).ToList();
            Assert.Equal(0, await db.Subjects.CountAsync(s => secondIds.Contains(s.Id)));
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_local_time_is_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var caseId = await SeedCaseAsync(database);
        var subjects = Subjects(caseId, null, 100, "L");
        subjects[50].UpdatedAtUtc = DateTime.SpecifyKind(T0, DateTimeKind.Unspecified);

        await using (var db = database.NewContext())
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => SubjectBulkWriter.For(db).InsertAsync(db, subjects, CancellationToken.None));
            Assert.Equal("Only UTC instants may be stored.", refused.Message);
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(0, await db.Subjects.CountAsync());
        }
    }

    // Order of magnitude only, printed for the benchmark notes (issue 4 "Scale"); never asserted, a shared CI machine varies.
    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Hundred_thousand_rows_timing_is_reported(DatabaseProvider provider)
    {
        const int Total = 100_000;
        const int Batch = 5_000;
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var caseId = await SeedCaseAsync(database);
        var subjects = Subjects(caseId, await SeedImportAsync(database, caseId), Total, "T");

        await using (var db = database.NewContext())
        {
            var writer = SubjectBulkWriter.For(db);
            var clock = Stopwatch.StartNew();
            for (var offset = 0; offset < Total; offset += Batch)
            {
                await writer.InsertAsync(db, subjects.GetRange(offset, Batch), CancellationToken.None);
            }

            clock.Stop();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{provider}: {Total:N0} rows in batches of {Batch:N0} in {clock.Elapsed.TotalSeconds:0.00} s = {Total / clock.Elapsed.TotalSeconds:N0} rows/s"));
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(Total, await db.Subjects.CountAsync());
        }
    }

    private static async Task<Guid> SeedCaseAsync(TestDatabase database)
    {
        var laboratory = new Laboratory(Guid.NewGuid(), "Laboratoire de l'Étang");
        var incident = new Incident(Guid.NewGuid(), "INC-BULK", "Fuite « bulk »", T0);
        var controllerCase = new ControllerCase(Guid.NewGuid(), incident.Id, laboratory.Id, "INC-BULK-L01", T0);
        await using var db = database.NewContext();
        db.Laboratories.Add(laboratory);
        db.Incidents.Add(incident);
        db.Cases.Add(controllerCase);
        await db.SaveChangesAsync();
        return controllerCase.Id;
    }

    // DataSubjects.ImportId references ImportRuns: the rows of a bulk call belong to a stored import.
    private static async Task<Guid> SeedImportAsync(TestDatabase database, Guid caseId)
    {
        var run = new ImportRun(Guid.CreateVersion7(), caseId, Guid.NewGuid(), "bulk.csv", 0, T0);
        await using var db = database.NewContext();
        db.ImportRuns.Add(run);
        await db.SaveChangesAsync();
        return run.Id;
    }

    private static List<DataSubject> Subjects(Guid caseId, Guid? importId, int count, string prefix) =>
        [.. Enumerable.Range(0, count).Select(i => Subject(caseId, importId, i, prefix))];

    // Cycles through every enum value and leaves nullable columns empty on a share of rows.
    private static DataSubject Subject(Guid caseId, Guid? importId, int i, string prefix)
    {
        var id = Guid.NewGuid();
        var letterCode = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{i:D8}");
        return new DataSubject(id, caseId, Cipher.SealSubject(id, Payload(letterCode)), T0)
        {
            ImportId = i % 7 == 3 ? null : importId,
            LabPatientIdIndex = i % 5 == 0 ? null : Cipher.BlindIndex("lab-patient", letterCode),
            NirIndex = i % 3 == 0 ? null : Cipher.BlindIndex("nir", letterCode),
            IdentityIndex = i % 4 == 0 ? null : Cipher.BlindIndex("identity", letterCode),
            ExposedCategories = (DataCategories)(i % 1024),
            IsMinor = i % 2 == 0,
            ReviewReason = (ReviewReason)(i % Enum.GetValues<ReviewReason>().Length),
            HasEmail = i % 3 == 1,
            Channel = (NotificationChannel)(i % Enum.GetValues<NotificationChannel>().Length),
            Status = (SubjectNotificationStatus)(i % Enum.GetValues<SubjectNotificationStatus>().Length),
            LetterCode = i % 11 == 5 ? null : letterCode,
            UpdatedAtUtc = T0.AddMinutes(i).AddTicks(i % 10 * 10),
        };
    }

    private static SubjectPayload Payload(string key) => new()
    {
        LabPatientId = key,
        LastName = "Lefèvre-Dûbois",
        FirstName = "Zoé",
        BirthDate = new DateOnly(1987, 12, 31),
        Nir = "287127512345678",
        PostalCode = "42000",
        City = "Saint-Étienne",
        Email = "zoe@example.fr",
        Pathologies = "Diabète de type 1",
    };

    private static async Task<long> ScalarAsync(NotifierDbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        try
        {
            await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Callers pass constant SQL only.
            command.CommandText = sql;
#pragma warning restore CA2100
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }
}
