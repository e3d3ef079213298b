using Notifier.Core.Subjects;

namespace Notifier.Core.Tests.Builders;

// Synthetic people only. The reference date is fixed so that ages never depend on the day the tests run.
public static class Payloads
{
    public static readonly DateOnly ReferenceDate = new(2026, 3, 15);

    // Nothing filled in: every category is absent.
    public static SubjectPayload Empty() => new();

    public static SubjectPayload Adult(string? comment = null) => new()
    {
        LastName = "MARTIN",
        FirstName = "Claire",
        BirthDate = new DateOnly(1980, 6, 1),
        Comment = comment,
    };

    // Sixteen at the reference date.
    public static SubjectPayload Minor(string? comment = null) => new()
    {
        LastName = "MARTIN",
        FirstName = "Léa",
        BirthDate = new DateOnly(2009, 9, 30),
        Comment = comment,
    };

    public static SubjectPayload Full() => new()
    {
        LabPatientId = "P-000123",
        Civility = "Mme",
        LastName = "Lefèvre-Ñúñez",
        BirthName = "Ångström",
        FirstName = "Zoé 🧪",
        Sex = "F",
        BirthDate = new DateOnly(1987, 2, 28),
        Nir = "255081416802538",
        AddressLine1 = "12 rue des Lilas",
        AddressLine2 = "Bâtiment B, 3ᵉ étage",
        AddressLine3 = "Résidence « Les Pins »",
        PostalCode = "97200",
        City = "Fort-de-France",
        Country = "FRANCE",
        Phone = "+596 596 00 00 00",
        Email = "zoe.lefevre@example.test",
        BloodGroup = "AB−",
        TreatingDoctor = "Dr Éloïse Gärtner",
        HealthInsurer = "CPAM de la Martinique",
        Comment = "Contrôle à jeun ✓ \"guillemets\" \\ barre",
        Treatments = "Lévothyrox 50 µg",
        Pathologies = "Hypothyroïdie",
        SampleDate = new DateOnly(2020, 12, 31),
        ParentalOpposition = true,
    };
}
