using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifier.Core.Audit;
using Notifier.Core.Cases;
using Notifier.Core.Deadlines;
using Notifier.Core.Identity;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Processors;
using Notifier.Core.Subjects;

namespace Notifier.Core.Data;

// Provider-neutral by construction (house style §4.4): app-generated GUIDs, explicit string lengths, enums as strings,
// UTC DateTime, no schemas, sequences or collations.

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Reference).HasMaxLength(Incident.ReferenceMax).IsRequired();
        b.HasIndex(x => x.Reference).IsUnique();
        b.Property(x => x.Title).HasMaxLength(Incident.TitleMax).IsRequired();
        b.Property(x => x.Description).HasMaxLength(Incident.DescriptionMax);
        b.Property(x => x.DiscoveryDescription).HasMaxLength(Incident.DiscoveryMax);
        b.Property(x => x.Nature).HasConversion<int>();
        b.Property(x => x.DataCategories).HasConversion<int>();
        b.Property(x => x.Certainty).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Origin).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Cause).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.TimeZoneId).HasMaxLength(LabTimeZones.IdMax);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        b.HasOne(x => x.Processor).WithMany().HasForeignKey(x => x.ProcessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Cases).WithOne(c => c.Incident).HasForeignKey(c => c.IncidentId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(x => x.Cases).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ProcessorConfiguration : IEntityTypeConfiguration<Processor>
{
    public void Configure(EntityTypeBuilder<Processor> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(Processor.NameMax).IsRequired();
        b.Property(x => x.Siren).HasMaxLength(Processor.SirenLength);
        b.Property(x => x.ContactName).HasMaxLength(Laboratory.PersonNameMax);
        b.Property(x => x.ContactEmail).HasMaxLength(Laboratory.EmailMax);
        b.Property(x => x.ContactPhone).HasMaxLength(Laboratory.PhoneMax);
    }
}

internal sealed class ProcessorNoticeConfiguration : IEntityTypeConfiguration<ProcessorNotice>
{
    public void Configure(EntityTypeBuilder<ProcessorNotice> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Content).HasMaxLength(ProcessorNotice.ContentMax);
        b.HasOne<Processor>().WithMany().HasForeignKey(x => x.ProcessorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ControllerCaseId);
    }
}

internal sealed class LaboratoryConfiguration : IEntityTypeConfiguration<Laboratory>
{
    public void Configure(EntityTypeBuilder<Laboratory> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(Laboratory.NameMax).IsRequired();
        b.Property(x => x.Siren).HasMaxLength(9);
        b.Property(x => x.Finess).HasMaxLength(9);
        b.Property(x => x.TimeZoneId).HasMaxLength(LabTimeZones.IdMax).IsRequired();
        b.OwnsOne(x => x.Address, a =>
        {
            a.Property(p => p.Line1).HasMaxLength(PostalAddress.LineMax).HasColumnName("AddressLine1");
            a.Property(p => p.Line2).HasMaxLength(PostalAddress.LineMax).HasColumnName("AddressLine2");
            a.Property(p => p.PostalCode).HasMaxLength(PostalAddress.PostalCodeMax).HasColumnName("PostalCode");
            a.Property(p => p.City).HasMaxLength(PostalAddress.CityMax).HasColumnName("City");
            a.Property(p => p.Country).HasMaxLength(PostalAddress.CountryMax).HasColumnName("Country");
        });
        b.Navigation(x => x.Address).IsRequired();
        ConfigureContact(b.OwnsOne(x => x.Dpo), "Dpo");
        b.Navigation(x => x.Dpo).IsRequired();
        ConfigureContact(b.OwnsOne(x => x.LegalRepresentative), "LegalRep");
        b.Navigation(x => x.LegalRepresentative).IsRequired();
    }

