using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifier.Core.Cases;
using Notifier.Core.Subjects;

namespace Notifier.Core.Letters;

internal sealed class PostalBatchConfiguration : IEntityTypeConfiguration<PostalBatch>
{
    public void Configure(EntityTypeBuilder<PostalBatch> b)
    {
        b.ToTable("PostalBatches");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Zone).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Language).HasMaxLength(5).IsRequired();
        b.Property(x => x.DepositProof).HasMaxLength(PostalBatch.DepositProofMax);
        b.Property(x => x.Failure).HasMaxLength(PostalBatch.FailureMax);
        b.HasOne<ControllerCase>().WithMany().HasForeignKey(x => x.ControllerCaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ControllerCaseId, x.Number }).IsUnique();
        b.Ignore(x => x.IsGenerated);
        b.Ignore(x => x.ProgressPercent);
    }
}

internal sealed class PostalLetterConfiguration : IEntityTypeConfiguration<PostalLetter>
{
    public void Configure(EntityTypeBuilder<PostalLetter> b)
    {
        b.ToTable("PostalLetters");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Departement).HasMaxLength(3).IsRequired();
        b.Property(x => x.SkipReason).HasMaxLength(PostalLetter.ReasonMax);
        b.HasOne<PostalBatch>().WithMany().HasForeignKey(x => x.PostalBatchId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<DataSubject>().WithMany().HasForeignKey(x => x.DataSubjectId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.PostalBatchId, x.Sequence }).IsUnique();
        b.HasIndex(x => x.DataSubjectId);
    }
}

internal sealed class PostalBatchFileConfiguration : IEntityTypeConfiguration<PostalBatchFile>
{
    public void Configure(EntityTypeBuilder<PostalBatchFile> b)
    {
        b.ToTable("PostalBatchFiles");
        b.HasKey(x => x.PostalBatchId);
        b.Property(x => x.Zip).IsRequired();
        b.HasOne<PostalBatch>().WithOne().HasForeignKey<PostalBatchFile>(x => x.PostalBatchId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LetterTemplateVersionConfiguration : IEntityTypeConfiguration<LetterTemplateVersion>
{
    public void Configure(EntityTypeBuilder<LetterTemplateVersion> b)
    {
        b.ToTable("LetterTemplateVersions");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Language).HasMaxLength(5).IsRequired();
        b.Property(x => x.Content).HasMaxLength(LetterTemplateVersion.ContentMax).IsRequired();
        b.Property(x => x.CreatedBy).HasMaxLength(256).IsRequired();
        b.HasIndex(x => new { x.Language, x.Version }).IsUnique();
    }
}
