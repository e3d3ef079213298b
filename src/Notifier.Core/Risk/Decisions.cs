namespace Notifier.Core.Risk;

// Art. 34(3): when informing the persons is not required (regulation.md §1.3).
public enum Art34Exemption
{
    None,
    Unintelligible,
    SubsequentMeasures,
    DisproportionateEffort,
}

public enum DecisionKind
{
    Decision,
    // Art. 34(4): the CNIL required the controller to inform the persons. Reopens the decision.
    CnilOrderedCommunication,
}

// The mapping from severity to "notify the CNIL" / "inform the persons" is policy, not law: ENISA gives no legal
// mapping to Art. 33/34 (regulation.md §6.5). Configurable; the human decides.
public sealed record DecisionPolicy(SeverityBand NotifyCnilFrom = SeverityBand.Medium, SeverityBand InformPersonsFrom = SeverityBand.High);

public sealed record DecisionProposal(bool NotifyCnil, bool InformPersons, Art34Exemption SuggestedExemption, IReadOnlyList<string> Reasons);

public sealed record DecisionInput(
    bool NotifyCnil,
    bool InformPersons,
    Art34Exemption Exemption,
    string Justification,
    string ExemptionEvidence,
    string PublicCommunicationChannel,
    DateTime? PublicCommunicationAtUtc,
    string PublicCommunicationText);

public static class DecisionRules
{
    public static DecisionProposal Propose(EnisaResult result, DecisionPolicy policy, bool cnilOrderedCommunication)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = new List<string>();
        var notify = result.Band >= policy.NotifyCnilFrom;
        reasons.Add(notify ? DecisionReasons.NotifyByBand : DecisionReasons.RegisterOnlyByBand);
        var inform = result.Band >= policy.InformPersonsFrom;
        reasons.Add(inform ? DecisionReasons.InformByBand : DecisionReasons.NoInformByBand);
        var exemption = Art34Exemption.None;
        if (inform && result.DataUnintelligible)
        {
            // Art. 34(3)(a): data made unintelligible (encryption, key not compromised).
            exemption = Art34Exemption.Unintelligible;
            reasons.Add(DecisionReasons.UnintelligibleSuggestsA);
        }

        if (cnilOrderedCommunication)
        {
            // Art. 34(4): the authority's order prevails over any exemption the controller had invoked.
            inform = true;
            exemption = Art34Exemption.None;
            reasons.Add(DecisionReasons.CnilOrdered);
        }

        return new DecisionProposal(notify, inform, exemption, reasons);
    }

    // A decision is recorded only with its reasons: why (always), the evidence of an exemption, and under 34(3)(c)
    // the public communication that replaces the individual one.
    public static IReadOnlyList<string> Validate(DecisionInput input, bool cnilOrderedCommunication)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(input.Justification))
        {
            errors.Add(DecisionErrors.JustificationRequired);
        }

        if (input.InformPersons && input.Exemption != Art34Exemption.None)
        {
            errors.Add(DecisionErrors.ExemptionOnlyWhenNotInforming);
        }

        if (input.Exemption != Art34Exemption.None && string.IsNullOrWhiteSpace(input.ExemptionEvidence))
        {
            errors.Add(DecisionErrors.ExemptionNeedsEvidence);
        }

        if (input.Exemption == Art34Exemption.DisproportionateEffort
            && (string.IsNullOrWhiteSpace(input.PublicCommunicationChannel) || input.PublicCommunicationAtUtc is null
                || string.IsNullOrWhiteSpace(input.PublicCommunicationText)))
        {
            errors.Add(DecisionErrors.PublicCommunicationRequired);
        }

        if (cnilOrderedCommunication && !input.InformPersons)
        {
            errors.Add(DecisionErrors.CnilOrderedCommunication);
        }

        return errors;
    }
}

// One entry of the decision log (Art. 33(5) register): who decided what, when and why. Append-only: a new decision
// is a new row, so the register shows every decision with its justification.
public sealed class RiskDecision
{
    public const int TextMax = 8000;
    public const int ChannelMax = 200;
    public const int ActorMax = 254;
    public const int ReferenceMax = 100;

    private RiskDecision()
    {
    }

