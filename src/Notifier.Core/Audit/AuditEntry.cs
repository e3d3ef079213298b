namespace Notifier.Core.Audit;

// Append-only trail (Art. 33(5) accountability): who did what, when, on which case.
// Holds the acting user's identity and field *names*, never a person's data. NotifierDbContext refuses updates and deletes.
public sealed class AuditEntry
{
    public const int ActionMax = 100;
    public const int ActorMax = 254;
    public const int EntityTypeMax = 60;
    public const int SummaryMax = 2000;

    private AuditEntry()
    {
    }

    public AuditEntry(Guid id, DateTime atUtc, Guid? actorId, string actor, string action, string entityType, Guid entityId,
        Guid? incidentId, Guid? controllerCaseId, string summary)
    {
        Id = id;
        AtUtc = atUtc;
        ActorId = actorId;
        Actor = Truncate(actor, ActorMax);
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        IncidentId = incidentId;
        ControllerCaseId = controllerCaseId;
        Summary = Truncate(summary, SummaryMax);
    }

    public Guid Id { get; private set; }
    public DateTime AtUtc { get; private set; }
    public Guid? ActorId { get; private set; }
    public string Actor { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public Guid EntityId { get; private set; }
    public Guid? IncidentId { get; private set; }
    public Guid? ControllerCaseId { get; private set; }
    public string Summary { get; private set; } = "";

    // The summary is generated from field names by the application, so cutting it loses no user data.
    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
