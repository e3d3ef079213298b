using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Notifier.Core;
using Notifier.Core.Audit;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Processors;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;

namespace Notifier.Web.Infrastructure.Seeding;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Enabled { get; set; }

    public int PatientsPerLab { get; set; } = 20;

    // Fixed password for every demo user (tests, screenshots). Empty: random passwords, written to data/demo-credentials.txt.
    public string Password { get; set; } = "";
}

public sealed record DemoCredential(string Role, string Email, string Password);

// Seeds, once, an incident modelled on the February 2021 leak: one vendor, 28 laboratories, synthetic patients.
public sealed class DemoSeed(NotifierDbContext db, UserManager<NotifierUser> users, FieldCipher cipher, TimeProvider clock)
{
    public const string IncidentReference = "DEMO-2021-02";

    private static readonly TimeZoneInfo Paris = LabTimeZones.Find(LabTimeZones.Default);

    public async Task<IReadOnlyList<DemoCredential>?> RunAsync(DemoOptions options, CancellationToken ct)
    {
        if (await db.Incidents.AnyAsync(i => i.Reference == IncidentReference, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var processor = new Processor(Guid.CreateVersion7(), "Syntalis Biologie (fictif)")
        {
            Siren = Identifiers.SirenWithCheckDigit("99900011"),
            ContactName = "Cellule incident Syntalis",
            ContactEmail = "incident@syntalis.example",
            ContactPhone = "+33 2 99 00 00 00",
            NoticeSlaHours = 24,
        };
        db.Processors.Add(processor);

        var incident = new Incident(Guid.CreateVersion7(), IncidentReference, "Fuite du fichier de patients OmniLab (février 2021)", now)
        {
            Description = "Un fichier extrait lors de la migration du logiciel de laboratoire OmniLab, édité par le prestataire "
                + "Syntalis Biologie, a été publié sur un forum Internet. Il contient l'identité, les coordonnées, le NIR et, "
                + "pour une partie des patients, des données de santé (groupe sanguin, médecin traitant, mutuelle, commentaires médicaux). "
                + "Données entièrement fictives : démonstration.",
            Nature = BreachNature.Confidentiality,
            Certainty = BreachCertainty.Established,
            Origin = IncidentOrigin.UnintendedPublication,
            Cause = IncidentCause.ExternalMalicious,
            OccurrenceStartUnknown = true,
            OccurrenceEndUnknown = true,
            Ongoing = true,
            DiscoveredAtUtc = Utc(2021, 2, 23, 8, 0),
            DiscoveryDescription = "Article de presse du 23 février 2021 signalant la diffusion du fichier sur un forum.",
            DataCategories = Enum.GetValues<DataCategories>().Aggregate(DataCategories.None, (a, c) => a | c) & ~DataCategories.Credentials,
            ProcessorId = processor.Id,
        };
        db.Incidents.Add(incident);
        db.DossierFacts.Add(new Core.Notifications.DossierFacts(Guid.CreateVersion7(), incident.Id, null)
        {
            StorageMedia = "serveur",
            Consequences = "diffusion;croisement;detournement",
            Harms = "perte_controle;usurpation;fraude;vie_privee;secret_professionnel",
            ConsequencesText = "Données de santé et NIR publiés sur un forum : risque d'hameçonnage ciblé utilisant des informations médicales, "
                + "d'usurpation d'identité et d'atteinte au secret médical.",
            MeasuresImmediate = "Demande au prestataire de fermer l'accès au serveur ; signalement à la CNIL et aux autorités ; "
                + "demande de retrait du fichier publié.",
            MeasuresMediumTerm = "Audit des extractions du prestataire ; information des patients par courrier.",
            MeasuresLongTerm = "Revue du contrat de sous-traitance (art. 28(3)) ; procédure encadrant les migrations de données.",
            DirectlyIdentifiable = true,
            CrossBorder = false,
            OtherAuthorities = "Plainte déposée ; signalement ARS / CERT Santé (CSP L.1111-8-2).",
            UpdatedAtUtc = now,
        });

        var counts = DemoLaboratories.EstimatedCounts();
        var vendorEmailSent = Utc(2021, 2, 24, 8, 15);
        var cases = new List<ControllerCase>();
        for (var i = 0; i < DemoLaboratories.All.Count; i++)
        {
            var d = DemoLaboratories.All[i];
            var n = (i + 1).ToString("00", CultureInfo.InvariantCulture);
            var lab = new Laboratory(Guid.CreateVersion7(), d.Name)
            {
                Siren = Identifiers.SirenWithCheckDigit((99_910_000 + i * 7).ToString(CultureInfo.InvariantCulture)),
                Finess = "99" + (d.PostalCode[..2] + (1000 + i).ToString(CultureInfo.InvariantCulture)).PadRight(7, '0')[..7],
                Address = new PostalAddress { Line1 = d.Street, PostalCode = d.PostalCode, City = d.City },
                Dpo = new ContactPoint { Name = d.DpoName, Role = "Délégué(e) à la protection des données", Email = $"dpo@lab{n}.example", Phone = $"+33 2 00 00 00 {n}" },
                LegalRepresentative = new ContactPoint { Name = $"Biologiste responsable du laboratoire {n}", Role = "Biologiste-responsable", Email = $"direction@lab{n}.example" },
            };
            db.Laboratories.Add(lab);

            var c = new ControllerCase(Guid.CreateVersion7(), incident.Id, lab.Id, $"{IncidentReference}-L{n}", now)
            {
                EstimatedSubjectCount = counts[i],
            };

            // Awareness instants spread from the morning of 23 February to 26 February 2021, as the news reached each lab.
            var source = (SignalSource)(i % 4);
            var received = vendorEmailSent.AddMinutes(3 + i * 11);
            var aware = source == SignalSource.Processor
                ? received.AddMinutes(40 + (i % 5) * 25)
                : Local(2021, 2, 23, 10, 40).AddMinutes(i * 163 + (i % 3) * 17);
            c.FirstSignalAtUtc = source == SignalSource.Processor ? received : aware.AddMinutes(-90);
            c.SignalSource = source;
            c.InvestigationStartedAtUtc = c.FirstSignalAtUtc.Value.AddMinutes(15);
            c.RecordAwareness(aware, source switch
            {
                SignalSource.Processor => "Courriel du prestataire confirmant que le fichier publié contient des patients du laboratoire ; vérification d'un échantillon.",
                SignalSource.Press => "Article de presse, puis comparaison d'un extrait publié avec le fichier des patients du laboratoire.",
                SignalSource.Cnil => "Appel de la CNIL signalant la présence de patients du laboratoire dans le fichier diffusé.",
                _ => "Appel d'un patient ayant trouvé ses données dans le fichier ; vérification interne le jour même.",
            });
            db.Cases.Add(c);
            cases.Add(c);
            db.ProcessorNotices.Add(new ProcessorNotice(Guid.CreateVersion7(), processor.Id, c.Id, vendorEmailSent, received,
                "Information du prestataire : un fichier issu d'une extraction OmniLab a été diffusé ; vos patients sont concernés."));
            db.AuditEntries.Add(new AuditEntry(Guid.CreateVersion7(), now, null, "démo", "case.created", "ControllerCase", c.Id, incident.Id, c.Id,
                "Cas créé par le jeu de démonstration."));
        }

        SeedPatients(cases, options.PatientsPerLab, now);
        var credentials = await SeedUsersAsync(cases[0].LaboratoryId, options.Password, now);
        await db.SaveChangesAsync(ct);
        return credentials;
    }

    private void SeedPatients(List<ControllerCase> cases, int perLab, DateTime now)
    {
        if (perLab <= 0)
        {
            return;
        }

        var referenceDate = new DateOnly(2021, 2, 23);
        for (var i = 0; i < cases.Count; i++)
        {
            var lab = DemoLaboratories.All[i];
            var patients = SyntheticPatients.Generate(new SyntheticPatientOptions
            {
                Count = perLab,
                Seed = 2021 + i,
                LabCode = $"L{i + 1:00}",
                Departments = [lab.PostalCode[..2]],
                ReferenceDate = referenceDate,
            });
            foreach (var p in patients)
            {
                var payload = SyntheticPatientMapping.ToPayload(p);
                var id = Guid.CreateVersion7();
                var subject = new DataSubject(id, cases[i].Id, cipher.SealSubject(id, payload), now) { PersonId = id, LetterCode = LetterCodes.New() };

                // The same rules and keys as the import (SubjectRecord), so that a later import recognises these persons.
                SubjectRecord.Apply(subject, SubjectRecord.Assess(payload, referenceDate), SubjectRecord.Keys(cipher, cases[i].LaboratoryId, payload));
                db.Subjects.Add(subject);
            }
        }
    }

    private async Task<List<DemoCredential>> SeedUsersAsync(Guid firstLabId, string fixedPassword, DateTime now)
    {
        var result = new List<DemoCredential>();
        foreach (var (role, email, name) in new[]
                 {
                     (Roles.ComplianceOfficer, "conformite@notifier.example", "Hélène Marchand (conformité)"),
                     (Roles.LabDpo, "dpo.lab01@notifier.example", DemoLaboratories.All[0].DpoName + " (DPO)"),
                     (Roles.Mailroom, "courrier@notifier.example", "Service courrier"),
                 })
        {
            var password = string.IsNullOrEmpty(fixedPassword) ? Passwords.Generate() : fixedPassword;
            var user = new NotifierUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAtUtc = now };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException("Demo user creation failed: " + string.Join("; ", created.Errors.Select(e => e.Code)));
            }

            await users.AddToRoleAsync(user, role);
            if (Roles.IsLabScoped(role))
            {
                db.LabAssignments.Add(new LabAssignment { UserId = user.Id, LaboratoryId = firstLabId });
            }

            result.Add(new DemoCredential(role, email, password));
        }

        return result;
    }

    private static DateTime Utc(int y, int m, int d, int h, int min) => new(y, m, d, h, min, 0, DateTimeKind.Utc);

    private static DateTime Local(int y, int m, int d, int h, int min) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(y, m, d, h, min, 0, DateTimeKind.Unspecified), Paris);
}
