using System.Globalization;
using System.Text;
using Notifier.Core.Import;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Subjects;

namespace Notifier.Core.Letters;

// What the laboratory (the controller) puts on every letter of its case.
public sealed record LetterContext(
    string LaboratoryName,
    PostalAddress LaboratoryAddress,
    ContactPoint Dpo,
    string CaseReference,
    string VerificationAddress);

// The person as the letter sees them: the decrypted record, the exposed categories and the review flag of the import.
public sealed record LetterRecipient(SubjectPayload Person, DataCategories Exposed, ReviewReason Review);

public enum LetterRefusal
{
    None,
    ManualReview,
    AddressUnusable,
    IdentityTooLong,
    ContactMissing,
    TemplateInvalid,

    // The final safety check found the person's NIR, a run of 13 digits or one of their health fields in the letter
    // (Detail names the rule, never the value): no letter, manual handling.
    SafetyCheck,
}

public sealed record LetterComposition(Letter? Letter, LetterRefusal Refusal, string? Detail)
{
    public bool Composed => Letter is not null;
}

// Composes the Art. 34 letter for one person: pure (the date is passed in), so every rule is unit-tested.
// - Paragraphs follow the person's exposed categories; health data are named as categories only (regulation.md §8 rule 5).
// - The NIR, diagnoses, treatments, test results, blood group, doctor and insurer are never printed: the composer does
//   not read those fields, and a final check refuses a letter that would contain any of them.
// - A minor (age at the letter's date) is written to the legal representatives; a person in the manual-review queue
//   (confidential care, protected adult, deceased, unusable address) gets no automatic letter (regulation.md §8).
public static class LetterComposer
{
    public static LetterComposition Compose(LetterContext context, LetterRecipient recipient, LetterTemplate template, string letterCode, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(template);
        ArgumentException.ThrowIfNullOrEmpty(letterCode);

        if (ValidationOf(template) is { Count: > 0 } templateErrors)
        {
            return new(null, LetterRefusal.TemplateInvalid, string.Join(", ", templateErrors));
        }

        if (recipient.Review != ReviewReason.None)
        {
            return new(null, LetterRefusal.ManualReview, recipient.Review.ToString());
        }

        // Art. 33(3)(b) via 34(2): a way to reach the DPO or another contact point is mandatory.
        var dpo = context.Dpo;
        if (string.IsNullOrWhiteSpace(dpo.Email) && string.IsNullOrWhiteSpace(dpo.Phone) && string.IsNullOrWhiteSpace(context.LaboratoryAddress.Line1))
        {
            return new(null, LetterRefusal.ContactMissing, "dpo");
        }

        var p = recipient.Person;
        var minor = p.BirthDate is { } birth && SubjectRules.AgeAt(birth, today) < SubjectRules.AgeOfMajority;
        if (minor && (p.ParentalOpposition || SubjectRules.ConcernsConfidentialCare(p)))
        {
            // The import flags these, but a record can change after the import: never send to the parents automatically.
            return new(null, LetterRefusal.ManualReview, nameof(ReviewReason.MinorConfidentialCare));
        }

        var address = AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country);
        if (address.NeedsReview || address.Lines.Count == 0)
        {
            return new(null, LetterRefusal.AddressUnusable, "address");
        }

        var english = template.Language == "en";
        var identity = IdentityLine(p, minor, english);
        if (identity is null)
        {
            return new(null, LetterRefusal.IdentityTooLong, "identity");
        }

        var block = new List<string>(address.Lines.Count + 1) { identity };
        block.AddRange(address.Lines);
        var maxLines = address.IsForeign ? 7 : 6;
        if (block.Count > maxLines)
        {
            return new(null, LetterRefusal.AddressUnusable, "lines");
        }

        var culture = CultureInfo.GetCultureInfo(english ? "en-GB" : "fr-FR");
        var childName = minor ? $"{Clean(p.FirstName)} {Clean(p.LastName).ToUpperInvariant()}".Trim() : "";
        var displayCode = LetterCodes.Display(letterCode);
        var original = template;
        template = Filled(template, context);
        string Fill(string text) => text
            .Replace("{enfant}", childName, StringComparison.Ordinal)
            .Replace("{code}", displayCode, StringComparison.Ordinal);

        var exposed = recipient.Exposed;
        var sections = new List<LetterSection>
        {
            new(LetterBlock.Introduction, null, [Fill(minor ? template.IntroductionMinor : template.Introduction)], []),
            new(LetterBlock.Nature, Fill(template.HeadingNature), [Fill(template.Nature)], []),
        };

