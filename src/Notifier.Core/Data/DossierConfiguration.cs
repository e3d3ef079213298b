using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Notifications;
using Notifier.Core.Risk;

namespace Notifier.Core.Data;

// Risk assessment, decisions, CNIL notifications, dossier facts and reference options (issue 5, ADR-0012).

internal sealed class RiskAssessmentConfiguration : IEntityTypeConfiguration<RiskAssessment>
{
    public void Configure(EntityTypeBuilder<RiskAssessment> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ControllerCaseId).IsUnique();
        foreach (var name in new[] { nameof(RiskAssessment.SimpleJustification), nameof(RiskAssessment.BehaviouralJustification),
                     nameof(RiskAssessment.FinancialJustification), nameof(RiskAssessment.SensitiveJustification), nameof(RiskAssessment.EaseJustification) })
        {
            b.Property<string>(name).HasMaxLength(RiskAssessment.JustificationMax);
        }

        b.Property(x => x.Reasoning).HasMaxLength(RiskAssessment.ReasoningMax);
        b.Property(x => x.EaseOfIdentification).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Confidentiality).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Integrity).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Availability).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Band).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.AssessedBy).HasMaxLength(RiskAssessment.ActorMax);
        b.Property(x => x.ConcurrencyStamp).IsConcurrencyToken();
    }
}

internal sealed class RiskDecisionConfiguration : IEntityTypeConfiguration<RiskDecision>
{
    public void Configure(EntityTypeBuilder<RiskDecision> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.DecidedAtUtc });
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Exemption).HasConversion<string>().HasMaxLength(40);
        b.Property(x => x.Band).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Justification).HasMaxLength(RiskDecision.TextMax);
        b.Property(x => x.ExemptionEvidence).HasMaxLength(RiskDecision.TextMax);
        b.Property(x => x.PublicCommunicationChannel).HasMaxLength(RiskDecision.ChannelMax);
        b.Property(x => x.PublicCommunicationText).HasMaxLength(RiskDecision.TextMax);
        b.Property(x => x.OrderReference).HasMaxLength(RiskDecision.ReferenceMax);
        b.Property(x => x.DecidedBy).HasMaxLength(RiskDecision.ActorMax);
    }
}

internal sealed class DossierFactsConfiguration : IEntityTypeConfiguration<DossierFacts>
{
    public void Configure(EntityTypeBuilder<DossierFacts> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.IncidentId, x.ControllerCaseId }).IsUnique();
        foreach (var name in new[] { nameof(DossierFacts.SubjectCategories), nameof(DossierFacts.StorageMedia), nameof(DossierFacts.Consequences),
                     nameof(DossierFacts.Harms) })
        {
            b.Property<string?>(name).HasMaxLength(DossierFacts.CodesMax);
        }

        foreach (var name in new[] { nameof(DossierFacts.SectorOfActivity), nameof(DossierFacts.SubjectCategoriesUnknownReason),
                     nameof(DossierFacts.SubjectCountUnknownReason), nameof(DossierFacts.RecordCountUnknownReason),
                     nameof(DossierFacts.DataCategoriesUnknownReason), nameof(DossierFacts.InformationWhen), nameof(DossierFacts.InformationHow) })
        {
            b.Property<string?>(name).HasMaxLength(DossierFacts.ShortMax);
        }

        foreach (var name in new[] { nameof(DossierFacts.ConsequencesText), nameof(DossierFacts.MeasuresImmediate), nameof(DossierFacts.MeasuresMediumTerm),
                     nameof(DossierFacts.MeasuresLongTerm), nameof(DossierFacts.InformationText), nameof(DossierFacts.CrossBorderDetails),
                     nameof(DossierFacts.OtherAuthorities), nameof(DossierFacts.HealthScope), nameof(DossierFacts.HealthSystems),
                     nameof(DossierFacts.HealthHandlingStatus), nameof(DossierFacts.HealthImpacts) })
        {
            b.Property<string?>(name).HasMaxLength(DossierFacts.TextMax);
        }
    }
}

internal sealed class CnilNotificationConfiguration : IEntityTypeConfiguration<CnilNotification>
{
    public void Configure(EntityTypeBuilder<CnilNotification> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CnilNotification>().WithMany().HasForeignKey(x => x.InitialId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<StoredDocument>().WithMany().HasForeignKey(x => x.SummaryDocumentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ControllerCaseId, x.Sequence }).IsUnique();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.SnapshotJson).HasMaxLength(CnilNotification.SnapshotMax);
        b.Property(x => x.CreatedBy).HasMaxLength(CnilNotification.ActorMax);
        b.Property(x => x.FiledBy).HasMaxLength(CnilNotification.ActorMax);
        b.Property(x => x.CnilNumber).HasMaxLength(CnilNotification.NumberMax);
        b.Property(x => x.ReasonsForDelay).HasMaxLength(CnilNotification.ReasonsMax);
    }
}

internal sealed class StoredDocumentConfiguration : IEntityTypeConfiguration<StoredDocument>
{
    public void Configure(EntityTypeBuilder<StoredDocument> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.FileName).HasMaxLength(StoredDocument.NameMax);
        b.Property(x => x.ContentType).HasMaxLength(StoredDocument.ContentTypeMax);
        b.Property(x => x.Content).HasMaxLength(StoredDocument.MaxBytes);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.UploadedBy).HasMaxLength(CnilNotification.ActorMax);
    }
}

internal sealed class ReferenceOptionConfiguration : IEntityTypeConfiguration<ReferenceOption>
{
    public void Configure(EntityTypeBuilder<ReferenceOption> b)
    {
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.List).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Code).HasMaxLength(ReferenceOption.CodeMax);
        b.Property(x => x.Label).HasMaxLength(ReferenceOption.LabelMax);
        b.HasIndex(x => new { x.List, x.Code }).IsUnique();
    }
}
