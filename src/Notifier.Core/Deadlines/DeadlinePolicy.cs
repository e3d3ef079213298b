namespace Notifier.Core.Deadlines;

// The configurable legal parameters (regulation.md checklist item 20). Core never reads configuration: callers pass this in.
public sealed record DeadlinePolicy
{
    // RGPD art. 33(1): "au plus tard 72 heures après en avoir pris connaissance".
    public int Art33Hours { get; init; } = 72;

    // CNIL FAQ: the complementary notification "dans le délai de 72 heures si possible après la notification initiale".
    // Advisory only (regulation.md §2.4).
    public int ComplementaryHours { get; init; } = 72;

    // RGPD art. 34(1) says "sans retard injustifié" with no number; this is an internal SLA counted from the Art. 33 filing.
    public int SubjectCommunicationSlaHours { get; init; } = 72;

    // Display-only latest instant under the Reg. (EEC, Euratom) 1182/71 reading (regulation.md §3.2(b)); never the due date.
    public bool ShowReg1182 { get; init; } = true;

    // Informational "the 72 h window holds fewer than two whole working days" note. Off by default: its basis
    // (Reg. 1182/71 art. 3(5) applied to a period in hours) is UNCONFIRMED and doubtful (regulation.md §3.1, §3.3).
    public bool WorkingDaysFlag { get; init; }

    public HolidayRegion HolidayRegion { get; init; } = HolidayRegion.Metropolitan;

    // Directive (UE) 2022/2555 art. 23(4)(a), (b), (d).
    public int Nis2EarlyWarningHours { get; init; } = 24;
    public int Nis2NotificationHours { get; init; } = 72;
    public int Nis2FinalReportMonths { get; init; } = 1;
}