        var labels = LetterCategoryLabels.For(exposed, english);
        var dataParagraphs = new List<string> { Fill(template.ExposedIntroduction) };
        var dataBullets = labels.Count > 0 ? labels : [english ? "Identity and contact details" : "Données d'identité et de contact"];
        var health = exposed.IncludesHealthData();
        var healthParagraphs = health ? new List<string> { Fill(template.HealthData) } : [];
        sections.Add(new(LetterBlock.ExposedData, Fill(template.HeadingData), dataParagraphs, dataBullets));
        if (healthParagraphs.Count > 0)
        {
            sections.Add(new(LetterBlock.ExposedData, null, healthParagraphs, []));
        }

        sections.Add(new(LetterBlock.Consequences, Fill(template.HeadingConsequences), [Fill(template.Consequences)], []));
        sections.Add(new(LetterBlock.Measures, Fill(template.HeadingMeasures), [Fill(template.Measures)], []));

        var advice = new List<string>();
        if ((exposed & (DataCategoryGroups.Identity | DataCategoryGroups.Contact)) != 0 || exposed == DataCategories.None)
        {
            advice.Add(Fill(template.PhishingAdvice));
        }

        if (exposed.HasFlag(DataCategories.SocialSecurityNumber))
        {
            advice.Add(Fill(template.IdentityTheftAdvice));
        }

        if (exposed.HasFlag(DataCategories.TreatingDoctor) && !string.IsNullOrWhiteSpace(template.DoctorAdvice))
        {
            advice.Add(Fill(template.DoctorAdvice));
        }

        if (exposed.HasFlag(DataCategories.HealthInsurer) && !string.IsNullOrWhiteSpace(template.InsurerAdvice))
        {
            advice.Add(Fill(template.InsurerAdvice));
        }

        if (exposed.HasFlag(DataCategories.Credentials) && !string.IsNullOrWhiteSpace(template.CredentialsAdvice))
        {
            advice.Add(Fill(template.CredentialsAdvice));
        }

        advice.Add(Fill(template.GeneralAdvice));
        sections.Add(new(LetterBlock.Advice, Fill(template.HeadingAdvice), [], advice));
        sections.Add(new(LetterBlock.Contact, Fill(template.HeadingContact), [Fill(template.Contact)], []));
        sections.Add(new(LetterBlock.Verification, null, [Fill(template.Verification)], []));

        var lab = context.LaboratoryAddress;
        var senderLines = new[] { lab.Line1, lab.Line2, $"{lab.PostalCode} {lab.City}".Trim() }.Where(l => !string.IsNullOrWhiteSpace(l)).Select(Clean).ToList();
        var city = string.IsNullOrWhiteSpace(lab.City) ? "" : Clean(lab.City) + ", ";
        var date = english ? today.ToString("d MMMM yyyy", culture) : "le " + today.ToString("d MMMM yyyy", culture);

        var letter = new Letter
        {
            Code = letterCode,
            Reference = context.CaseReference,
            Date = today,
            DateLine = city + date,
            Language = template.Language,
            TemplateVersion = original.Version,
            SenderName = Clean(context.LaboratoryName),
            SenderLines = senderLines,
            AddressBlock = block,
            ToLegalRepresentatives = minor,
            Subject = Fill(template.Subject),
            Salutation = Fill(template.Salutation),
            Sections = sections,
            Contact = new LetterContact(Clean(dpo.Name), Clean(dpo.Role), Clean(dpo.Email), Clean(dpo.Phone), senderLines),
            Closing = Fill(template.Closing),
            Signature = Clean(context.LaboratoryName),
            SignatureRole = Fill(template.LabelSignatureRole),
            LabelController = template.LabelController,
            LabelReference = template.LabelReference,
            LabelCode = template.LabelCode,
            LabelPage = template.LabelPage,
        };

        return LetterSafety.Violation(letter, p) is { } rule ? new(null, LetterRefusal.SafetyCheck, rule) : new(letter, LetterRefusal.None, null);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(LetterTemplate, LetterContext), LetterTemplate> FilledTemplates = new();

    // The laboratory's placeholders are the same for every letter of a batch: filled once.
    private static LetterTemplate Filled(LetterTemplate template, LetterContext context)
    {
        if (FilledTemplates.TryGetValue((template, context), out var filled))
        {
            return filled;
        }

        if (FilledTemplates.Count > 256)
        {
            FilledTemplates.Clear();
        }

        filled = template.Map(text => text
            .Replace("{laboratoire}", Clean(context.LaboratoryName), StringComparison.Ordinal)
            .Replace("{reference}", context.CaseReference, StringComparison.Ordinal)
            .Replace("{verification}", context.VerificationAddress, StringComparison.Ordinal));
        FilledTemplates.TryAdd((template, context), filled);
        return filled;
    }

