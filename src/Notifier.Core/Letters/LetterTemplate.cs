using System.Text.RegularExpressions;

namespace Notifier.Core.Letters;

// The editable wording of the patient letter, one version per language. Art. 34(2) requires at least: the nature of
// the breach in clear and plain language, the DPO or contact point (Art. 33(3)(b)), the likely consequences
// (33(3)(c)) and the measures taken or proposed (33(3)(d)); the EDPB adds specific advice (regulation.md §2.5).
// Those blocks are mandatory: a version without them is refused. Placeholders: {laboratoire}, {reference},
// {enfant} (the minor's name, in letters to legal representatives), {verification}, {code}.
public sealed partial record LetterTemplate
{
    public const int BlockMax = 4000;
    public static readonly IReadOnlyList<string> Placeholders = ["{laboratoire}", "{reference}", "{enfant}", "{verification}", "{code}"];

    public string Language { get; init; } = "fr";
    public int Version { get; init; } = 1;

    public string Subject { get; init; } = "";
    public string Salutation { get; init; } = "";
    public string Introduction { get; init; } = "";
    public string IntroductionMinor { get; init; } = "";
    public string Nature { get; init; } = "";
    public string ExposedIntroduction { get; init; } = "";
    public string HealthData { get; init; } = "";
    public string Consequences { get; init; } = "";
    public string Measures { get; init; } = "";
    public string PhishingAdvice { get; init; } = "";
    public string IdentityTheftAdvice { get; init; } = "";
    public string DoctorAdvice { get; init; } = "";
    public string InsurerAdvice { get; init; } = "";
    public string CredentialsAdvice { get; init; } = "";
    public string GeneralAdvice { get; init; } = "";
    public string Contact { get; init; } = "";
    public string Verification { get; init; } = "";
    public string Closing { get; init; } = "";

    public string HeadingNature { get; init; } = "";
    public string HeadingData { get; init; } = "";
    public string HeadingConsequences { get; init; } = "";
    public string HeadingMeasures { get; init; } = "";
    public string HeadingAdvice { get; init; } = "";
    public string HeadingContact { get; init; } = "";

    // Small labels of the page itself.
    public string LabelController { get; init; } = "";
    public string LabelReference { get; init; } = "";
    public string LabelCode { get; init; } = "";
    public string LabelPage { get; init; } = "";
    public string LabelSignatureRole { get; init; } = "";

    public static readonly IReadOnlyList<(string Name, Func<LetterTemplate, string> Get, bool Mandatory)> Blocks =
    [
        (nameof(Subject), t => t.Subject, true),
        (nameof(Salutation), t => t.Salutation, true),
        (nameof(Introduction), t => t.Introduction, true),
        (nameof(IntroductionMinor), t => t.IntroductionMinor, true),
        (nameof(Nature), t => t.Nature, true),
        (nameof(ExposedIntroduction), t => t.ExposedIntroduction, true),
        (nameof(HealthData), t => t.HealthData, true),
        (nameof(Consequences), t => t.Consequences, true),
        (nameof(Measures), t => t.Measures, true),
        (nameof(PhishingAdvice), t => t.PhishingAdvice, true),
        (nameof(IdentityTheftAdvice), t => t.IdentityTheftAdvice, true),
        (nameof(DoctorAdvice), t => t.DoctorAdvice, false),
        (nameof(InsurerAdvice), t => t.InsurerAdvice, false),
        (nameof(CredentialsAdvice), t => t.CredentialsAdvice, false),
        (nameof(GeneralAdvice), t => t.GeneralAdvice, true),
        (nameof(Contact), t => t.Contact, true),
        (nameof(Verification), t => t.Verification, true),
        (nameof(Closing), t => t.Closing, true),
        (nameof(HeadingNature), t => t.HeadingNature, true),
        (nameof(HeadingData), t => t.HeadingData, true),
        (nameof(HeadingConsequences), t => t.HeadingConsequences, true),
        (nameof(HeadingMeasures), t => t.HeadingMeasures, true),
        (nameof(HeadingAdvice), t => t.HeadingAdvice, true),
        (nameof(HeadingContact), t => t.HeadingContact, true),
        (nameof(LabelController), t => t.LabelController, true),
        (nameof(LabelReference), t => t.LabelReference, true),
        (nameof(LabelCode), t => t.LabelCode, true),
        (nameof(LabelPage), t => t.LabelPage, true),
        (nameof(LabelSignatureRole), t => t.LabelSignatureRole, true),
    ];

