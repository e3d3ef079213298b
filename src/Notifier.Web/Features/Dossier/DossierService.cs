using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Core.Incidents;
using Notifier.Core.Notifications;
using Notifier.Core.Processors;
using Notifier.Core.Risk;
using Notifier.Web.Features.Deadlines;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Dossier;

// Everything the dossier, the assessment and the register need about one laboratory's case, loaded once.
public sealed record DossierContext(
    ControllerCase Case,
    CaseClock Clock,
    Processor? Processor,
    DateTime? ProcessorNoticeUtc,
    DossierFacts? SharedFacts,
    DossierFacts? LabFacts,
    DossierFacts Facts,
    SubjectStats Subjects,
    RiskAssessment? Assessment,
    IReadOnlyList<RiskDecision> Decisions,
    IReadOnlyList<CnilNotification> Notifications,
    IReadOnlyDictionary<(OptionList, string), string> Labels)
{
    public Core.Laboratories.Laboratory Laboratory => Case.Laboratory!;
    public Incident Incident => Case.Incident!;
    public string TimeZoneId => Laboratory.TimeZoneId;
    public CnilNotification? Initial => Notifications.FirstOrDefault(n => n.Kind == NotificationKind.Initial);
    public (RiskDecision? Current, bool Reopened) Decision => RiskDecision.CurrentOf(Decisions);

    public string Label(OptionList list, string code) => Labels.TryGetValue((list, code), out var label) ? label : code;

    public DossierInput Input(NotificationKind kind, int sequence, DateTime nowUtc) => new(kind, sequence, Initial?.CnilNumber, Initial?.FiledAtUtc,
        Laboratory, Case, Incident, Processor, ProcessorNoticeUtc, Facts, Subjects, Assessment, Decision.Current, Decision.Reopened,
        Clock[ObligationKind.CnilNotification].DueUtc, Label, nowUtc);

    // The live dossier: what a notification prepared now would hold.
    public DossierDocument Draft(DateTime nowUtc) =>
        DossierComposer.Compose(Input(Initial is null ? NotificationKind.Initial : NotificationKind.Complementary, Notifications.Count + 1, nowUtc));

    public ObligationRecord? HealthRecord => Clock.Records.TryGetValue(ObligationKind.HealthSectorReport, out var r) ? r : null;

    public DossierDocument HealthReport(DateTime nowUtc) =>
        HealthReportComposer.Compose(Input(NotificationKind.Initial, 1, nowUtc), HealthRecord?.CompletedAtUtc, HealthRecord?.Reference ?? "");

    public int? SubjectCount => DossierComposer.SubjectCount(Input(NotificationKind.Initial, 1, Case.CreatedAtUtc));

    public bool Assessed => Assessment is { AssessedAtUtc.Ticks: > 0 };

    // The DPO's saved assessment, or the starting point pre-filled from the incident and the lab's imported data.
    public EnisaInput EnisaInput => Assessed
        ? Assessment!.ToInput(SubjectCount)
        : Enisa.Prefill(DossierComposer.ExposedCategories(Input(NotificationKind.Initial, 1, Case.CreatedAtUtc)), Incident.Nature, Incident.Origin,
            Incident.Cause, SubjectCount);
}

public sealed class RiskOptions
{
    public const string Section = "Risk";
    public SeverityBand NotifyCnilFrom { get; init; } = SeverityBand.Medium;
    public SeverityBand InformPersonsFrom { get; init; } = SeverityBand.High;

    public DecisionPolicy ToPolicy() => new(NotifyCnilFrom, InformPersonsFrom);
}

