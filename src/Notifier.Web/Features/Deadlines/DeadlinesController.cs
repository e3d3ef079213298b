using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Notifier.Core.Deadlines;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Deadlines;

// The compliance officer's board: every laboratory's clocks for one incident, most urgent first.
[Authorize(Policy = Policies.ViewCases)]
public sealed class DeadlinesController(LabAccess access, CaseClocks clocks, TimeProvider clock) : Controller
{
    public async Task<IActionResult> Board(Guid id, string? filter, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var all = (await clocks.ForAsync(access.Cases().Where(c => c.IncidentId == id), now, ct))
            .OrderBy(c => c.Urgency).ThenBy(c => c.Case.Reference, StringComparer.Ordinal).ToList();
        var shown = filter switch
        {
            BoardFilters.Overdue => all.Where(c => c.Obligations.Any(o => o.Status == ObligationStatus.Overdue)).ToList(),
            BoardFilters.Within24h => all.Where(c => c.Obligations.Any(o => o.Remaining is { } r && r <= TimeSpan.FromHours(24))).ToList(),
            BoardFilters.NotStarted => all.Where(c => c[ObligationKind.CnilNotification].Status == ObligationStatus.NotStarted).ToList(),
            _ => all,
        };
        return View(new BoardModel(incident, all, shown, filter, now, clocks.Policy.ShowReg1182));
    }
}

public static class BoardFilters
{
    public const string Overdue = "overdue";
    public const string Within24h = "24h";
    public const string NotStarted = "not-started";
}

public sealed record BoardModel(Core.Incidents.Incident Incident, IReadOnlyList<CaseClock> All, IReadOnlyList<CaseClock> Shown, string? Filter,
    DateTime NowUtc, bool ShowReg1182)
{
    public static readonly ObligationKind[] Columns =
    [
        ObligationKind.CnilNotification, ObligationKind.HealthSectorReport, ObligationKind.SubjectCommunication,
        ObligationKind.CnilComplementary, ObligationKind.ProcessorNotice,
    ];

    public bool AnyNis2 => All.Any(c => c.Case.Nis2Applicable);

    public int Count(ObligationKind kind, ObligationStatus status) => All.Count(c => c[kind].Status == status);
}