    private static void ConfigureContact(OwnedNavigationBuilder<Laboratory, ContactPoint> c, string prefix)
    {
        c.Property(p => p.Name).HasMaxLength(Laboratory.PersonNameMax).HasColumnName(prefix + "Name");
        c.Property(p => p.Role).HasMaxLength(ContactPoint.RoleMax).HasColumnName(prefix + "Role");
        c.Property(p => p.Email).HasMaxLength(Laboratory.EmailMax).HasColumnName(prefix + "Email");
        c.Property(p => p.Phone).HasMaxLength(Laboratory.PhoneMax).HasColumnName(prefix + "Phone");
    }
}

internal sealed class ControllerCaseConfiguration : IEntityTypeConfiguration<ControllerCase>
{
    public void Configure(EntityTypeBuilder<ControllerCase> b)
    {
        b.ToTable("ControllerCases");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Reference).HasMaxLength(ControllerCase.ReferenceMax).IsRequired();
        b.HasIndex(x => x.Reference).IsUnique();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.SignalSource).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.AwareJustification).HasMaxLength(ControllerCase.JustificationMax);
        b.Property(x => x.Notes).HasMaxLength(ControllerCase.NotesMax);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
        b.HasOne(x => x.Laboratory).WithMany().HasForeignKey(x => x.LaboratoryId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.IncidentId, x.LaboratoryId }).IsUnique();
    }
}

internal sealed class DataSubjectConfiguration : IEntityTypeConfiguration<DataSubject>
{
    public void Configure(EntityTypeBuilder<DataSubject> b)
    {
        b.ToTable("DataSubjects");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Payload).HasMaxLength(DataSubject.PayloadMax).IsRequired();
        b.Property(x => x.LabPatientIdIndex).HasMaxLength(DataSubject.BlindIndexLength);
        b.Property(x => x.NirIndex).HasMaxLength(DataSubject.BlindIndexLength);
        b.Property(x => x.IdentityIndex).HasMaxLength(DataSubject.BlindIndexLength);
        b.Property(x => x.LetterCode).HasMaxLength(DataSubject.LetterCodeLength);
        b.Property(x => x.ExposedCategories).HasConversion<int>();
        b.Property(x => x.ReviewReason).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.Status });

        // No database index on the blind indexes nor on PersonId: the import matches them in memory (it loads the
        // case's and the incident's keys once, ADR-0011), and nothing else looks them up. Their random values made
        // every bulk insert rewrite index pages all over the file (measured: 3–10× slower imports, docs/benchmarks.md).
        // LetterCode is assigned when a letter is composed, not at import, so its unique index costs the import nothing.
        b.HasIndex(x => x.LetterCode).IsUnique();
        // ImportId names the last import that wrote the row; no foreign key, so no index to maintain on every insert.
    }
}

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.FileName).HasMaxLength(ImportRun.FileNameMax).IsRequired();
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.RequestedEncoding).HasMaxLength(ImportRun.EncodingMax).IsRequired();
        b.Property(x => x.DetectedEncoding).HasMaxLength(ImportRun.EncodingMax);
        b.Property(x => x.Delimiter).HasMaxLength(4);
        b.Property(x => x.MappingJson).HasMaxLength(ImportRun.MappingMax);
        b.Property(x => x.Failure).HasMaxLength(ImportRun.FailureMax);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.CreatedAtUtc });
        b.HasIndex(x => new { x.State, x.CreatedAtUtc });
    }
}

internal sealed class ImportIssueConfiguration : IEntityTypeConfiguration<ImportIssue>
{
    public void Configure(EntityTypeBuilder<ImportIssue> b)
    {
        b.Property(x => x.Id).ValueGeneratedOnAdd();
        b.Property(x => x.Column).HasMaxLength(ImportIssue.ColumnMax).IsRequired();
        b.Property(x => x.Rule).HasMaxLength(ImportIssue.RuleMax).IsRequired();
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.SealedText).HasMaxLength(ImportIssue.SealedMax).IsRequired();
        b.HasOne<ImportRun>().WithMany().HasForeignKey(x => x.ImportRunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ImportRunId, x.Sequence }).IsUnique();
        b.HasIndex(x => new { x.ImportRunId, x.Severity, x.Line });
    }
}

