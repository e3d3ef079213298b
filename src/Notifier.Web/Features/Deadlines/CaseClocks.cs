using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;

namespace Notifier.Web.Features.Deadlines;

public sealed record CaseClock(ControllerCase Case, Laboratory Laboratory, Incident Incident, IReadOnlyList<Obligation> Obligations,
    IReadOnlyDictionary<ObligationKind, ObligationRecord> Records)
{
    public Obligation this[ObligationKind kind] => Obligations[(int)kind];  // Deadlines.For returns one per kind, in enum order

    // The most pressing open obligation: overdue first (longest overdue), then the nearest due instant.
    public TimeSpan Urgency => Obligations
        .Where(o => o.Status is ObligationStatus.Overdue or ObligationStatus.NotStarted or ObligationStatus.InProgress && o.DueUtc is not null && !o.DueImmediately)
        .Select(o => o.Status == ObligationStatus.Overdue ? -(o.Lateness ?? TimeSpan.Zero) : o.Remaining ?? TimeSpan.MaxValue)
        .DefaultIfEmpty(TimeSpan.MaxValue)
        .Min();
}

// Builds every laboratory's clocks from the database (the source of truth) and the pure engine in Core.
public sealed class CaseClocks(NotifierDbContext db, IOptions<DeadlineOptions> options)
{
    public DeadlinePolicy Policy => options.Value.ToPolicy();

    public async Task<IReadOnlyList<CaseClock>> ForAsync(IQueryable<ControllerCase> cases, DateTime nowUtc, CancellationToken ct)
    {
        var loaded = await cases.Include(c => c.Laboratory).Include(c => c.Incident).ThenInclude(i => i!.Processor)
            .AsNoTracking().ToListAsync(ct);
        var ids = loaded.Select(c => c.Id).ToList();
        var records = await db.Obligations.AsNoTracking().Where(o => ids.Contains(o.ControllerCaseId)).ToListAsync(ct);
        var notices = await db.ProcessorNotices.AsNoTracking().Where(n => ids.Contains(n.ControllerCaseId))
            .GroupBy(n => n.ControllerCaseId).Select(g => new { g.Key, Received = g.Min(n => n.ReceivedAtUtc) })
            .ToDictionaryAsync(x => x.Key, x => x.Received, ct);
        var policy = Policy;
        return loaded.Select(c =>
        {
            var mine = records.Where(r => r.ControllerCaseId == c.Id).ToDictionary(r => r.Kind);
            var input = new CaseClockInput(
                c.AwareAtUtc,
                c.Laboratory!.TimeZoneId,
                c.Incident!.Processor is null ? null : c.Incident.DiscoveredAtUtc,
                notices.TryGetValue(c.Id, out var received) ? received : null,
                c.Incident.Processor?.NoticeSlaHours,
                c.Nis2Applicable,
                ComplementaryExpected: !mine.TryGetValue(ObligationKind.CnilComplementary, out var comp) || !comp.NotApplicable,
                mine.ToDictionary(r => r.Key, r => new ObligationProgress(r.Value.StartedAtUtc, r.Value.CompletedAtUtc, r.Value.NotApplicable)));
            return new CaseClock(c, c.Laboratory, c.Incident, Core.Deadlines.Deadlines.For(input, policy, nowUtc), mine);
        }).ToList();
    }

    public async Task<CaseClock?> ForCaseAsync(IQueryable<ControllerCase> visibleCases, Guid caseId, DateTime nowUtc, CancellationToken ct)
    {
        var found = await ForAsync(visibleCases.Where(c => c.Id == caseId), nowUtc, ct);
        return found.Count == 0 ? null : found[0];
    }
}