    // A batch composes thousands of letters with one template: it is validated once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LetterTemplate, IReadOnlyList<string>> Validated = new();

    private static IReadOnlyList<string> ValidationOf(LetterTemplate template) => Validated.GetValue(template, t => t.Validate());

    // Line 1 of NF Z10-011: civility, first name, SURNAME; for a minor, the legal representatives. Shorter forms are
    // tried in turn; nothing is cut: a name too long for 38 characters goes to manual review.
    public static string? IdentityLine(SubjectPayload p, bool minor, bool english)
    {
        ArgumentNullException.ThrowIfNull(p);
        var first = Clean(p.FirstName);
        var last = Clean(p.LastName).ToUpperInvariant();
        var initial = first.Length > 0 ? first[..1].ToUpperInvariant() + "." : "";
        IEnumerable<string> candidates;
        if (minor)
        {
            candidates = english
                ? [$"To the legal representatives of {first} {last}", $"Parents of {first} {last}", $"Parents of {initial} {last}"]
                : [$"Aux représentants légaux de {first} {last}", $"Représentants légaux de {first} {last}", $"Parents de {first} {last}", $"Parents de {initial} {last}"];
        }
        else
        {
            var (full, abbreviated) = Civility(p, english);
            candidates = [$"{full} {first} {last}", $"{abbreviated} {first} {last}", $"{abbreviated} {initial} {last}", $"{initial} {last}", last];
        }

        return candidates.Select(c => string.Join(' ', c.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .FirstOrDefault(c => c.Length > 0 && c.Length <= AddressBlock.MaxLineLength && last.Length > 0);
    }

    private static (string Full, string Abbreviated) Civility(SubjectPayload p, bool english)
    {
        var c = SubjectRules.Fold(Clean(p.Civility ?? "")).Trim('.', ' ');
        var sex = SubjectRules.Fold(Clean(p.Sex ?? "")).Trim();
        var female = c is "mme" or "madame" or "mlle" or "mademoiselle" or "mrs" or "ms" || (c.Length == 0 && sex is "f" or "2" or "feminin" or "femme");
        var male = c is "m" or "mr" or "monsieur" || (c.Length == 0 && sex is "m" or "1" or "masculin" or "homme" or "h");
        return (female, male, english) switch
        {
            (true, _, false) => ("Madame", "Mme"),
            (_, true, false) => ("Monsieur", "M."),
            (true, _, true) => ("Ms", "Ms"),
            (_, true, true) => ("Mr", "Mr"),
            _ => ("", ""),
        };
    }

    // Control characters and repeated spaces from hostile input never reach the page.
    public static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var ch in value)
        {
            if (char.IsControl(ch) || char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(ch);
        }

        return sb.ToString();
    }
}

// Categories only, in plain words: "your social security number" as a category, never its value (regulation.md §7.2).
public static class LetterCategoryLabels
{
    private static readonly (DataCategories Category, string French, string English)[] Labels =
    [
        (DataCategories.Surname, "nom", "surname"),
        (DataCategories.FirstName, "prénom", "first name"),
        (DataCategories.Sex, "sexe ou civilité", "sex or title"),
        (DataCategories.BirthDate, "date de naissance", "date of birth"),
        (DataCategories.PostalAddress, "adresse postale", "postal address"),
        (DataCategories.Phone, "numéro de téléphone", "phone number"),
        (DataCategories.Email, "adresse électronique", "e-mail address"),
        (DataCategories.SocialSecurityNumber, "numéro de sécurité sociale", "social security number"),
        (DataCategories.TreatingDoctor, "nom du médecin prescripteur ou traitant", "name of the prescribing or treating doctor"),
        (DataCategories.ExaminationDate, "date de l'examen ou du prélèvement", "date of the test or sample"),
        (DataCategories.BloodGroup, "groupe sanguin", "blood group"),
        (DataCategories.HealthInsurer, "organisme complémentaire (mutuelle)", "health insurer"),
        (DataCategories.HealthComments, "commentaires médicaux en texte libre", "free-text medical comments"),
        (DataCategories.Treatments, "informations sur des traitements", "information on treatments"),
        (DataCategories.Pathologies, "informations sur des pathologies", "information on medical conditions"),
        (DataCategories.Credentials, "identifiant et mot de passe du portail patient", "patient portal login and password"),
    ];

