using Notifier.Core.Processors;

namespace Notifier.Core.Incidents;

// The vendor-side event, entered once and shared by every controller case (one per laboratory).
public sealed class Incident
{
    public const int ReferenceMax = 40;
    public const int TitleMax = 200;
    public const int DescriptionMax = 8000;
    public const int DiscoveryMax = 4000;

    private readonly List<Cases.ControllerCase> _cases = [];

    private Incident()
    {
    }

    public Incident(Guid id, string reference, string title, DateTime createdAtUtc)
    {
        Id = id;
        Reference = reference;
        Title = title;
        CreatedAtUtc = createdAtUtc;
        UpdatedAtUtc = createdAtUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public Guid Id { get; private set; }
    public string Reference { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public BreachNature Nature { get; set; }
    public BreachCertainty Certainty { get; set; } = BreachCertainty.Suspected;
    public IncidentOrigin Origin { get; set; } = IncidentOrigin.Unknown;
    public IncidentCause Cause { get; set; } = IncidentCause.Unknown;

    public DateTime? OccurrenceStartUtc { get; set; }
    public bool OccurrenceStartUnknown { get; set; }
    public DateTime? OccurrenceEndUtc { get; set; }
    public bool OccurrenceEndUnknown { get; set; }
    public bool Ongoing { get; set; }

    public DateTime? DiscoveredAtUtc { get; set; }
    public string DiscoveryDescription { get; set; } = "";

    public DataCategories DataCategories { get; set; }

    // IANA zone used to show the incident's shared instants; each laboratory has its own zone for its clocks.
    public string TimeZoneId { get; set; } = LabTimeZones.Default;

    public Guid? ProcessorId { get; set; }
    public Processor? Processor { get; private set; }

    public IReadOnlyCollection<Cases.ControllerCase> Cases => _cases;

    public DateTime CreatedAtUtc { get; private set; }
    public DateTime UpdatedAtUtc { get; private set; }
    public Guid ConcurrencyStamp { get; private set; }

    public void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }

    public static IReadOnlyList<string> Validate(DateTime? startUtc, DateTime? endUtc, DateTime? discoveredUtc)
    {
        var errors = new List<string>();
        if (startUtc is { } s && endUtc is { } e && e < s)
        {
            errors.Add(nameof(OccurrenceEndUtc));
        }

        if (startUtc is { } s2 && discoveredUtc is { } d && d < s2)
        {
            errors.Add(nameof(DiscoveredAtUtc));
        }

        return errors;
    }
}
