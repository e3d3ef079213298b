namespace Notifier.Core.Deadlines;

// What the user has recorded for one obligation. NotApplicable is a decision (e.g. no CNIL notification because the
// breach is unlikely to result in a risk, recorded in the Art. 33(5) register), and it wins over the instants.
public sealed record ObligationProgress(DateTime? StartedAtUtc, DateTime? CompletedAtUtc, bool NotApplicable = false);

// Everything the deadline engine needs about one controller case. All instants are UTC; TimeZoneId is the lab's IANA zone.
public sealed record CaseClockInput(
    DateTime? AwareAtUtc,
    string TimeZoneId,
    DateTime? ProcessorAwareAtUtc,
    DateTime? ProcessorNoticeReceivedAtUtc,
    int? ProcessorSlaHours,
    bool Nis2Applicable,
    bool ComplementaryExpected,
    IReadOnlyDictionary<ObligationKind, ObligationProgress> Progress);
