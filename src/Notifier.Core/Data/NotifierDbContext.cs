using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Notifier.Core.Audit;
using Notifier.Core.Cases;
using Notifier.Core.Deadlines;
using Notifier.Core.Identity;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Notifications;
using Notifier.Core.Processors;
using Notifier.Core.Risk;
using Notifier.Core.Subjects;

namespace Notifier.Core.Data;

public sealed class NotifierDbContext(DbContextOptions<NotifierDbContext> options)
    : IdentityDbContext<NotifierUser, NotifierRole, Guid>(options)
{
    public DbSet<Incident> Incidents => Set<Incident>();
    public DbSet<Processor> Processors => Set<Processor>();
    public DbSet<ProcessorNotice> ProcessorNotices => Set<ProcessorNotice>();
    public DbSet<Laboratory> Laboratories => Set<Laboratory>();
    public DbSet<ControllerCase> Cases => Set<ControllerCase>();
    public DbSet<DataSubject> Subjects => Set<DataSubject>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<LabAssignment> LabAssignments => Set<LabAssignment>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<ObligationRecord> Obligations => Set<ObligationRecord>();
    public DbSet<ReminderLog> Reminders => Set<ReminderLog>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ImportIssue> ImportIssues => Set<ImportIssue>();
    public DbSet<ImportFileSegment> ImportFileSegments => Set<ImportFileSegment>();
    public DbSet<Letters.PostalBatch> PostalBatches => Set<Letters.PostalBatch>();
    public DbSet<Letters.PostalLetter> PostalLetters => Set<Letters.PostalLetter>();
    public DbSet<Letters.PostalBatchFile> PostalBatchFiles => Set<Letters.PostalBatchFile>();
    public DbSet<Letters.LetterTemplateVersion> LetterTemplateVersions => Set<Letters.LetterTemplateVersion>();
    public DbSet<RiskAssessment> RiskAssessments => Set<RiskAssessment>();
    public DbSet<RiskDecision> RiskDecisions => Set<RiskDecision>();
    public DbSet<DossierFacts> DossierFacts => Set<DossierFacts>();
    public DbSet<CnilNotification> CnilNotifications => Set<CnilNotification>();
    public DbSet<StoredDocument> StoredDocuments => Set<StoredDocument>();
    public DbSet<ReferenceOption> ReferenceOptions => Set<ReferenceOption>();
    public DbSet<Emails.LabEmailSettings> LabEmailSettings => Set<Emails.LabEmailSettings>();
    public DbSet<Emails.EmailCampaign> EmailCampaigns => Set<Emails.EmailCampaign>();
    public DbSet<Emails.EmailOutboxMessage> EmailOutboxMessages => Set<Emails.EmailOutboxMessage>();
    public DbSet<Emails.EmailCampaignChunk> EmailCampaignChunks => Set<Emails.EmailCampaignChunk>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored as UTC; reads come back DateTimeKind.Utc on every provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcKindConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcKindConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(NotifierDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var detect = GuardAuditTrail();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var detect = GuardAuditTrail();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    // Changes are detected once, here, and not again by SaveChanges: with a job's thousand tracked rows, scanning them
    // twice per save cost 4% of a postal batch's generation. Returns the setting to restore after the save.
    private bool GuardAuditTrail()
    {
        var detect = ChangeTracker.AutoDetectChangesEnabled;
        if (detect)
        {
            ChangeTracker.DetectChanges();
        }

        ChangeTracker.AutoDetectChangesEnabled = false;
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            ChangeTracker.AutoDetectChangesEnabled = detect;
            throw new InvalidOperationException("The audit trail is append-only.");
        }

        return detect;
    }

    // Writing a local or unspecified time is a bug (ADR 0007): it fails loudly instead of being guessed into UTC.
    internal sealed class UtcKindConverter() : ValueConverter<DateTime, DateTime>(
        v => EnsureUtc(v),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
    {
        private static DateTime EnsureUtc(DateTime v) =>
            v.Kind == DateTimeKind.Utc ? v : throw new InvalidOperationException("Only UTC instants may be stored.");
    }
}
