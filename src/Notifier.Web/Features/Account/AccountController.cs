using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Web.Infrastructure;
using QRCoder;

namespace Notifier.Web.Features.Account;

public sealed class AccountController(
    SignInManager<NotifierUser> signIn,
    UserManager<NotifierUser> users,
    NotifierDbContext db,
    TimeProvider clock,
    AuditTrail audit,
    ILogger<AccountController> logger,
    IStringLocalizer<SharedResource> t) : Controller
{
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginForm { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> Login(LoginForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.FindByEmailAsync(form.Email.Trim());
        if (user is null || user.IsDisabled)
        {
            // Same message whether the account exists or not: no account enumeration.
            ModelState.AddModelError("", t["Adresse e-mail ou mot de passe incorrect."]);
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(user, form.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in", user.Id);
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(TwoFactor), new { returnUrl = form.ReturnUrl });
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("User {UserId} locked out", user.Id);
            ModelState.AddModelError("", t["Compte temporairement verrouillé après plusieurs échecs. Réessayez dans 15 minutes ou contactez un administrateur."]);
            return View(form);
        }

        ModelState.AddModelError("", t["Adresse e-mail ou mot de passe incorrect."]);
        return View(form);
    }

    [AllowAnonymous]
    public async Task<IActionResult> TwoFactor(string? returnUrl)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        return View(new TwoFactorForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost]
    [EnableRateLimiting(RateLimits.SignIn)]
    public async Task<IActionResult> TwoFactor(TwoFactorForm form)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        // Identity stores recovery codes as shown ("XXXXX-XXXXX"): only an authenticator code loses its dashes.
        var code = form.Code.Replace(" ", "", StringComparison.Ordinal);
        if (!form.IsRecoveryCode)
        {
            code = code.Replace("-", "", StringComparison.Ordinal);
        }

        var result = form.IsRecoveryCode
            ? await signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            logger.LogInformation("User {UserId} signed in with two-factor authentication", user.Id);
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        ModelState.AddModelError(nameof(form.Code), result.IsLockedOut
            ? t["Compte temporairement verrouillé après plusieurs échecs. Réessayez dans 15 minutes ou contactez un administrateur."]
            : t["Code incorrect ou expiré."]);
        return View(form);
    }

    [HttpPost]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return RedirectToAction(nameof(Login));
    }

    [AllowAnonymous]
    public IActionResult AccessDenied() => View();

    public async Task<IActionResult> Index(CancellationToken ct) => View(await OverviewAsync(null, null, ct));

    public IActionResult ChangePassword() => View(new ChangePasswordForm());

    [HttpPost]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        var result = await users.ChangePasswordAsync(user, form.CurrentPassword, form.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(e.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(form.CurrentPassword) : nameof(form.NewPassword), e.Description);
            }

            return View(form);
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Flash"] = t["Mot de passe modifié."].Value;
        return RedirectToAction(nameof(Index));
    }

    public async Task<IActionResult> EnableAuthenticator() => View(await SetupAsync(new EnableAuthenticatorForm()));

    [HttpPost]
    public async Task<IActionResult> EnableAuthenticator(EnableAuthenticatorForm form, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if (!ModelState.IsValid)
        {
            return View(await SetupAsync(form));
        }

        var code = form.Code.Replace(" ", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError(nameof(form.Code), t["Code incorrect : vérifiez l'heure de votre téléphone et saisissez le code affiché."]);
            return View(await SetupAsync(form));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recovery = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToList() ?? [];
        logger.LogInformation("User {UserId} enabled two-factor authentication", user.Id);
        TempData["Flash"] = t["Double authentification activée."].Value;
        return View(nameof(Index), await OverviewAsync(null, recovery, ct));
    }

    [HttpPost]
    public async Task<IActionResult> DisableTwoFactor()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User {UserId} disabled two-factor authentication", user.Id);
        TempData["Flash"] = t["Double authentification désactivée."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> CreateToken(NewTokenForm form, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            var overview = await OverviewAsync(null, null, ct);
            return View(nameof(Index), overview);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (token, record) = ApiTokenIssuer.Issue(db, User.UserId()!.Value, form.Name.Trim(), form.Days is { } d ? now.AddDays(d) : null, now);
        audit.Record("token.created", nameof(ApiToken), record.Id, null, null, "Jeton d'API créé (" + record.Prefix + "…).");
        await db.SaveChangesAsync(ct);
        return View(nameof(Index), await OverviewAsync(token, null, ct));
    }

    [HttpPost]
    public async Task<IActionResult> RevokeToken(Guid id, CancellationToken ct)
    {
        var userId = User.UserId();
        var token = await db.ApiTokens.FirstOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct);
        if (token is null)
        {
            return NotFound();
        }

        token.RevokedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        audit.Record("token.revoked", nameof(ApiToken), token.Id, null, null, "Jeton d'API révoqué (" + token.Prefix + "…).");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Jeton révoqué."].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<AccountOverview> OverviewAsync(string? newToken, IReadOnlyList<string>? recoveryCodes, CancellationToken ct)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        var now = clock.GetUtcNow().UtcDateTime;
        var tokens = await db.ApiTokens.Where(x => x.UserId == user.Id).OrderByDescending(x => x.CreatedAtUtc).ToListAsync(ct);
        return new AccountOverview(user, (await users.GetRolesAsync(user)).ToList(), await users.GetTwoFactorEnabledAsync(user),
            await users.CountRecoveryCodesAsync(user),
            tokens.Select(x => new TokenRow(x.Id, x.Name, x.Prefix, x.CreatedAtUtc, x.ExpiresAtUtc, x.LastUsedAtUtc, x.IsActive(now))).ToList(),
            newToken, recoveryCodes);
    }

    private async Task<AuthenticatorSetup> SetupAsync(EnableAuthenticatorForm form)
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/Notifier:{Uri.EscapeDataString(user.Email ?? "")}?secret={key}&issuer=Notifier&digits=6");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new AuthenticatorSetup(Group(key), "data:image/png;base64," + Convert.ToBase64String(png), form);
    }

    private static string Group(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