    public static IReadOnlyList<string> For(DataCategories categories, bool english)
    {
        var list = new List<string>();
        foreach (var (category, french, en) in Labels)
        {
            if (categories.HasFlag(category))
            {
                var text = english ? en : french;
                list.Add(char.ToUpperInvariant(text[0]) + text[1..]);
            }
        }

        return list;
    }
}

// Defence in depth: whatever a template or a future change says, a letter that would print the person's NIR or any
// of their health fields is refused (LetterRefusal.SafetyCheck). The refusal names the rule, never the value. Most of a letter is the same text
// for every person of a laboratory, so the folded form of each long part is cached by its content.
public static class LetterSafety
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Folded, string Compact, bool DigitRun)> Parts = new(StringComparer.Ordinal);
    private static int _cached;

    // The rule the letter breaks ("nir", "digits", "comment", "treatments"…), or null.
    public static string? Violation(Letter letter, SubjectPayload person)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(person);
        var nir = person.Nir is { } raw ? new string(raw.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant() : "";
        var nirBody = nir.Length >= 13 ? nir[..13] : null;
        var identity = SubjectRules.Fold(string.Join(' ', letter.AddressBlock));
        var values = new List<(string Field, string Value)>(6);
        foreach (var (field, value, min) in new[]
                 {
                     ("comment", person.Comment, 4), ("treatments", person.Treatments, 4), ("pathologies", person.Pathologies, 4),
                     ("blood-group", person.BloodGroup, 2), ("doctor", person.TreatingDoctor, 4), ("insurer", person.HealthInsurer, 4),
                 })
        {
            var v = SubjectRules.Fold(LetterComposer.Clean(value));
            if (v.Length >= min && !identity.Contains(v, StringComparison.Ordinal))
            {
                values.Add((field, v));
            }
        }

        foreach (var part in TextParts(letter))
        {
            if (part.Length == 0)
            {
                continue;
            }

            // Short parts (an address line, the code, the date) are most often the person's own: prepared each time,
            // so that they never push the template's paragraphs out of the cache.
            if (part.Length < CachedFrom)
            {
                if (!Passes(Prepare(part), nirBody, values, out var rule))
                {
                    return rule;
                }

                continue;
            }

            if (!Parts.TryGetValue(part, out var prepared))
            {
                prepared = Prepare(part);
                if (Interlocked.Increment(ref _cached) > 20_000)
                {
                    Parts.Clear();
                    Interlocked.Exchange(ref _cached, 0);
                }

                Parts.TryAdd(part, prepared);
            }

            if (!Passes(prepared, nirBody, values, out var failed))
            {
                return failed;
            }
        }

        return null;
    }

    private const int CachedFrom = 48;

    private static bool Passes((string Folded, string Compact, bool DigitRun) prepared, string? nirBody, List<(string Field, string Value)> values,
        out string rule)
    {
        rule = "";
        if (nirBody is not null && prepared.Compact.Contains(nirBody, StringComparison.Ordinal))
        {
            rule = "nir";
            return false;
        }

        if (prepared.DigitRun)
        {
            rule = "digits";
            return false;
        }

        foreach (var (field, value) in values)
        {
            if (Contains(prepared.Folded, value))
            {
                rule = field;
                return false;
            }
        }

        return true;
    }


    private static (string Folded, string Compact, bool DigitRun) Prepare(string part)
    {
        // No run of 13 digits or more (a NIR body) anywhere on the letter, whoever it belongs to.
        var run = 0;
        var digitRun = false;
        foreach (var ch in part)
        {
            run = char.IsAsciiDigit(ch) ? run + 1 : ch is ' ' or '.' or '\u00A0' ? run : 0;
            digitRun |= run >= LetterCodes.MaxDigitRun;
        }

        return (SubjectRules.Fold(part), new string(part.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant(), digitRun);
    }

    private static IEnumerable<string> TextParts(Letter l)
    {
        foreach (var s in new[] { l.Code, l.Reference, l.DateLine, l.SenderName, l.Subject, l.Salutation, l.Closing, l.Signature, l.SignatureRole,
                     l.Contact.Name, l.Contact.Role, l.Contact.Email, l.Contact.Phone, l.LabelController, l.LabelReference, l.LabelCode })
        {
            yield return s;
        }

        foreach (var s in l.SenderLines.Concat(l.AddressBlock).Concat(l.Contact.PostalLines))
        {
            yield return s;
        }

        foreach (var section in l.Sections)
        {
            yield return section.Heading ?? "";
            foreach (var p in section.Paragraphs.Concat(section.Bullets))
            {
                yield return p;
            }
        }
    }

    // Whole-token match, so that a blood group "A+" is not found inside an ordinary word.
    private static bool Contains(string text, string value)
    {
        var index = text.IndexOf(value, StringComparison.Ordinal);
        while (index >= 0)
        {
            var before = index == 0 || !char.IsLetterOrDigit(text[index - 1]);
            var end = index + value.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }

            index = text.IndexOf(value, index + 1, StringComparison.Ordinal);
        }

        return false;
    }
}
