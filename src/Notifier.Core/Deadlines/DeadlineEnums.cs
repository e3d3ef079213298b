namespace Notifier.Core.Deadlines;

// One clock per obligation a laboratory (the controller) has after a breach (regulation.md §3.3 "Other clocks",
// §5.1, §5.3; checklist items 3 and 17). The order is the display order and the order Deadlines.For returns.
public enum ObligationKind
{
    CnilNotification,
    CnilComplementary,
    ProcessorNotice,
    SubjectCommunication,
    HealthSectorReport,
    Nis2EarlyWarning,
    Nis2IncidentNotification,
    Nis2FinalReport,
}

public enum ObligationStatus
{
    NotApplicable,
    NotStarted,
    InProgress,
    DoneOnTime,
    DoneLate,
    Overdue,
}

// Which French public-holiday calendar applies to the laboratory (Code du travail L.3133-1 plus local law; checklist item 20).
public enum HolidayRegion
{
    Metropolitan,
    AlsaceMoselle,
    Guadeloupe,
    Martinique,
    Guyane,
    Reunion,
    Mayotte,
}
