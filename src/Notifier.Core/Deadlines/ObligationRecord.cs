namespace Notifier.Core.Deadlines;

// What a laboratory has done about one obligation: started, completed (by whom, when), or not applicable (why).
// Lateness is frozen when the obligation is completed, so that moving the awareness instant afterwards cannot rewrite
// history (Art. 33(1): a late filing carries its reasons for the delay).
public sealed class ObligationRecord
{
    public const int ReasonsMax = 4000;
    public const int ReferenceMax = 100;
    public const int ActorMax = 254;

    private ObligationRecord()
    {
    }

    public ObligationRecord(Guid id, Guid controllerCaseId, ObligationKind kind)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Kind = kind;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public ObligationKind Kind { get; private set; }

    public DateTime? StartedAtUtc { get; private set; }
    public DateTime? CompletedAtUtc { get; private set; }
    public string CompletedBy { get; private set; } = "";
    public DateTime? RecordedAtUtc { get; private set; }

    // Frozen at completion.
    public DateTime? DueAtCompletionUtc { get; private set; }
    public bool CompletedLate { get; private set; }
    public int? LatenessMinutes { get; private set; }
    public string ReasonsForDelay { get; private set; } = "";
    public string Reference { get; private set; } = "";

    public bool NotApplicable { get; private set; }
    public string NotApplicableReason { get; private set; } = "";

    public void Start(DateTime atUtc) => StartedAtUtc ??= atUtc;

    // Refuses a late completion without reasons; the caller shows the message. Returns the rule broken, or null.
    public string? Complete(DateTime completedAtUtc, DateTime? dueUtc, string reasonsForDelay, string reference, string actor, DateTime nowUtc)
    {
        if (completedAtUtc > nowUtc)
        {
            return ObligationRuleErrors.CompletedInFuture;
        }

        var late = dueUtc is { } due && completedAtUtc > due;
        if (late && string.IsNullOrWhiteSpace(reasonsForDelay))
        {
            return ObligationRuleErrors.ReasonsRequired;
        }

        StartedAtUtc ??= completedAtUtc;
        CompletedAtUtc = completedAtUtc;
        DueAtCompletionUtc = dueUtc;
        CompletedLate = late;
        LatenessMinutes = late ? (int)Math.Ceiling((completedAtUtc - dueUtc!.Value).TotalMinutes) : null;
        ReasonsForDelay = reasonsForDelay.Trim();
        Reference = reference.Trim();
        CompletedBy = actor;
        RecordedAtUtc = nowUtc;
        NotApplicable = false;
        NotApplicableReason = "";
        return null;
    }

    public string? MarkNotApplicable(string reason, string actor, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ObligationRuleErrors.NotApplicableReasonRequired;
        }

        NotApplicable = true;
        NotApplicableReason = reason.Trim();
        CompletedBy = actor;
        RecordedAtUtc = nowUtc;
        return null;
    }

    public void Reopen()
    {
        CompletedAtUtc = null;
        DueAtCompletionUtc = null;
        CompletedLate = false;
        LatenessMinutes = null;
        NotApplicable = false;
        NotApplicableReason = "";
    }
}

public static class ObligationRuleErrors
{
    public const string ReasonsRequired = "obligation.reasons-required";
    public const string CompletedInFuture = "obligation.completed-in-future";
    public const string NotApplicableReasonRequired = "obligation.not-applicable-reason-required";
}

// One reminder sent for one obligation of one case at one threshold, for one due instant: the sweep's idempotency key.
// If the due instant moves (awareness corrected), the reminders re-arm for the new instant.
public sealed class ReminderLog
{
    public const int ThresholdMax = 20;

    private ReminderLog()
    {
    }

    public ReminderLog(Guid id, Guid controllerCaseId, ObligationKind kind, string threshold, DateTime dueUtc, DateTime sentAtUtc, int recipients)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Kind = kind;
        Threshold = threshold;
        DueUtc = dueUtc;
        SentAtUtc = sentAtUtc;
        Recipients = recipients;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public ObligationKind Kind { get; private set; }
    public string Threshold { get; private set; } = "";
    public DateTime DueUtc { get; private set; }
    public DateTime SentAtUtc { get; private set; }
    public int Recipients { get; private set; }
}
