using System.ComponentModel.DataAnnotations;
using Notifier.Core;
using Notifier.Core.Laboratories;
using Notifier.Web.Features.Shared;

namespace Notifier.Web.Features.Laboratories;

// A laboratory's identity as typed in a form or sent to the API. Over-long values are refused, never cut.
public sealed class LaboratoryInput
{
    [Display(Name = "Nom du laboratoire")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(Laboratory.NameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string Name { get; set; } = "";

    [Display(Name = "SIREN")]
    [Siren]
    public string? Siren { get; set; }

    [Display(Name = "FINESS")]
    [Finess]
    public string? Finess { get; set; }

    [Display(Name = "Adresse")]
    [StringLength(PostalAddress.LineMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères (norme postale).")]
    public string? AddressLine1 { get; set; }

    [Display(Name = "Complément d'adresse")]
    [StringLength(PostalAddress.LineMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères (norme postale).")]
    public string? AddressLine2 { get; set; }

    [Display(Name = "Code postal")]
    [PostalCode(nameof(Country))]
    [StringLength(PostalAddress.PostalCodeMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? PostalCode { get; set; }

    [Display(Name = "Commune")]
    [StringLength(PostalAddress.CityMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? City { get; set; }

    [Display(Name = "Pays")]
    [StringLength(PostalAddress.CountryMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? Country { get; set; } = "FRANCE";

    [Display(Name = "Fuseau horaire")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [TimeZoneId]
    public string TimeZoneId { get; set; } = LabTimeZones.Default;

    [Display(Name = "Nom du DPO ou du point de contact")]
    [StringLength(Laboratory.PersonNameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? DpoName { get; set; }

    [Display(Name = "Fonction du DPO ou du point de contact")]
    [StringLength(ContactPoint.RoleMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? DpoRole { get; set; }

    [Display(Name = "E-mail du DPO")]
    [EmailAddress(ErrorMessage = "Le champ {0} n'est pas une adresse e-mail valide.")]
    [StringLength(Laboratory.EmailMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? DpoEmail { get; set; }

    [Display(Name = "Téléphone du DPO")]
    [StringLength(Laboratory.PhoneMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? DpoPhone { get; set; }

    [Display(Name = "DPO désigné (sinon autre point de contact)")]
    public bool DpoIsDesignated { get; set; } = true;

    [Display(Name = "Représentant légal")]
    [StringLength(Laboratory.PersonNameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? LegalRepName { get; set; }

    [Display(Name = "Fonction du représentant légal")]
    [StringLength(ContactPoint.RoleMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? LegalRepRole { get; set; }

    [Display(Name = "E-mail du représentant légal")]
    [EmailAddress(ErrorMessage = "Le champ {0} n'est pas une adresse e-mail valide.")]
    [StringLength(Laboratory.EmailMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? LegalRepEmail { get; set; }

    [Display(Name = "Téléphone du représentant légal")]
    [StringLength(Laboratory.PhoneMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string? LegalRepPhone { get; set; }

    public static LaboratoryInput From(Laboratory l) => new()
    {
        Name = l.Name,
        Siren = l.Siren,
        Finess = l.Finess,
        AddressLine1 = l.Address.Line1,
        AddressLine2 = l.Address.Line2,
        PostalCode = l.Address.PostalCode,
        City = l.Address.City,
        Country = l.Address.Country,
        TimeZoneId = l.TimeZoneId,
        DpoName = l.Dpo.Name,
        DpoRole = l.Dpo.Role,
        DpoEmail = l.Dpo.Email,
        DpoPhone = l.Dpo.Phone,
        DpoIsDesignated = l.DpoIsDesignated,
        LegalRepName = l.LegalRepresentative.Name,
        LegalRepRole = l.LegalRepresentative.Role,
        LegalRepEmail = l.LegalRepresentative.Email,
        LegalRepPhone = l.LegalRepresentative.Phone,
    };

    public void ApplyTo(Laboratory l)
    {
        l.Name = Name.Trim();
        l.Siren = Clean(Siren)?.Replace(" ", "", StringComparison.Ordinal);
        l.Finess = Clean(Finess)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        // Owned parts are updated in place so that the change tracker (and the audit summary) sees field-level changes.
        l.Address.Line1 = Clean(AddressLine1) ?? "";
        l.Address.Line2 = Clean(AddressLine2) ?? "";
        l.Address.PostalCode = Clean(PostalCode) ?? "";
        l.Address.City = Clean(City) ?? "";
        l.Address.Country = Clean(Country)?.ToUpperInvariant() ?? "FRANCE";
        l.TimeZoneId = TimeZoneId.Trim();
        Set(l.Dpo, DpoName, DpoRole, DpoEmail, DpoPhone);
        l.DpoIsDesignated = DpoIsDesignated;
        Set(l.LegalRepresentative, LegalRepName, LegalRepRole, LegalRepEmail, LegalRepPhone);
    }

    private static void Set(ContactPoint c, string? name, string? role, string? email, string? phone)
    {
        c.Name = Clean(name) ?? "";
        c.Role = Clean(role) ?? "";
        c.Email = Clean(email) ?? "";
        c.Phone = Clean(phone) ?? "";
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
