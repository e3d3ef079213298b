using System.ComponentModel.DataAnnotations;
using Notifier.Core.Identity;

namespace Notifier.Web.Features.Account;

public sealed class LoginForm
{
    [Display(Name = "Adresse e-mail")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [EmailAddress(ErrorMessage = "Le champ {0} n'est pas une adresse e-mail valide.")]
    public string Email { get; set; } = "";

    [Display(Name = "Mot de passe")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorForm
{
    [Display(Name = "Code de l'application d'authentification")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(20, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string Code { get; set; } = "";

    [Display(Name = "Il s'agit d'un code de récupération")]
    public bool IsRecoveryCode { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordForm
{
    [Display(Name = "Mot de passe actuel")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [DataType(DataType.Password)]
    public string CurrentPassword { get; set; } = "";

    [Display(Name = "Nouveau mot de passe")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [DataType(DataType.Password)]
    public string NewPassword { get; set; } = "";

    [Display(Name = "Confirmation du nouveau mot de passe")]
    [Compare(nameof(NewPassword), ErrorMessage = "Les deux mots de passe ne correspondent pas.")]
    [DataType(DataType.Password)]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class EnableAuthenticatorForm
{
    [Display(Name = "Code à 6 chiffres")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [RegularExpression(@"^\s*\d{3}\s?\d{3}\s*$", ErrorMessage = "Saisissez les 6 chiffres affichés par l'application.")]
    public string Code { get; set; } = "";
}

public sealed class NewTokenForm
{
    [Display(Name = "Nom du jeton")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(ApiToken.NameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string Name { get; set; } = "";

    [Display(Name = "Validité (jours)")]
    [Range(1, 730, ErrorMessage = "Le champ {0} doit être compris entre {1} et {2}.")]
    public int? Days { get; set; } = 90;
}

public sealed record TokenRow(Guid Id, string Name, string Prefix, DateTime CreatedAtUtc, DateTime? ExpiresAtUtc, DateTime? LastUsedAtUtc, bool Active);

public sealed record AccountOverview(NotifierUser User, IReadOnlyList<string> Roles, bool TwoFactorEnabled, int RecoveryCodesLeft,
    IReadOnlyList<TokenRow> Tokens, string? NewToken, IReadOnlyList<string>? NewRecoveryCodes);

public sealed record AuthenticatorSetup(string SharedKey, string QrCodeDataUri, EnableAuthenticatorForm Form);
