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
    public IReadOnlyList<(string Field, string Message)> Validate(DateTime nowUtc)
    {
        var errors = ControllerCase.AwarenessErrors(AwareAtUtc, AwareJustification, FirstSignalAtUtc, nowUtc)
            .Select(e => (e == CaseRuleErrors.AwarenessNeedsJustification ? nameof(AwareJustification) : nameof(AwareAtUtc), CaseMessages.For(e)))
            .ToList();
        if (Status is { } s && s != CaseStatus.Investigating && s != CaseStatus.Closed && AwareAtUtc is null)
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
