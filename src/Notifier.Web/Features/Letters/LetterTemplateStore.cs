using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Letters;

namespace Notifier.Web.Features.Letters;

// The letter wording in use: the highest published version of a language, or the shipped version 1.
public sealed class LetterTemplateStore(NotifierDbContext db, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Languages = ["fr", "en"];

    public static string NormaliseLanguage(string? language) => language == "en" ? "en" : "fr";

    public async Task<LetterTemplate> CurrentAsync(string language, CancellationToken ct)
    {
        language = NormaliseLanguage(language);
        var row = await db.LetterTemplateVersions.AsNoTracking().Where(v => v.Language == language)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        return row is null ? DefaultLetterTemplates.For(language) : Read(row);
    }

    public async Task<LetterTemplate> VersionAsync(string language, int version, CancellationToken ct)
    {
        language = NormaliseLanguage(language);
        var row = await db.LetterTemplateVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Language == language && v.Version == version, ct);
        return row is null ? DefaultLetterTemplates.For(language) : Read(row);
    }

    public Task<List<LetterTemplateVersion>> HistoryAsync(CancellationToken ct) =>
        db.LetterTemplateVersions.AsNoTracking().OrderBy(v => v.Language).ThenByDescending(v => v.Version).ToListAsync(ct);

    // A new version after the current one; refused (with the rule identifiers) when a mandatory block is missing.
    public async Task<(LetterTemplate? Published, IReadOnlyList<string> Errors)> PublishAsync(LetterTemplate draft, string by, CancellationToken ct)
    {
        var current = await CurrentAsync(draft.Language, ct);
        var next = draft with { Version = current.Version + 1 };
        var errors = next.Validate();
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        db.LetterTemplateVersions.Add(new LetterTemplateVersion(Guid.CreateVersion7(), next.Language, next.Version,
            JsonSerializer.Serialize(next), clock.GetUtcNow().UtcDateTime, by));
        return (next, errors);
    }

    private static LetterTemplate Read(LetterTemplateVersion row) =>
        (JsonSerializer.Deserialize<LetterTemplate>(row.Content) ?? DefaultLetterTemplates.For(row.Language)) with { Version = row.Version, Language = row.Language };
}
