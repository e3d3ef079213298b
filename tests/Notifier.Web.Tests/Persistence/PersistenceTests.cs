using Microsoft.EntityFrameworkCore;
using Notifier.Core.Audit;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Processors;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Persistence;

// The persistence layer on real SQLite and a real PostgreSQL server, through the real migrations (house style §4.9).
[Collection("postgres")]
public sealed class PersistenceTests(PostgresServer postgres)
{
    private const string FrenchAndEmoji = "Fuite « données » — Élodie, Œuvre, façade, naïve, cœur 🧪💉🇫🇷";

    private static readonly FieldCipher Cipher = Protection.CreateCipher(NotifierApp.TestKeys);

    // Microsecond precision: what every provider keeps (PostgreSQL timestamps have no 100 ns ticks).
    private static readonly DateTime T0 = new(2021, 2, 23, 8, 15, 42, 123, 456, DateTimeKind.Utc);

    // Two Hangfire workers writing in turn: the second waits in SQLite's busy handler (steps of a few ms) instead of
    // Microsoft.Data.Sqlite's own 150 ms sleep. Every connection the app's contexts open carries the setting.
    [Fact]
    public async Task Every_SQLite_connection_of_the_app_waits_for_the_writer_in_SQLites_busy_handler()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.Sqlite, postgres);
        for (var i = 0; i < 2; i++)
        {
            await using var db = database.NewContext();
            var timeout = await db.Database.SqlQueryRaw<int>("PRAGMA busy_timeout").ToListAsync();
            Assert.Equal([30_000], timeout);
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task An_incident_with_its_laboratory_case_notice_subject_and_audit_reads_back_unchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var graph = Graph.Create("INC-ROUND-TRIP");
        var payload = new SubjectPayload
        {
            LabPatientId = "P-000042",
            Civility = "Mme",
            LastName = "Lefèvre-Dûbois 😀",
            BirthName = "Ørsted",
            FirstName = "Zoé",
            Sex = "F",
            BirthDate = new DateOnly(1987, 12, 31),
            Nir = "287127512345678",
            AddressLine1 = "12 rue de l'Église",
            PostalCode = "42000",
            City = "Saint-Étienne",
            Country = "FRANCE",
            Email = "zoe@example.fr",
            Comment = "Allergie à la pénicilline ⚠️",
            SampleDate = new DateOnly(2021, 1, 15),
            ParentalOpposition = true,
        };
        var subjectId = Guid.NewGuid();
        var subject = new DataSubject(subjectId, graph.Case.Id, Cipher.SealSubject(subjectId, payload), T0)
        {
            ImportId = Guid.NewGuid(),
            LabPatientIdIndex = Cipher.BlindIndex("lab-patient", "P-000042"),
            NirIndex = Cipher.BlindIndex("nir", "287127512345678"),
            IdentityIndex = Cipher.BlindIndex("identity", "lefevre-dubois|zoe|1987-12-31|42000"),
            ExposedCategories = DataCategories.Surname | DataCategories.SocialSecurityNumber | DataCategories.Credentials,
            IsMinor = false,
            ReviewReason = ReviewReason.ProtectedAdult,
            HasEmail = true,
            Channel = NotificationChannel.EmailAndPost,
            Status = SubjectNotificationStatus.ManualReview,
            LetterCode = "ABCD-EFGH-JKLM-N",
            UpdatedAtUtc = T0.AddHours(1),
        };
        var audit = new AuditEntry(Guid.NewGuid(), T0.AddMinutes(5), null, "Système « import » 🤖", "subjects.imported", nameof(ControllerCase),
            graph.Case.Id, graph.Incident.Id, graph.Case.Id, "1 personne importée — fichier «patients-février.csv» ✅");

        await using (var db = database.NewContext())
        {
            graph.AddTo(db);
            db.Subjects.Add(subject);
            db.AuditEntries.Add(audit);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var instants = 0;
            instants += MappedAssert.Equal(db, graph.Processor, await db.Processors.AsNoTracking().SingleAsync());
            instants += MappedAssert.Equal(db, graph.Laboratory, await db.Laboratories.AsNoTracking().SingleAsync());
            instants += MappedAssert.Equal(db, graph.Incident, await db.Incidents.AsNoTracking().SingleAsync());
            instants += MappedAssert.Equal(db, graph.Case, await db.Cases.AsNoTracking().SingleAsync());
            instants += MappedAssert.Equal(db, graph.Notice, await db.ProcessorNotices.AsNoTracking().SingleAsync());
            var storedSubject = await db.Subjects.AsNoTracking().SingleAsync();
            instants += MappedAssert.Equal(db, subject, storedSubject);
            instants += MappedAssert.Equal(db, audit, await db.AuditEntries.AsNoTracking().SingleAsync());
            // Every non-null instant of the graph: incident 4, case 5, notice 1 (SentAtUtc stays null), subject 2, audit 1.
            Assert.Equal(13, instants);

            // The sealed payload survives the binary column and still opens (the subject id is its associated data).
            Assert.Equal(payload, Cipher.OpenSubject(storedSubject.Id, storedSubject.Payload));

            // Spot checks of what the mapped comparison covers, for a reader of this test.
            var incident = await db.Incidents.AsNoTracking().SingleAsync();
            Assert.Equal(BreachNature.Confidentiality | BreachNature.Availability, incident.Nature);
            Assert.Equal(IncidentOrigin.HackingMalwarePhishing, incident.Origin);
            Assert.Equal(FrenchAndEmoji, incident.Title);
            var laboratory = await db.Laboratories.AsNoTracking().SingleAsync();
            Assert.Equal("Saint-Étienne", laboratory.Address.City);
            Assert.Equal("Dr Hélène Müller 👩‍⚕️", laboratory.Dpo.Name);
            Assert.Equal(CaseStatus.AuthorityNotified, (await db.Cases.AsNoTracking().SingleAsync()).Status);

            // Flag masks are integers in SQL: filtering on one flag is translated and finds the row.
            Assert.Equal(1, await db.Incidents.CountAsync(i => i.DataCategories.HasFlag(DataCategories.SocialSecurityNumber)));
            Assert.Equal(0, await db.Incidents.CountAsync(i => i.DataCategories.HasFlag(DataCategories.BloodGroup)));
            Assert.Equal(1, await db.Subjects.CountAsync(s => (s.ExposedCategories & DataCategories.Credentials) != 0));
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Storing_a_local_or_unspecified_time_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        foreach (var kind in new[] { DateTimeKind.Local, DateTimeKind.Unspecified })
        {
            await using var db = database.NewContext();
            var incident = new Incident(Guid.NewGuid(), $"INC-{kind}", "Heure locale", DateTime.SpecifyKind(T0, kind));
            db.Incidents.Add(incident);

            // The converter throws while EF writes the row; EF reports that as a DbUpdateException around it.
            var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

            var cause = Assert.IsType<InvalidOperationException>(refused.InnerException);
            Assert.Equal("Only UTC instants may be stored.", cause.Message);
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(0, await db.Incidents.CountAsync());
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task The_audit_trail_refuses_updates_and_deletes(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var id = Guid.NewGuid();
        await using (var db = database.NewContext())
        {
            db.AuditEntries.Add(new AuditEntry(id, T0, null, "admin@test.example", "case.created", nameof(ControllerCase), Guid.NewGuid(), null, null, "Créé"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var entry = await db.AuditEntries.SingleAsync();
            db.Entry(entry).Property(e => e.Summary).CurrentValue = "Réécrit";
            var updated = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Equal("The audit trail is append-only.", updated.Message);
        }

        await using (var db = database.NewContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync());
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal("Créé", (await db.AuditEntries.SingleAsync(e => e.Id == id)).Summary);
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task The_second_of_two_concurrent_edits_of_a_case_is_refused(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var graph = Graph.Create("INC-CONCURRENCY");
        await using (var db = database.NewContext())
        {
            graph.AddTo(db);
            await db.SaveChangesAsync();
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.Cases.SingleAsync(c => c.Id == graph.Case.Id);
        var theirs = await second.Cases.SingleAsync(c => c.Id == graph.Case.Id);

        mine.Notes = "Première modification";
        mine.Touch(T0.AddHours(2));
        await first.SaveChangesAsync();
        theirs.Notes = "Seconde modification";
        theirs.Touch(T0.AddHours(3));

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = database.NewContext();
        Assert.Equal("Première modification", (await check.Cases.SingleAsync()).Notes);
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Two_incidents_cannot_share_a_reference(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        await using (var db = database.NewContext())
        {
            db.Incidents.Add(new Incident(Guid.NewGuid(), "INC-2021-001", "Premier", T0));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            db.Incidents.Add(new Incident(Guid.NewGuid(), "INC-2021-001", "Doublon", T0));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task A_laboratory_has_at_most_one_case_per_incident(DatabaseProvider provider)
    {
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var graph = Graph.Create("INC-UNIQUE-CASE");
        await using (var db = database.NewContext())
        {
            graph.AddTo(db);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            db.Cases.Add(new ControllerCase(Guid.NewGuid(), graph.Incident.Id, graph.Laboratory.Id, "INC-UNIQUE-CASE-BIS", T0));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    // PostgreSQL only: SQLite stores TEXT of any length whatever the declared maximum, so there the application's own
    // validation is the only guard. SQL Server would refuse like PostgreSQL (nvarchar(n)), but it is not in the matrix.
    [PostgresFact]
    public async Task PostgreSQL_refuses_a_string_longer_than_its_column()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, postgres);
        await using var db = database.NewContext();
        db.Incidents.Add(new Incident(Guid.NewGuid(), "INC-TOO-LONG", new string('é', Incident.TitleMax + 1), T0));

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Contains("value too long", refused.InnerException?.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task PostgreSQL_counts_characters_not_bytes_against_a_column_length()
    {
        await using var database = await TestDatabases.CreateAsync(DatabaseProvider.PostgreSql, postgres);
        await using (var db = database.NewContext())
        {
            // 200 two-byte characters: 400 bytes in UTF-8, exactly the 200 characters the column allows.
            db.Incidents.Add(new Incident(Guid.NewGuid(), "INC-FULL", new string('é', Incident.TitleMax), T0));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(Incident.TitleMax, (await db.Incidents.SingleAsync()).Title.Length);
        }
    }

    [Theory, ProviderData(DatabaseProvider.Sqlite), ProviderData(DatabaseProvider.PostgreSql)]
    public async Task Two_thousand_subjects_are_stored_and_counted_by_case_and_status(DatabaseProvider provider)
    {
        const int count = 2_000;
        var statuses = new[] { SubjectNotificationStatus.Pending, SubjectNotificationStatus.LetterQueued, SubjectNotificationStatus.ManualReview, SubjectNotificationStatus.EmailSent };
        await using var database = await TestDatabases.CreateAsync(provider, postgres);
        var graph = Graph.Create("INC-BULK");
        await using (var db = database.NewContext())
        {
            graph.AddTo(db);
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < count; i++)
            {
                var id = Guid.CreateVersion7();
                var payload = new SubjectPayload { LastName = $"Patient{i}", FirstName = "Élise" };
                db.Subjects.Add(new DataSubject(id, graph.Case.Id, Cipher.SealSubject(id, payload), T0)
                {
                    Status = statuses[i % statuses.Length],
                    LetterCode = $"BULK{i:D6}",
                });
            }

            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(count, await db.Subjects.CountAsync(s => s.ControllerCaseId == graph.Case.Id));
            Assert.Equal(count / 4, await db.Subjects.CountAsync(s => s.ControllerCaseId == graph.Case.Id && s.Status == SubjectNotificationStatus.LetterQueued));
            var byStatus = await db.Subjects.Where(s => s.ControllerCaseId == graph.Case.Id)
                .GroupBy(s => s.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Status, x => x.Count);
            Assert.Equal(statuses.Order(), byStatus.Keys.Order());
            Assert.All(byStatus.Values, n => Assert.Equal(count / 4, n));
            var otherCase = Guid.NewGuid();
            Assert.Equal(0, await db.Subjects.CountAsync(s => s.ControllerCaseId == otherCase && s.Status == SubjectNotificationStatus.Pending));
        }
    }

    // A processor, a laboratory (owned address, DPO and legal representative), an incident, one case and one notice.
    private sealed record Graph(Processor Processor, Laboratory Laboratory, Incident Incident, ControllerCase Case, ProcessorNotice Notice)
    {
        public static Graph Create(string reference)
        {
            var processor = new Processor(Guid.NewGuid(), "Syntalis Biologie — éditeur 💾")
            {
                Siren = "999000113",
                ContactName = "Cellule incident",
                ContactEmail = "incident@syntalis.example",
                ContactPhone = "+33 2 99 00 00 00",
                NoticeSlaHours = 24,
            };
            var laboratory = new Laboratory(Guid.NewGuid(), "Laboratoire de biologie médicale de l'Étang 🔬")
            {
                Siren = "123456782",
                Finess = "420001234",
                TimeZoneId = "America/Martinique",
                Address = new PostalAddress { Line1 = "12 rue de l'Église", Line2 = "Bâtiment Æ", PostalCode = "42000", City = "Saint-Étienne", Country = "FRANCE" },
                Dpo = new ContactPoint { Name = "Dr Hélène Müller 👩‍⚕️", Role = "Déléguée à la protection des données", Email = "dpo@labo.example", Phone = "+33 4 77 00 00 00" },
                DpoIsDesignated = true,
                LegalRepresentative = new ContactPoint { Name = "François Ça-Va", Role = "Biologiste-responsable", Email = "direction@labo.example", Phone = "+33 4 77 00 00 01" },
            };
            var incident = new Incident(Guid.NewGuid(), reference, FrenchAndEmoji, T0)
            {
                Description = "Fichier publié sur un forum ; données de santé « sensibles » 🩸",
                Nature = BreachNature.Confidentiality | BreachNature.Availability,
                Certainty = BreachCertainty.Established,
                Origin = IncidentOrigin.HackingMalwarePhishing,
                Cause = IncidentCause.ExternalMalicious,
                OccurrenceStartUtc = T0.AddDays(-30),
                OccurrenceEndUnknown = true,
                Ongoing = true,
                DiscoveredAtUtc = T0.AddHours(-3),
                DiscoveryDescription = "Signalé par la presse",
                DataCategories = DataCategories.Surname | DataCategories.SocialSecurityNumber | DataCategories.Pathologies | DataCategories.Credentials,
                TimeZoneId = "Europe/Paris",
                ProcessorId = processor.Id,
            };
            incident.Touch(T0.AddMinutes(1));
            var controllerCase = new ControllerCase(Guid.NewGuid(), incident.Id, laboratory.Id, reference + "-L01", T0)
            {
                FirstSignalAtUtc = T0.AddHours(-2),
                SignalSource = SignalSource.Press,
                InvestigationStartedAtUtc = T0.AddHours(-1),
                EstimatedSubjectCount = 500_000,
                Nis2Applicable = true,
                Notes = "Réunion de crise à 14 h — ☎️",
            };
            controllerCase.RecordAwareness(T0, "Fichier authentifié par l'éditeur ✔");
            Assert.True(controllerCase.TryChangeStatus(CaseStatus.AuthorityNotified));
            var notice = new ProcessorNotice(Guid.NewGuid(), processor.Id, controllerCase.Id, null, T0.AddHours(5), "Courriel de l'éditeur : « incident confirmé » 📧");
            return new Graph(processor, laboratory, incident, controllerCase, notice);
        }

        public void AddTo(NotifierDbContext db)
        {
            db.Processors.Add(Processor);
            db.Laboratories.Add(Laboratory);
            db.Incidents.Add(Incident);
            db.Cases.Add(Case);
            db.ProcessorNotices.Add(Notice);
        }
    }
}
