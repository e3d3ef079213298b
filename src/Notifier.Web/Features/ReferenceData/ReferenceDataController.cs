using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Notifications;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.ReferenceData;

// The CNIL form's option lists, editable by an administrator when the live form's labels change (regulation.md §4.2).
[Authorize(Policy = Policies.Admin)]
public sealed partial class ReferenceDataController(NotifierDbContext db, AuditTrail audit, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(await db.ReferenceOptions.AsNoTracking().OrderBy(o => o.List).ThenBy(o => o.SortOrder).ThenBy(o => o.Code).ToListAsync(ct));

    [HttpPost]
    public async Task<IActionResult> Save(Guid optionId, string? label, int sortOrder, bool active, CancellationToken ct)
    {
        var option = await db.ReferenceOptions.FirstOrDefaultAsync(o => o.Id == optionId, ct);
        if (option is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(label) || label.Length > ReferenceOption.LabelMax)
        {
            TempData["Error"] = t["Le libellé est obligatoire (300 caractères au plus)."].Value;
            return RedirectToAction(nameof(Index));
        }

        option.Label = label.Trim();
        option.SortOrder = sortOrder;
        option.Active = active;
        audit.Record("reference.updated", nameof(ReferenceOption), option.Id, null, null, $"Option {option.List}/{option.Code} modifiée.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Option enregistrée."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpPost]
    public async Task<IActionResult> Add(OptionList list, string? code, string? label, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code) || !CodePattern().IsMatch(code) || string.IsNullOrWhiteSpace(label) || label.Length > ReferenceOption.LabelMax)
        {
            TempData["Error"] = t["Le code (lettres minuscules, chiffres et _, 40 au plus) et le libellé sont obligatoires."].Value;
            return RedirectToAction(nameof(Index));
        }

        if (await db.ReferenceOptions.AnyAsync(o => o.List == list && o.Code == code, ct))
        {
            TempData["Error"] = t["Ce code existe déjà dans cette liste."].Value;
            return RedirectToAction(nameof(Index));
        }

        var max = await db.ReferenceOptions.Where(o => o.List == list).Select(o => (int?)o.SortOrder).MaxAsync(ct) ?? 0;
        var option = new ReferenceOption(Guid.CreateVersion7(), list, code, label.Trim(), max + 10);
        db.ReferenceOptions.Add(option);
        audit.Record("reference.added", nameof(ReferenceOption), option.Id, null, null, $"Option {list}/{code} ajoutée.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Option ajoutée."].Value;
        return RedirectToAction(nameof(Index));
    }

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex CodePattern();

    // Inserts the seed options that are missing (by list and code); never overwrites an administrator's label.
    public static async Task EnsureSeededAsync(NotifierDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var existing = (await db.ReferenceOptions.Select(o => new { o.List, o.Code }).ToListAsync(ct)).Select(o => (o.List, o.Code)).ToHashSet();
        var order = 0;
        foreach (var (list, code, label) in ReferenceDefaults.All)
        {
            order += 10;
            if (!existing.Contains((list, code)))
            {
                db.ReferenceOptions.Add(new ReferenceOption(Guid.CreateVersion7(), list, code, label, order));
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