    private RiskDecision(Guid id, Guid controllerCaseId, DecisionKind kind, string actor, DateTime atUtc)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        Kind = kind;
        DecidedBy = actor;
        DecidedAtUtc = atUtc;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public DecisionKind Kind { get; private set; }

    public bool NotifyCnil { get; private set; }
    public bool InformPersons { get; private set; }
    public Art34Exemption Exemption { get; private set; }
    public string Justification { get; private set; } = "";
    public string ExemptionEvidence { get; private set; } = "";
    public string PublicCommunicationChannel { get; private set; } = "";
    public DateTime? PublicCommunicationAtUtc { get; private set; }
    public string PublicCommunicationText { get; private set; } = "";

    // What the policy proposed and the severity it saw, so that a decision against the proposal is visible.
    public bool ProposedNotifyCnil { get; private set; }
    public bool ProposedInformPersons { get; private set; }
    public int? SeverityQuarters { get; private set; }
    public SeverityBand? Band { get; private set; }

    // Art. 34(4) order: its reference and the instant the CNIL issued it.
    public string OrderReference { get; private set; } = "";
    public DateTime? OrderedAtUtc { get; private set; }

    public string DecidedBy { get; private set; } = "";
    public DateTime DecidedAtUtc { get; private set; }

    public static RiskDecision Decide(Guid id, Guid caseId, DecisionInput input, DecisionProposal proposal, EnisaResult? severity,
        string actor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(proposal);
        return new RiskDecision(id, caseId, DecisionKind.Decision, actor, nowUtc)
        {
            NotifyCnil = input.NotifyCnil,
            InformPersons = input.InformPersons,
            Exemption = input.InformPersons ? Art34Exemption.None : input.Exemption,
            Justification = input.Justification.Trim(),
            ExemptionEvidence = input.ExemptionEvidence.Trim(),
            PublicCommunicationChannel = input.PublicCommunicationChannel.Trim(),
            PublicCommunicationAtUtc = input.PublicCommunicationAtUtc,
            PublicCommunicationText = input.PublicCommunicationText.Trim(),
            ProposedNotifyCnil = proposal.NotifyCnil,
            ProposedInformPersons = proposal.InformPersons,
            SeverityQuarters = severity?.SeverityQuarters,
            Band = severity?.Band,
        };
    }

    public static RiskDecision CnilOrder(Guid id, Guid caseId, string reference, DateTime orderedAtUtc, string note, string actor, DateTime nowUtc) =>
        new(id, caseId, DecisionKind.CnilOrderedCommunication, actor, nowUtc)
        {
            OrderReference = (reference ?? "").Trim(),
            OrderedAtUtc = orderedAtUtc,
            Justification = (note ?? "").Trim(),
            InformPersons = true,
        };

    // The decision in force: the latest decision, unless a later CNIL order reopened it.
    public static (RiskDecision? Current, bool Reopened) CurrentOf(IEnumerable<RiskDecision> log)
    {
        var ordered = log.OrderBy(d => d.DecidedAtUtc).ThenBy(d => d.Id).ToList();
        var lastOrder = ordered.LastOrDefault(d => d.Kind == DecisionKind.CnilOrderedCommunication);
        var lastDecision = ordered.LastOrDefault(d => d.Kind == DecisionKind.Decision);
        var reopened = lastOrder is not null && (lastDecision is null || ordered.IndexOf(lastOrder) > ordered.IndexOf(lastDecision));
        return (lastDecision, reopened);
    }
}

public static class DecisionErrors
{
    public const string JustificationRequired = "decision.justification-required";
    public const string ExemptionOnlyWhenNotInforming = "decision.exemption-only-when-not-informing";
    public const string ExemptionNeedsEvidence = "decision.exemption-needs-evidence";
    public const string PublicCommunicationRequired = "decision.public-communication-required";
    public const string CnilOrderedCommunication = "decision.cnil-ordered";
}

public static class DecisionReasons
{
    public const string NotifyByBand = "proposal.notify-by-band";
    public const string RegisterOnlyByBand = "proposal.register-only-by-band";
    public const string InformByBand = "proposal.inform-by-band";
    public const string NoInformByBand = "proposal.no-inform-by-band";
    public const string UnintelligibleSuggestsA = "proposal.unintelligible-suggests-34-3-a";
    public const string CnilOrdered = "proposal.cnil-ordered";
}