    // A copy with every block passed through map (the composer fills the laboratory's placeholders once per batch).
    public LetterTemplate Map(Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return this with
        {
            Subject = map(Subject),
            Salutation = map(Salutation),
            Introduction = map(Introduction),
            IntroductionMinor = map(IntroductionMinor),
            Nature = map(Nature),
            ExposedIntroduction = map(ExposedIntroduction),
            HealthData = map(HealthData),
            Consequences = map(Consequences),
            Measures = map(Measures),
            PhishingAdvice = map(PhishingAdvice),
            IdentityTheftAdvice = map(IdentityTheftAdvice),
            DoctorAdvice = map(DoctorAdvice),
            InsurerAdvice = map(InsurerAdvice),
            CredentialsAdvice = map(CredentialsAdvice),
            GeneralAdvice = map(GeneralAdvice),
            Contact = map(Contact),
            Verification = map(Verification),
            Closing = map(Closing),
            HeadingNature = map(HeadingNature),
            HeadingData = map(HeadingData),
            HeadingConsequences = map(HeadingConsequences),
            HeadingMeasures = map(HeadingMeasures),
            HeadingAdvice = map(HeadingAdvice),
            HeadingContact = map(HeadingContact),
            LabelController = map(LabelController),
            LabelReference = map(LabelReference),
            LabelCode = map(LabelCode),
            LabelPage = map(LabelPage),
            LabelSignatureRole = map(LabelSignatureRole),
        };
    }

    // Stable rule identifiers with the block name after the colon ("block.required:Consequences").
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Language is not ("fr" or "en"))
        {
            errors.Add(LetterTemplateErrors.Language);
        }

        foreach (var (name, get, mandatory) in Blocks)
        {
            var text = get(this);
            if (mandatory && string.IsNullOrWhiteSpace(text))
            {
                errors.Add(LetterTemplateErrors.Required + ":" + name);
                continue;
            }

            if (text.Length > BlockMax)
            {
                errors.Add(LetterTemplateErrors.TooLong + ":" + name);
            }

            foreach (Match m in PlaceholderPattern().Matches(text))
            {
                if (!Placeholders.Contains(m.Value) && m.Value is not ("{0}" or "{1}"))
                {
                    errors.Add(LetterTemplateErrors.UnknownPlaceholder + ":" + name);
                    break;
                }
            }
        }

        // The person must be able to check the letter: the verification block names the page and the code.
        if (!Verification.Contains("{code}", StringComparison.Ordinal) || !Verification.Contains("{verification}", StringComparison.Ordinal))
        {
            errors.Add(LetterTemplateErrors.VerificationPlaceholders);
        }

        if (!IntroductionMinor.Contains("{enfant}", StringComparison.Ordinal))
        {
            errors.Add(LetterTemplateErrors.MinorPlaceholder);
        }

        if (!LabelPage.Contains("{0}", StringComparison.Ordinal) || !LabelPage.Contains("{1}", StringComparison.Ordinal))
        {
            errors.Add(LetterTemplateErrors.PageLabel);
        }

        return errors;
    }

    [GeneratedRegex(@"\{[^{}]{0,40}\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();
}

public static class LetterTemplateErrors
{
    public const string Language = "template.language";
    public const string Required = "template.block.required";
    public const string TooLong = "template.block.too-long";
    public const string UnknownPlaceholder = "template.block.placeholder";
    public const string VerificationPlaceholders = "template.verification.placeholders";
    public const string MinorPlaceholder = "template.minor.placeholder";
    public const string PageLabel = "template.page-label";
}
