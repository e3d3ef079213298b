using Notifier.Core.Cases;

namespace Notifier.Web.Features.Cases;

// The case facts with every instant already resolved to UTC; the form and the API build one and apply it alike.
public sealed record CaseUpdate(
    DateTime? FirstSignalAtUtc,
    SignalSource? SignalSource,
    DateTime? InvestigationStartedAtUtc,
    DateTime? AwareAtUtc,
    string? AwareJustification,
    int? EstimatedSubjectCount,
    bool Nis2Applicable,
    string? Notes,
    CaseStatus? Status)
{
    public const string StatusNeedsAwareness = "Ce statut suppose que l'instant de prise de connaissance soit renseigné.";

    // Rule violations as (field, French message) pairs; nothing is applied when there is one.
    public IReadOnlyList<(string Field, string Message)> Validate(DateTime nowUtc, CaseStatus currentStatus = CaseStatus.Investigating)
    {
        var errors = ControllerCase.AwarenessErrors(AwareAtUtc, AwareJustification, FirstSignalAtUtc, nowUtc)
            .Select(e => (e == CaseRuleErrors.AwarenessNeedsJustification ? nameof(AwareJustification) : nameof(AwareAtUtc), CaseMessages.For(e)))
            .ToList();
        // The status kept (or sent) must not claim more than the facts: no "CNIL notifiée" without an awareness instant.
        // When no status is sent, "Aware" falls back to "Investigating" by itself (ControllerCase.RecordAwareness).
        var claimsAwareness = Status is { } requested
            ? requested is CaseStatus.Aware or CaseStatus.AuthorityNotified or CaseStatus.SubjectsInformed
            : currentStatus is CaseStatus.AuthorityNotified or CaseStatus.SubjectsInformed;
        if (claimsAwareness && AwareAtUtc is null)
        {
            errors.Add((nameof(Status), StatusNeedsAwareness));
        }

        return errors;
    }

    public void ApplyTo(ControllerCase c)
    {
        c.FirstSignalAtUtc = FirstSignalAtUtc;
        c.SignalSource = SignalSource;
        c.InvestigationStartedAtUtc = InvestigationStartedAtUtc;
        c.RecordAwareness(AwareAtUtc, AwareJustification ?? "");
        c.EstimatedSubjectCount = EstimatedSubjectCount;
        c.Nis2Applicable = Nis2Applicable;
        c.Notes = Notes?.Trim() ?? "";
        if (Status is { } status && status != c.Status)
        {
            c.TryChangeStatus(status);
        }
    }
}
