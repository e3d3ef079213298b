namespace Notifier.Core.Risk;

// One laboratory's ENISA assessment (regulation.md §6, checklist item 9): pre-filled from the incident and the lab's
// imported data, then reviewed by the DPO. The four DPC rows are the ENISA categories present in the breach
// (null = category absent); each adjustment away from the base score carries its written justification.
public sealed class RiskAssessment
{
    public const int JustificationMax = 2000;
    public const int ReasoningMax = 8000;
    public const int ActorMax = 254;

    private RiskAssessment()
    {
    }

    public RiskAssessment(Guid id, Guid controllerCaseId)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }

    public int? SimpleScore { get; private set; }
    public string SimpleJustification { get; private set; } = "";
    public int? BehaviouralScore { get; private set; }
    public string BehaviouralJustification { get; private set; } = "";
    public int? FinancialScore { get; private set; }
    public string FinancialJustification { get; private set; } = "";
    public int? SensitiveScore { get; private set; }
    public string SensitiveJustification { get; private set; } = "";

    public EaseOfIdentification EaseOfIdentification { get; private set; } = EaseOfIdentification.Maximum;
    public string EaseJustification { get; private set; } = "";
    public ConfidentialityLoss Confidentiality { get; private set; }
    public IntegrityLoss Integrity { get; private set; }
    public AvailabilityLoss Availability { get; private set; }
    public bool MaliciousIntent { get; private set; }
    public bool DataUnintelligible { get; private set; }

    // EDPB 9/2022 qualitative factors and the DPO's reasoning (special categories, minors, medical organisation, volume).
    public string Reasoning { get; private set; } = "";

    // Frozen result of the last save, for the register and the board (quarter points, see Enisa).
    public int SeverityQuarters { get; private set; }
    public SeverityBand Band { get; private set; }
    public bool MoreThan100Persons { get; private set; }

    public string AssessedBy { get; private set; } = "";
    public DateTime AssessedAtUtc { get; private set; }
    public Guid ConcurrencyStamp { get; private set; }

    public EnisaInput ToInput(int? personCount)
    {
        var rows = new List<DpcScore>();
        void Add(DpcCategory c, int? score, string justification)
        {
            if (score is { } s)
            {
                rows.Add(new DpcScore(c, s, justification));
            }
        }

        Add(DpcCategory.Simple, SimpleScore, SimpleJustification);
        Add(DpcCategory.Behavioural, BehaviouralScore, BehaviouralJustification);
        Add(DpcCategory.Financial, FinancialScore, FinancialJustification);
        Add(DpcCategory.Sensitive, SensitiveScore, SensitiveJustification);
        return new EnisaInput(rows, EaseOfIdentification, Confidentiality, Integrity, Availability, MaliciousIntent, personCount, DataUnintelligible);
    }

    // Saves the assessment if the rules hold; returns the broken rules otherwise (nothing is changed then).
    public IReadOnlyList<string> Record(EnisaInput input, string easeJustification, string reasoning, string actor, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = Enisa.Score(input);
        if (!result.IsValid)
        {
            return result.Errors;
        }

        DpcScore? Of(DpcCategory c) => input.DataCategories.FirstOrDefault(d => d.Category == c);
        (SimpleScore, SimpleJustification) = (Of(DpcCategory.Simple)?.Score, Of(DpcCategory.Simple)?.Justification.Trim() ?? "");
        (BehaviouralScore, BehaviouralJustification) = (Of(DpcCategory.Behavioural)?.Score, Of(DpcCategory.Behavioural)?.Justification.Trim() ?? "");
        (FinancialScore, FinancialJustification) = (Of(DpcCategory.Financial)?.Score, Of(DpcCategory.Financial)?.Justification.Trim() ?? "");
        (SensitiveScore, SensitiveJustification) = (Of(DpcCategory.Sensitive)?.Score, Of(DpcCategory.Sensitive)?.Justification.Trim() ?? "");
        EaseOfIdentification = input.EaseOfIdentification;
        EaseJustification = (easeJustification ?? "").Trim();
        Confidentiality = input.Confidentiality;
        Integrity = input.Integrity;
        Availability = input.Availability;
        MaliciousIntent = input.MaliciousIntent;
        DataUnintelligible = input.DataUnintelligible;
        Reasoning = (reasoning ?? "").Trim();
        SeverityQuarters = result.SeverityQuarters;
        Band = result.Band;
        MoreThan100Persons = result.MoreThan100Persons;
        AssessedBy = actor;
        AssessedAtUtc = nowUtc;
        ConcurrencyStamp = Guid.NewGuid();
        return [];
    }
}
