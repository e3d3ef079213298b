using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifier.Core.Cases;
using Notifier.Core.Laboratories;
using Notifier.Core.Subjects;

namespace Notifier.Core.Emails;

internal sealed class LabEmailSettingsConfiguration : IEntityTypeConfiguration<LabEmailSettings>
{
    public void Configure(EntityTypeBuilder<LabEmailSettings> b)
    {
        b.ToTable("LabEmailSettings");
        b.HasKey(x => x.LaboratoryId);
        b.Property(x => x.Policy).HasConversion<string>().HasMaxLength(30);
        b.HasOne<Laboratory>().WithOne().HasForeignKey<LabEmailSettings>(x => x.LaboratoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EmailCampaignConfiguration : IEntityTypeConfiguration<EmailCampaign>
{
    public void Configure(EntityTypeBuilder<EmailCampaign> b)
    {
        b.ToTable("EmailCampaigns");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Policy).HasConversion<string>().HasMaxLength(30);
        b.Property(x => x.Language).HasMaxLength(5).IsRequired();
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.Number }).IsUnique();
        b.HasIndex(x => x.State);
        b.Ignore(x => x.IsActive);
    }
}

internal sealed class EmailOutboxMessageConfiguration : IEntityTypeConfiguration<EmailOutboxMessage>
{
    public void Configure(EntityTypeBuilder<EmailOutboxMessage> b)
    {
        b.ToTable("EmailOutboxMessages");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.ServerAnswer).HasMaxLength(EmailOutboxMessage.AnswerMax);
        b.Property(x => x.Failure).HasMaxLength(EmailOutboxMessage.AnswerMax);
        b.HasOne<EmailCampaign>().WithMany().HasForeignKey(x => x.EmailCampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DataSubject>().WithMany().HasForeignKey(x => x.DataSubjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EmailCampaignId, x.Chunk, x.Status });
        b.HasIndex(x => new { x.EmailCampaignId, x.Status });
        b.HasIndex(x => x.DataSubjectId);
    }
}

internal sealed class EmailCampaignChunkConfiguration : IEntityTypeConfiguration<EmailCampaignChunk>
{
    public void Configure(EntityTypeBuilder<EmailCampaignChunk> b)
    {
        b.ToTable("EmailCampaignChunks");
        b.HasKey(x => new { x.EmailCampaignId, x.Number });
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.HasOne<EmailCampaign>().WithMany().HasForeignKey(x => x.EmailCampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EmailCampaignId, x.State });
    }
}
