namespace Notifier.Core.Notifications;

// The facts of the CNIL form that Notifier does not already hold elsewhere (regulation.md §4.2 items 9–15) and those
// of the health-sector report (§5.2). Entered once on the incident (ControllerCaseId null) and flowing into every
// laboratory's dossier; a laboratory's own row overrides field by field (null = the shared value applies).
public sealed class DossierFacts
{
    public const int CodesMax = 1000;
    public const int TextMax = 8000;
    public const int ShortMax = 500;

    private DossierFacts()
    {
    }

    public DossierFacts(Guid id, Guid incidentId, Guid? controllerCaseId)
    {
        Id = id;
        IncidentId = incidentId;
        ControllerCaseId = controllerCaseId;
    }

    public Guid Id { get; private set; }
    public Guid IncidentId { get; private set; }
    public Guid? ControllerCaseId { get; private set; }

    public string? SectorOfActivity { get; set; }
    public string? SubjectCategories { get; set; }
    public string? SubjectCategoriesUnknownReason { get; set; }
    public int? SubjectCount { get; set; }
    public string? SubjectCountUnknownReason { get; set; }
    public bool? DirectlyIdentifiable { get; set; }
    public int? RecordCount { get; set; }
    public string? RecordCountUnknownReason { get; set; }
    public string? DataCategoriesUnknownReason { get; set; }
    public string? StorageMedia { get; set; }
    public string? Consequences { get; set; }
    public string? Harms { get; set; }
    public string? ConsequencesText { get; set; }
    public string? MeasuresImmediate { get; set; }
    public string? MeasuresMediumTerm { get; set; }
    public string? MeasuresLongTerm { get; set; }
    public string? InformationWhen { get; set; }
    public string? InformationHow { get; set; }
    public string? InformationText { get; set; }
    public bool? CrossBorder { get; set; }
    public string? CrossBorderDetails { get; set; }
    public string? OtherAuthorities { get; set; }

    // CSP L.1111-8-2 report (regulation.md §5.2).
    public string? HealthScope { get; set; }
    public string? HealthSystems { get; set; }
    public string? HealthHandlingStatus { get; set; }
    public string? HealthImpacts { get; set; }

    public DateTime UpdatedAtUtc { get; set; } = DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc);

    public static IReadOnlyList<string> FieldNames { get; } = typeof(DossierFacts).GetProperties()
        .Where(p => p.CanWrite && p.GetSetMethod() is not null && p.Name != nameof(UpdatedAtUtc))
        .Select(p => p.Name).ToList();

    // The effective facts of one laboratory: its own value where it has one, otherwise the incident's.
    public static DossierFacts Merge(DossierFacts? shared, DossierFacts? lab)
    {
        var merged = new DossierFacts(Guid.Empty, lab?.IncidentId ?? shared?.IncidentId ?? Guid.Empty, lab?.ControllerCaseId);
        foreach (var property in typeof(DossierFacts).GetProperties().Where(p => FieldNames.Contains(p.Name)))
        {
            var value = (lab is null ? null : property.GetValue(lab)) ?? (shared is null ? null : property.GetValue(shared));
            property.SetValue(merged, value);
        }

        return merged;
    }

    // Stores on the laboratory's row only what differs from the shared facts, so that later changes to the shared
    // facts keep flowing into the lab's dossier. Returns the names of the fields that changed (for the audit trail).
    public IReadOnlyList<string> ApplyOverrides(DossierFacts? shared, DossierFacts effective, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(effective);
        var changed = new List<string>();
        foreach (var property in typeof(DossierFacts).GetProperties().Where(p => FieldNames.Contains(p.Name)))
        {
            var wanted = Normalize(property.GetValue(effective));
            var sharedValue = shared is null ? null : Normalize(property.GetValue(shared));
            var stored = Equals(wanted, sharedValue) ? null : wanted;
            if (!Equals(Normalize(property.GetValue(this)), stored))
            {
                changed.Add(property.Name);
            }

            property.SetValue(this, stored);
        }

        UpdatedAtUtc = nowUtc;
        return changed;
    }

    // The shared row itself: every value as entered. Returns the names of the fields that changed.
    public IReadOnlyList<string> ApplyShared(DossierFacts values, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(values);
        var changed = new List<string>();
        foreach (var property in typeof(DossierFacts).GetProperties().Where(p => FieldNames.Contains(p.Name)))
        {
            var wanted = Normalize(property.GetValue(values));
            if (!Equals(Normalize(property.GetValue(this)), wanted))
            {
                changed.Add(property.Name);
            }

            property.SetValue(this, wanted);
        }

        UpdatedAtUtc = nowUtc;
        return changed;
    }

    private static object? Normalize(object? value) => value is string s ? (string.IsNullOrWhiteSpace(s) ? null : s.Trim()) : value;
}
