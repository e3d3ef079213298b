using System.ComponentModel.DataAnnotations;
using Notifier.Core;
using Notifier.Core.Laboratories;

namespace Notifier.Web.Features.Shared;

// Field rules as attributes, so that every error of a form is reported in one round (IValidatableObject only runs
// once all attributes pass). MVC localizes only the built-in attributes, so these translate their own French message.
public abstract class LocalizedValidationAttribute : ValidationAttribute
{
    protected abstract bool Check(string value, ValidationContext context);

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is not string s || string.IsNullOrWhiteSpace(s) || Check(s.Trim(), validationContext)
            ? ValidationResult.Success
            : validationContext.Error(ErrorMessageString, validationContext.MemberName is { } m ? [m] : []);
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class SirenAttribute : LocalizedValidationAttribute
{
    public SirenAttribute() => ErrorMessage = "Le SIREN doit comporter 9 chiffres avec une clé de contrôle valide.";

    protected override bool Check(string value, ValidationContext context) => Identifiers.IsValidSiren(value.Replace(" ", "", StringComparison.Ordinal));
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class FinessAttribute : LocalizedValidationAttribute
{
    public FinessAttribute() => ErrorMessage = "Le numéro FINESS doit comporter 9 caractères (chiffres, ou 2A/2B pour la Corse).";

    protected override bool Check(string value, ValidationContext context) =>
        Identifiers.IsWellFormedFiness(value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
}

[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeZoneIdAttribute : LocalizedValidationAttribute
{
    public TimeZoneIdAttribute() => ErrorMessage = "Fuseau horaire inconnu : choisissez un fuseau IANA, par exemple Europe/Paris.";

    protected override bool Check(string value, ValidationContext context) => LabTimeZones.IsKnown(value);
}

// A French address needs a 5-digit postcode; a foreign one keeps its own format.
[AttributeUsage(AttributeTargets.Property)]
public sealed class PostalCodeAttribute : LocalizedValidationAttribute
{
    private readonly string _countryProperty;

    public PostalCodeAttribute(string countryProperty)
    {
        _countryProperty = countryProperty;
        ErrorMessage = "Le code postal doit comporter 5 chiffres.";
    }

    protected override bool Check(string value, ValidationContext context)
    {
        var country = context.ObjectType.GetProperty(_countryProperty)?.GetValue(context.ObjectInstance) as string;
        var france = string.IsNullOrWhiteSpace(country) || string.Equals(country.Trim(), "FRANCE", StringComparison.OrdinalIgnoreCase);
        return !france || Identifiers.IsFrenchPostalCode(value);
    }
}
