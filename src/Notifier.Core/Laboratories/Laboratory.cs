namespace Notifier.Core.Laboratories;

// A data controller (Art. 4(7)). A laboratory can appear in several incidents; users are assigned to laboratories.
public sealed class Laboratory
{
    public const int NameMax = 200;
    public const int PersonNameMax = 150;
    public const int EmailMax = 254;
    public const int PhoneMax = 30;

    private Laboratory()
    {
    }

    public Laboratory(Guid id, string name)
    {
        Id = id;
        Name = name;
    }

    public Guid Id { get; private set; }
    public string Name { get; set; } = "";

    // SIREN: 9 digits (INSEE). FINESS: 9 characters, the health-establishment identifier the ARS portal expects (UNCONFIRMED).
    public string? Siren { get; set; }
    public string? Finess { get; set; }

    public PostalAddress Address { get; set; } = new();

    // IANA zone of the laboratory: every one of its clocks is shown in it (Europe/Paris, or e.g. America/Martinique overseas).
    public string TimeZoneId { get; set; } = LabTimeZones.Default;

    // Art. 33(3)(b): "the DPO or another contact point".
    public ContactPoint Dpo { get; set; } = new();
    public bool DpoIsDesignated { get; set; } = true;
    public ContactPoint LegalRepresentative { get; set; } = new();
}

public sealed class PostalAddress
{
    public const int LineMax = 38;
    public const int PostalCodeMax = 10;
    public const int CityMax = 60;
    public const int CountryMax = 60;

    public string Line1 { get; set; } = "";
    public string Line2 { get; set; } = "";
    public string PostalCode { get; set; } = "";
    public string City { get; set; } = "";
    public string Country { get; set; } = "FRANCE";

    public override string ToString() =>
        string.Join(", ", new[] { Line1, Line2, $"{PostalCode} {City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)));
}

public sealed class ContactPoint
{
    public const int RoleMax = 100;

    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
}