public sealed class DossierService(NotifierDbContext db, LabAccess access, CaseClocks clocks, ObligationCommands obligations, AuditTrail audit,
    IOptions<RiskOptions> risk)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DecisionPolicy Policy => risk.Value.ToPolicy();

    public static string Message(string rule) => rule switch
    {
        NotificationErrors.ReasonsRequired => ObligationCommands.Message(ObligationRuleErrors.ReasonsRequired),
        NotificationErrors.FiledInFuture => "La date de dépôt est dans le futur.",
        NotificationErrors.FiledBeforePrepared => "La date de dépôt précède la préparation de cette notification.",
        NotificationErrors.NumberRequired => "Indiquez le numéro de notification attribué par la CNIL.",
        NotificationErrors.InitialRequired => "Préparez et déposez d'abord la notification initiale.",
        NotificationErrors.InitialExists => "Une notification initiale existe déjà : préparez une notification complémentaire.",
        NotificationErrors.InitialNotFiled => "Enregistrez d'abord le dépôt de la notification initiale (numéro CNIL) : la notification complémentaire s'y réfère.",
        _ => rule,
    };

    public async Task<IReadOnlyDictionary<(OptionList, string), string>> LabelsAsync(CancellationToken ct) =>
        (await OptionsAsync(ct)).ToDictionary(o => (o.List, o.Code), o => o.Label);

    public async Task<IReadOnlyList<ReferenceOption>> OptionsAsync(CancellationToken ct) =>
        await db.ReferenceOptions.AsNoTracking().OrderBy(o => o.List).ThenBy(o => o.SortOrder).ThenBy(o => o.Code).ToListAsync(ct);

    public async Task<DossierContext?> LoadAsync(Guid caseId, DateTime nowUtc, CancellationToken ct)
    {
        var c = await access.FindCaseAsync(caseId, ct);
        if (c is null)
        {
            return null;
        }

        var clock = (await clocks.ForCaseAsync(access.Cases(), caseId, nowUtc, ct))!;
        var processor = c.Incident!.ProcessorId is { } pid ? await db.Processors.AsNoTracking().FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        var notice = await db.ProcessorNotices.Where(n => n.ControllerCaseId == caseId).OrderBy(n => n.ReceivedAtUtc)
            .Select(n => (DateTime?)n.ReceivedAtUtc).FirstOrDefaultAsync(ct);
        var facts = await db.DossierFacts.Where(f => f.IncidentId == c.IncidentId && (f.ControllerCaseId == null || f.ControllerCaseId == caseId)).ToListAsync(ct);
        var shared = facts.FirstOrDefault(f => f.ControllerCaseId is null);
        var own = facts.FirstOrDefault(f => f.ControllerCaseId == caseId);
        var subjects = await SubjectStatsAsync(caseId, ct);
        var assessment = await db.RiskAssessments.FirstOrDefaultAsync(a => a.ControllerCaseId == caseId, ct);
        var decisions = await db.RiskDecisions.Where(d => d.ControllerCaseId == caseId).OrderBy(d => d.DecidedAtUtc).ToListAsync(ct);
        var notifications = await db.CnilNotifications.Where(n => n.ControllerCaseId == caseId).OrderBy(n => n.Sequence).ToListAsync(ct);
        return new DossierContext(c, clock, processor, notice, shared, own, DossierFacts.Merge(shared, own), subjects, assessment, decisions,
            notifications, await LabelsAsync(ct));
    }

    // The import's counts: persons, minors, and the union of the categories really exposed (a few distinct masks).
    public async Task<SubjectStats> SubjectStatsAsync(Guid caseId, CancellationToken ct)
    {
        var subjects = db.Subjects.Where(s => s.ControllerCaseId == caseId);
        var count = await subjects.CountAsync(ct);
        if (count == 0)
        {
            return new SubjectStats(0, 0, DataCategories.None);
        }

        var minors = await subjects.CountAsync(s => s.IsMinor, ct);
        var masks = await subjects.Select(s => s.ExposedCategories).Distinct().ToListAsync(ct);
        return new SubjectStats(count, minors, masks.Aggregate(DataCategories.None, (a, m) => a | m));
    }

    public (CnilNotification? Notification, string? Error) Prepare(DossierContext ctx, NotificationKind kind, string actor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (kind == NotificationKind.Initial && ctx.Initial is not null)
        {
            return (null, Message(NotificationErrors.InitialExists));
        }

        if (kind == NotificationKind.Complementary && ctx.Initial is null)
        {
            return (null, Message(NotificationErrors.InitialRequired));
        }

        var sequence = ctx.Notifications.Count + 1;
        var document = DossierComposer.Compose(ctx.Input(kind, sequence, nowUtc));
        var notification = new CnilNotification(Guid.CreateVersion7(), ctx.Case.Id, kind, kind == NotificationKind.Complementary ? ctx.Initial!.Id : null,
            sequence, JsonSerializer.Serialize(document, Json), document.Complete, actor, nowUtc);
        db.CnilNotifications.Add(notification);
        audit.Record("notification.prepared", nameof(CnilNotification), notification.Id, ctx.Case.IncidentId, ctx.Case.Id,
            $"{(kind == NotificationKind.Initial ? "Notification initiale" : "Notification complémentaire")} n° {sequence} préparée{(document.Complete ? "" : " (incomplète : art. 33(4))")}.");
        return (notification, null);
    }

    public static DossierDocument Snapshot(CnilNotification n) => JsonSerializer.Deserialize<DossierDocument>(n?.SnapshotJson ?? "{}", Json)!;

    // Filing on the CNIL site, recorded afterwards. Late without reasons is refused (Art. 33(1); the deadline guard).
    public async Task<string?> RecordFilingAsync(DossierContext ctx, CnilNotification n, DateTime filedAtUtc, string? number, string? reasons,
        string actor, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        var kind = n.Kind == NotificationKind.Initial ? ObligationKind.CnilNotification : ObligationKind.CnilComplementary;
        if (n.Kind == NotificationKind.Complementary && ctx.Initial is { IsFiled: false })
        {
            return Message(NotificationErrors.InitialNotFiled);
        }

        var obligation = ctx.Clock[kind];
        var due = obligation.DueImmediately ? null : obligation.DueUtc;
        var error = n.RecordFiling(filedAtUtc, number ?? "", reasons ?? "", due, actor, nowUtc);
        if (error is not null)
        {
            return Message(error);
        }

        // The obligation on the deadline board is the first filing of its kind; later complementary ones are the register's.
        if (!ctx.Clock.Records.TryGetValue(kind, out var record) || record.CompletedAtUtc is null)
        {
            var obligationError = await obligations.CompleteAsync(ctx.Clock, kind, filedAtUtc, number, reasons, actor, nowUtc, ct);
            if (obligationError is not null)
            {
                return obligationError;
            }
        }

        if (n.Kind == NotificationKind.Initial && ctx.Case.Status is CaseStatus.Aware or CaseStatus.Investigating)
        {
            ctx.Case.TryChangeStatus(CaseStatus.AuthorityNotified);
            ctx.Case.Touch(nowUtc);
        }

        audit.Record("notification.filed", nameof(CnilNotification), n.Id, ctx.Case.IncidentId, ctx.Case.Id,
            $"Dépôt CNIL enregistré (notification n° {n.Sequence}, numéro CNIL consigné){(n.FiledLate ? ", après l'échéance, motifs du retard consignés" : "")}.");
        return null;
    }

    public const int MaxSummaryBytes = StoredDocument.MaxBytes;

    public async Task<string?> AttachSummaryAsync(DossierContext ctx, CnilNotification n, IFormFile? file, string actor, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(n);
        if (file is null || file.Length == 0)
        {
            return "Choisissez le fichier PDF du récapitulatif de la CNIL.";
        }

        if (file.Length > MaxSummaryBytes)
        {
            return "Le récapitulatif dépasse 10 Mo : déposez le PDF remis par la CNIL, sans pièces jointes.";
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        if (!StoredDocument.LooksLikePdf(bytes))
        {
            return "Ce fichier n'est pas un PDF : déposez le récapitulatif PDF remis par la CNIL.";
        }

        var name = Path.GetFileName(file.FileName);
        name = string.IsNullOrWhiteSpace(name) ? "recapitulatif-cnil.pdf" : name[..Math.Min(name.Length, StoredDocument.NameMax)];
        var document = new StoredDocument(Guid.CreateVersion7(), ctx.Case.Id, name, "application/pdf", bytes, actor, nowUtc);
        db.StoredDocuments.Add(document);
        n.AttachSummary(document.Id);
        audit.Record("notification.summary-uploaded", nameof(CnilNotification), n.Id, ctx.Case.IncidentId, ctx.Case.Id,
            $"Récapitulatif CNIL déposé (PDF, {bytes.Length} octets, SHA-256 consigné).");
        return null;
    }

    public async Task<StoredDocument?> SummaryAsync(CnilNotification n, CancellationToken ct) =>
        n.SummaryDocumentId is { } id ? await db.StoredDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.ControllerCaseId == n.ControllerCaseId, ct) : null;

    public async Task<IReadOnlyList<RegisterEntry>> RegisterAsync(IEnumerable<Guid> caseIds, DateTime nowUtc, CancellationToken ct)
    {
        var entries = new List<RegisterEntry>();
        foreach (var id in caseIds)
        {
            var ctx = await LoadAsync(id, nowUtc, ct);
            if (ctx is null)
            {
                continue;
            }

            var health = ctx.HealthRecord;
            entries.AddRange(BreachRegister.Entries(new RegisterCase(ctx.Case, ctx.Laboratory.Name, ctx.TimeZoneId, ctx.Incident, ctx.Facts, ctx.Assessment,
                ctx.Decisions, ctx.Notifications, health?.CompletedAtUtc, health?.Reference ?? "", health?.CompletedBy ?? "")));
        }

        return entries;
    }

    public async Task<string?> RecordHealthReportAsync(DossierContext ctx, DateTime filedAtUtc, string? reference, string actor, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (string.IsNullOrWhiteSpace(reference))
        {
            return "Indiquez la référence attribuée par le portail de signalement.";
        }

        return await obligations.CompleteAsync(ctx.Clock, ObligationKind.HealthSectorReport, filedAtUtc, reference, "", actor, nowUtc, ct);
    }
}
