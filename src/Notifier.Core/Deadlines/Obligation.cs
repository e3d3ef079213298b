namespace Notifier.Core.Deadlines;

// One obligation of one controller case, evaluated at a given `now`.
// Lateness: completed late → CompletedAt − Due; open and overdue → now − Due; otherwise null.
// Remaining: open and not overdue with a due instant → Due − now (zero exactly at the due instant); otherwise null.
public sealed record Obligation(
    ObligationKind Kind,
    string LegalBasis,
    DateTime? DueUtc,
    bool DueImmediately,
    DateTime? LatestUtc,
    ObligationStatus Status,
    DateTime? CompletedAtUtc,
    TimeSpan? Lateness,
    TimeSpan? Remaining,
    bool FewerThanTwoWorkingDays);