internal sealed class ImportFileSegmentConfiguration : IEntityTypeConfiguration<ImportFileSegment>
{
    public void Configure(EntityTypeBuilder<ImportFileSegment> b)
    {
        b.HasKey(x => new { x.ImportRunId, x.Number });
        b.Property(x => x.SealedBytes).IsRequired();
        b.HasOne<ImportRun>().WithMany().HasForeignKey(x => x.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Action).HasMaxLength(AuditEntry.ActionMax).IsRequired();
        b.Property(x => x.Actor).HasMaxLength(AuditEntry.ActorMax).IsRequired();
        b.Property(x => x.EntityType).HasMaxLength(AuditEntry.EntityTypeMax).IsRequired();
        b.Property(x => x.Summary).HasMaxLength(AuditEntry.SummaryMax);
        b.HasIndex(x => new { x.ControllerCaseId, x.AtUtc });
        b.HasIndex(x => new { x.IncidentId, x.AtUtc });
    }
}

internal sealed class UserConfiguration : IEntityTypeConfiguration<NotifierUser>
{
    public void Configure(EntityTypeBuilder<NotifierUser> b)
    {
        b.Property(x => x.DisplayName).HasMaxLength(NotifierUser.DisplayNameMax);
        b.Property(x => x.PreferredCulture).HasMaxLength(10);
        // Identity leaves these unbounded; providers disagree on the default for unbounded strings.
        b.Property(x => x.PasswordHash).HasMaxLength(256);
        b.Property(x => x.SecurityStamp).HasMaxLength(64);
        b.Property(x => x.ConcurrencyStamp).HasMaxLength(64);
        b.Property(x => x.PhoneNumber).HasMaxLength(30);
    }
}

internal sealed class RoleConfiguration : IEntityTypeConfiguration<NotifierRole>
{
    public void Configure(EntityTypeBuilder<NotifierRole> b) => b.Property(x => x.ConcurrencyStamp).HasMaxLength(64);
}

internal sealed class LabAssignmentConfiguration : IEntityTypeConfiguration<LabAssignment>
{
    public void Configure(EntityTypeBuilder<LabAssignment> b)
    {
        b.HasKey(x => new { x.UserId, x.LaboratoryId });
        b.HasOne<NotifierUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Laboratory>().WithMany().HasForeignKey(x => x.LaboratoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(ApiToken.NameMax).IsRequired();
        b.Property(x => x.TokenHash).HasMaxLength(ApiToken.HashLength).IsRequired();
        b.Property(x => x.Prefix).HasMaxLength(ApiToken.PrefixLength).IsRequired();
        b.HasIndex(x => x.TokenHash).IsUnique();
        b.HasOne<NotifierUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ObligationRecordConfiguration : IEntityTypeConfiguration<ObligationRecord>
{
    public void Configure(EntityTypeBuilder<ObligationRecord> b)
    {
        b.ToTable("Obligations");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.CompletedBy).HasMaxLength(ObligationRecord.ActorMax);
        b.Property(x => x.ReasonsForDelay).HasMaxLength(ObligationRecord.ReasonsMax);
        b.Property(x => x.Reference).HasMaxLength(ObligationRecord.ReferenceMax);
        b.Property(x => x.NotApplicableReason).HasMaxLength(ObligationRecord.ReasonsMax);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.Kind }).IsUnique();
    }
}

internal sealed class ReminderLogConfiguration : IEntityTypeConfiguration<ReminderLog>
{
    public void Configure(EntityTypeBuilder<ReminderLog> b)
    {
        b.ToTable("Reminders");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Threshold).HasMaxLength(ReminderLog.ThresholdMax);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        // The idempotency key of the reminder sweep: a second insert for the same key fails instead of sending twice.
        b.HasIndex(x => new { x.ControllerCaseId, x.Kind, x.Threshold, x.DueUtc }).IsUnique();
    }
}
