using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;

namespace Notifier.Web.Tests.Infrastructure;

// Two laboratories, two incidents: lab A is in both, lab B only in the shared one.
public sealed record Scenario(Guid SharedIncidentId, Guid PrivateIncidentId, Guid LabAId, Guid LabBId, Guid CaseAId, Guid CaseBId, Guid PrivateCaseAId)
{
    public const string LabAName = "Laboratoire Témoin Alpha";
    public const string LabBName = "Laboratoire Témoin Bravo";
    public const string PrivateIncidentReference = "PRIVATE-ALPHA";
    public const string SharedIncidentReference = "SHARED-AB";

    public static async Task<Scenario> CreateAsync(NotifierApp app)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        return await app.WithDbAsync(async db =>
        {
            var labA = new Laboratory(Guid.CreateVersion7(), LabAName) { Address = new PostalAddress { Line1 = "1 rue A", PostalCode = "35000", City = "Rennes" } };
            var labB = new Laboratory(Guid.CreateVersion7(), LabBName) { Address = new PostalAddress { Line1 = "2 rue B", PostalCode = "29200", City = "Brest" } };
            var shared = new Incident(Guid.CreateVersion7(), SharedIncidentReference, "Incident partagé", now);
            var priv = new Incident(Guid.CreateVersion7(), PrivateIncidentReference, "Incident privé Alpha", now);
            var caseA = new ControllerCase(Guid.CreateVersion7(), shared.Id, labA.Id, "SHARED-AB-L01", now);
            var caseB = new ControllerCase(Guid.CreateVersion7(), shared.Id, labB.Id, "SHARED-AB-L02", now);
            var privA = new ControllerCase(Guid.CreateVersion7(), priv.Id, labA.Id, "PRIVATE-ALPHA-L01", now);
            caseA.RecordAwareness(now.AddHours(-5), "Courriel du prestataire.");
            db.AddRange(labA, labB, shared, priv, caseA, caseB, privA);
            await db.SaveChangesAsync();
            return new Scenario(shared.Id, priv.Id, labA.Id, labB.Id, caseA.Id, caseB.Id, privA.Id);
        });
    }
}
