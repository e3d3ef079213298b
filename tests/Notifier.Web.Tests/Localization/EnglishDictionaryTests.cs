using System.Text.Json;
using System.Text.RegularExpressions;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Localization;

// French is the source language; every French text shown to users must have an English entry in Resources/en.json.
// The keys are collected from the source the way the app uses them: T[...] / t[...], [Display(Name=...)],
// ErrorMessage = ..., validation errors, enum labels, and the date-time field labels.
public sealed partial class EnglishDictionaryTests
{
    private const string Literal = "\"((?:[^\"\\\\]|\\\\.)*)\"";

    [Fact]
    public void Every_French_text_of_the_UI_has_an_English_translation()
    {
        var english = LoadEnglish();
        var missing = SourceKeys().Where(k => !english.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Missing from Resources/en.json:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    [Fact]
    public void Every_English_entry_keeps_the_placeholders_of_its_French_key()
    {
        var wrong = LoadEnglish().Where(e => !Placeholders(e.Key).SetEquals(Placeholders(e.Value)) || string.IsNullOrWhiteSpace(e.Value))
            .Select(e => e.Key).ToList();
        Assert.Empty(wrong);
    }

    [Fact]
    public void The_dictionary_has_no_stale_entries()
    {
        var used = SourceKeys().ToHashSet();
        var stale = LoadEnglish().Keys.Where(k => !used.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Entries no longer used by the source:" + Environment.NewLine + string.Join(Environment.NewLine, stale));
    }

    [Fact]
    public void The_key_collector_finds_the_texts_it_should()
    {
        var keys = SourceKeys().ToHashSet();
        Assert.Contains("Laboratoires concernés", keys);                 // T["..."] in a view
        Assert.Contains("Nom du laboratoire", keys);                     // [Display(Name = "...")]
        Assert.Contains("Le code postal doit comporter 5 chiffres.", keys); // IValidatableObject error
        Assert.Contains("Violation constatée", keys);                    // enum label
        Assert.True(keys.Count > 250, $"only {keys.Count} keys collected");
    }

    private static Dictionary<string, string> LoadEnglish()
    {
        var path = Path.Combine(Prerequisites.RepositoryRoot, "src", "Notifier.Web", "Resources", "en.json");
        return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
    }

    private static HashSet<string> Placeholders(string text) => PlaceholderRegex().Matches(text).Select(m => m.Value).ToHashSet();

    private static IEnumerable<string> SourceKeys()
    {
        var root = Path.Combine(Prerequisites.RepositoryRoot, "src", "Notifier.Web");
        var patterns = new[]
        {
            new Regex(@"\b[Tt](?:\.Value)?\[\s*" + Literal),
            new Regex(@"Display\(Name\s*=\s*" + Literal),
            new Regex(@"ErrorMessage\s*=\s*" + Literal),
            new Regex(@"\.Error\(\s*" + Literal),
            new Regex(@"StatusNeedsAwareness\s*=\s*" + Literal),
        };
        var arrow = new Regex(@"=>\s*" + Literal);
        var dateField = new Regex(@"new LocalDateTimeField\(([^;]*?)\)\)""");
        var keys = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
                     .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                                 && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in patterns)
            {
                keys.AddRange(pattern.Matches(text).Select(m => m.Groups[1].Value));
            }

            var name = Path.GetFileName(file);
            if (name is "Labels.cs" or "ImportLabels.cs" or "CasesController.cs" or "DossierService.cs" or "AssessmentController.cs" or "CaseUpdate.cs" or "ObligationLabels.cs" or "ObligationCommands.cs"
                || file.EndsWith(Path.Combine("Users", "Edit.cshtml"), StringComparison.Ordinal))
            {
                // Single lower-case words there are CSS class names, not text.
                keys.AddRange(arrow.Matches(text).Select(m => m.Groups[1].Value).Where(k => !CssClassRegex().IsMatch(k)));
            }

            foreach (Match m in dateField.Matches(text))
            {
                keys.AddRange(new Regex(Literal).Matches(m.Groups[1].Value).Skip(1).Select(x => x.Groups[1].Value));
            }
        }

        return keys.Select(k => k.Replace("\\\"", "\"", StringComparison.Ordinal)).Where(k => LetterRegex().IsMatch(k)).Distinct();
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex CssClassRegex();

    [GeneratedRegex(@"[A-Za-zÀ-ÿ]")]
    private static partial Regex LetterRegex();
}
