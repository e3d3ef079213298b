using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Users;

[Authorize(Policy = Policies.Admin)]
public sealed class UsersController(UserManager<NotifierUser> users, NotifierDbContext db, TimeProvider clock,
    AuditTrail audit, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var rows = await db.Users.OrderBy(u => u.Email)
            .Select(u => new UserRow(u.Id, u.Email ?? "", u.DisplayName, u.IsDisabled, u.TwoFactorEnabled, u.LockoutEnd,
                db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).FirstOrDefault() ?? "",
                db.LabAssignments.Where(a => a.UserId == u.Id).Join(db.Laboratories, a => a.LaboratoryId, l => l.Id, (_, l) => l.Name).ToList()))
            .ToListAsync(ct);
        return View(rows);
    }

    public async Task<IActionResult> Create(CancellationToken ct)
    {
        await LoadLabsAsync(ct);
        return View("Edit", new UserForm());
    }

    [HttpPost]
    public async Task<IActionResult> Create(UserForm form, CancellationToken ct)
    {
        await ValidateAsync(form, null, ct);
        if (!ModelState.IsValid)
        {
            await LoadLabsAsync(ct);
            return View("Edit", form);
        }

        var password = Passwords.Generate();
        var user = new NotifierUser
        {
            UserName = form.Email.Trim(), Email = form.Email.Trim(), EmailConfirmed = true, DisplayName = form.DisplayName.Trim(),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            foreach (var e in result.Errors)
            {
                ModelState.AddModelError(nameof(form.Email), e.Description);
            }

            await LoadLabsAsync(ct);
            return View("Edit", form);
        }

        await users.AddToRoleAsync(user, form.Role);
        await SetLabsAsync(user.Id, form, ct);
        audit.Record("user.created", nameof(NotifierUser), user.Id, null, null, "Compte créé avec le rôle " + form.Role + ".");
        await db.SaveChangesAsync(ct);
        return View("Password", new PasswordShown(user.Email!, password));
    }

    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        await LoadLabsAsync(ct);
        ViewData["UserId"] = id;
        return View(new UserForm
        {
            Email = user.Email ?? "",
            DisplayName = user.DisplayName,
            Role = (await users.GetRolesAsync(user)).FirstOrDefault() ?? Roles.LabDpo,
            LaboratoryIds = await db.LabAssignments.Where(a => a.UserId == id).Select(a => a.LaboratoryId).ToListAsync(ct),
            Disabled = user.IsDisabled,
        });
    }

    [HttpPost]
    public async Task<IActionResult> Edit(Guid id, UserForm form, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        await ValidateAsync(form, user, ct);
        if (form.Disabled && id == User.UserId())
        {
            ModelState.AddModelError(nameof(form.Disabled), t["Vous ne pouvez pas désactiver votre propre compte."]);
        }

        if (!ModelState.IsValid)
        {
            await LoadLabsAsync(ct);
            ViewData["UserId"] = id;
            return View(form);
        }

        user.DisplayName = form.DisplayName.Trim();
        if (!string.Equals(user.Email, form.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            await users.SetEmailAsync(user, form.Email.Trim());
            await users.SetUserNameAsync(user, form.Email.Trim());
        }

        user.IsDisabled = form.Disabled;
        // A disabled account is locked out for good and its sessions end at the next security-stamp check.
        await users.SetLockoutEndDateAsync(user, form.Disabled ? DateTimeOffset.MaxValue : null);
        var current = await users.GetRolesAsync(user);
        if (!current.SequenceEqual([form.Role]))
        {
            await users.RemoveFromRolesAsync(user, current);
            await users.AddToRoleAsync(user, form.Role);
        }

        await users.UpdateSecurityStampAsync(user);
        await SetLabsAsync(user.Id, form, ct);
        audit.Record("user.updated", nameof(NotifierUser), user.Id, null, null,
            $"Rôle {form.Role}, {form.LaboratoryIds.Count} laboratoire(s), {(form.Disabled ? "désactivé" : "actif")}.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Modifications enregistrées."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> ResetPassword(Guid id, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return NotFound();
        }

        var password = Passwords.Generate();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var result = await users.ResetPasswordAsync(user, token, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Password reset failed.");
        }

        await users.SetLockoutEndDateAsync(user, user.IsDisabled ? DateTimeOffset.MaxValue : null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record("user.password-reset", nameof(NotifierUser), user.Id, null, null, "Mot de passe réinitialisé par un administrateur.");
        await db.SaveChangesAsync(ct);
        return View("Password", new PasswordShown(user.Email!, password));
    }

    private async Task ValidateAsync(UserForm form, NotifierUser? existing, CancellationToken ct)
    {
        if (!Roles.All.Contains(form.Role))
        {
            ModelState.AddModelError(nameof(form.Role), t["Rôle inconnu."]);
        }
        else if (Roles.IsLabScoped(form.Role) && form.LaboratoryIds.Count == 0)
        {
            ModelState.AddModelError(nameof(form.LaboratoryIds), t["Un DPO ou un service courrier doit être rattaché à au moins un laboratoire."]);
        }

        var known = await db.Laboratories.Where(l => form.LaboratoryIds.Contains(l.Id)).CountAsync(ct);
        if (known != form.LaboratoryIds.Distinct().Count())
        {
            ModelState.AddModelError(nameof(form.LaboratoryIds), t["Laboratoire inconnu."]);
        }

        var other = await users.FindByEmailAsync(form.Email.Trim());
        if (other is not null && other.Id != existing?.Id)
        {
            ModelState.AddModelError(nameof(form.Email), t["Un compte existe déjà avec cette adresse e-mail."]);
        }
    }

    private async Task SetLabsAsync(Guid userId, UserForm form, CancellationToken ct)
    {
        var wanted = Roles.IsLabScoped(form.Role) ? form.LaboratoryIds.Distinct().ToList() : [];
        var existing = await db.LabAssignments.Where(a => a.UserId == userId).ToListAsync(ct);
        db.LabAssignments.RemoveRange(existing.Where(a => !wanted.Contains(a.LaboratoryId)));
        db.LabAssignments.AddRange(wanted.Where(id => existing.All(a => a.LaboratoryId != id))
            .Select(id => new LabAssignment { UserId = userId, LaboratoryId = id }));
    }

    private async Task LoadLabsAsync(CancellationToken ct) =>
        ViewData["Laboratories"] = await db.Laboratories.OrderBy(l => l.Name)
            .Select(l => new Cases.LabChoice(l.Id, l.Name, l.Address.City)).ToListAsync(ct);
}

public sealed class UserForm
{
    [Display(Name = "Adresse e-mail")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [EmailAddress(ErrorMessage = "Le champ {0} n'est pas une adresse e-mail valide.")]
    [StringLength(254, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string Email { get; set; } = "";

    [Display(Name = "Nom affiché")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    [StringLength(NotifierUser.DisplayNameMax, ErrorMessage = "Le champ {0} doit contenir au plus {1} caractères.")]
    public string DisplayName { get; set; } = "";

    [Display(Name = "Rôle")]
    [Required(ErrorMessage = "Le champ {0} est obligatoire.")]
    public string Role { get; set; } = Roles.LabDpo;

    [Display(Name = "Laboratoires")]
    public List<Guid> LaboratoryIds { get; set; } = [];

    [Display(Name = "Compte désactivé")]
    public bool Disabled { get; set; }
}

public sealed record UserRow(Guid Id, string Email, string DisplayName, bool Disabled, bool TwoFactor, DateTimeOffset? LockoutEnd,
    string Role, List<string> Labs);

public sealed record PasswordShown(string Email, string Password);
