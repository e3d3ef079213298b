using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;

namespace Notifier.Core.Cases;

// Where the controller's first signal came from (regulation.md §2.2, checklist item 2).
public enum SignalSource
{
    Processor,
    Press,
    Cnil,
    Patient,
    Internal,
    OtherAuthority,
}

// The lifecycle a compliance officer follows on the board (checklist item 18).
public enum CaseStatus
{
    Investigating,
    Aware,
    AuthorityNotified,
    SubjectsInformed,
    Closed,
}

// One laboratory's case inside an incident: its own Art. 33 clock, its own CNIL filing, its own letters.
public sealed class ControllerCase
{
    public const int ReferenceMax = 60;
    public const int JustificationMax = 4000;
    public const int NotesMax = 8000;

    private ControllerCase()
    {
    }

    public ControllerCase(Guid id, Guid incidentId, Guid laboratoryId, string reference, DateTime createdAtUtc)
    {
        Id = id;
        IncidentId = incidentId;
        LaboratoryId = laboratoryId;
        Reference = reference;
        CreatedAtUtc = createdAtUtc;
        UpdatedAtUtc = createdAtUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public Incident? Incident { get; private set; }
    public Guid LaboratoryId { get; private set; }
    public Laboratory? Laboratory { get; private set; }

    public string Reference { get; set; } = "";
    public CaseStatus Status { get; private set; } = CaseStatus.Investigating;

    public DateTime? FirstSignalAtUtc { get; set; }
    public SignalSource? SignalSource { get; set; }
    public DateTime? InvestigationStartedAtUtc { get; set; }

    // "Aware" = reasonable certainty that a security incident compromised personal data (EDPB 9/2022 §II). Starts the 72 h clock.
    public DateTime? AwareAtUtc { get; private set; }
    public string AwareJustification { get; private set; } = "";

    // Approximate number of persons before the import gives the exact count (Art. 33(3)(a) "where possible").
    public int? EstimatedSubjectCount { get; set; }
    public bool Nis2Applicable { get; set; }
    public string Notes { get; set; } = "";

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid ConcurrencyStamp { get; private set; }

    public void RecordAwareness(DateTime? awareAtUtc, string justification)
    {
        AwareAtUtc = awareAtUtc;
        AwareJustification = justification.Trim();
        if (awareAtUtc is null && Status == CaseStatus.Aware)
        {
            Status = CaseStatus.Investigating;
        }
        else if (awareAtUtc is not null && Status == CaseStatus.Investigating)
        {
            Status = CaseStatus.Aware;
        }
    }

    public static IReadOnlyList<string> AwarenessErrors(DateTime? awareAtUtc, string? justification, DateTime? firstSignalAtUtc, DateTime nowUtc)
    {
        var errors = new List<string>();
        if (awareAtUtc is null)
        {
            return errors;
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            errors.Add(CaseRuleErrors.AwarenessNeedsJustification);
        }

        if (awareAtUtc > nowUtc)
        {
            errors.Add(CaseRuleErrors.AwarenessInFuture);
        }

        if (firstSignalAtUtc is { } signal && awareAtUtc < signal)
        {
            errors.Add(CaseRuleErrors.AwarenessBeforeSignal);
        }

        return errors;
    }

    // A status cannot claim more than the facts: no "aware" without an awareness instant.
    public bool TryChangeStatus(CaseStatus status)
    {
        if (status != CaseStatus.Investigating && status != CaseStatus.Closed && AwareAtUtc is null)
        {
            return false;
        }

        Status = status;
        return true;
    }

    public void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }
}

// Stable rule identifiers; the Web layer turns them into French or English sentences.
public static class CaseRuleErrors
{
    public const string AwarenessNeedsJustification = "awareness.justification.required";
    public const string AwarenessInFuture = "awareness.future";
    public const string AwarenessBeforeSignal = "awareness.before-signal";
}
