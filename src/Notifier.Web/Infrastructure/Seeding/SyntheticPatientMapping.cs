using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;

namespace Notifier.Web.Infrastructure.Seeding;

public static class SyntheticPatientMapping
{
    public static SubjectPayload ToPayload(SyntheticPatient p) => new()
    {
        LabPatientId = p.LabPatientId,
        Civility = p.Civility,
        LastName = p.LastName,
        BirthName = Blank(p.BirthName),
        FirstName = p.FirstName,
        Sex = p.Sex,
        BirthDate = p.BirthDate,
        Nir = Blank(p.Nir),
        AddressLine1 = Blank(p.AddressLine1),
        AddressLine2 = Blank(p.AddressLine2),
        AddressLine3 = Blank(p.AddressLine3),
        PostalCode = Blank(p.PostalCode),
        City = Blank(p.City),
        Country = Blank(p.Country),
        Phone = Blank(p.Phone),
        Email = Blank(p.Email),
        BloodGroup = Blank(p.BloodGroup),
        TreatingDoctor = Blank(p.TreatingDoctor),
        HealthInsurer = Blank(p.HealthInsurer),
        Comment = Blank(p.Comment),
        Treatments = Blank(p.Treatments),
        Pathologies = Blank(p.Pathologies),
        SampleDate = p.SampleDate,
        ParentalOpposition = p.ParentalOpposition,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
