using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Letters;
using Notifier.Web.Features.Letters;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.LetterTemplates;

// The admin edits the letter wording; each save publishes a new version (the mandatory Art. 34(2) blocks enforced),
// and every batch records the version its letters used.
[Authorize(Policy = Policies.Admin)]
public sealed class LetterTemplatesController(NotifierDbContext db, LetterTemplateStore store, AuditTrail audit, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var current = new List<LetterTemplate>();
        foreach (var language in LetterTemplateStore.Languages)
        {
            current.Add(await store.CurrentAsync(language, ct));
        }

        return View(new LetterTemplatesPage(current, await store.HistoryAsync(ct)));
    }

    public async Task<IActionResult> Edit(string language, CancellationToken ct)
    {
        var template = await store.CurrentAsync(language, ct);
        return View(new LetterTemplateEditPage(template, Values(template), []));
    }

    [HttpPost]
    [ValidateAntiForgeryToken]
    public async Task<IActionResult> Edit(string language, [FromForm] Dictionary<string, string?> blocks, CancellationToken ct)
    {
        language = LetterTemplateStore.NormaliseLanguage(language);
        var values = LetterTemplate.Blocks.ToDictionary(b => b.Name, b => (blocks.TryGetValue(b.Name, out var v) ? v : "")?.Replace("\r\n", "\n", StringComparison.Ordinal) ?? "");
        var json = JsonSerializer.Serialize(values);
        var draft = (JsonSerializer.Deserialize<LetterTemplate>(json) ?? DefaultLetterTemplates.For(language)) with { Language = language };
        var (published, errors) = await store.PublishAsync(draft, User.Identity?.Name ?? "?", ct);
        if (published is null)
        {
            var byBlock = errors.Select(e => (Block: e.Contains(':', StringComparison.Ordinal) ? e.Split(':')[1] : "", Message: t[PostalBatchLabels.TemplateError(e), Array.Empty<object>()].Value)).ToList();
            return View(new LetterTemplateEditPage(draft, values, byBlock));
        }

        audit.Record("letter-template.published", "LetterTemplate", Guid.Empty, null, null, $"Modèle {published.Language} version {published.Version}");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Version {0} du modèle publiée : les prochains lots l'utiliseront.", published.Version].Value;
        return RedirectToAction(nameof(Index));
    }

    private static Dictionary<string, string> Values(LetterTemplate template) => LetterTemplate.Blocks.ToDictionary(b => b.Name, b => b.Get(template));
}

public sealed record LetterTemplatesPage(IReadOnlyList<LetterTemplate> Current, IReadOnlyList<LetterTemplateVersion> History);

public sealed record LetterTemplateEditPage(LetterTemplate Template, Dictionary<string, string> Values, IReadOnlyList<(string Block, string Message)> Errors);
