using System.Globalization;
using System.Net;
using System.Text;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;

namespace Notifier.Core.Emails;

public enum EmailRefusal
{
    None,
    ManualReview,
    Minor,
    NoAddress,
    ContactMissing,
}

public sealed record NotificationEmailContent(string Subject, string TextBody, string HtmlBody, string Language);

public sealed record EmailComposition(NotificationEmailContent? Content, EmailRefusal Refusal)
{
    public bool Composed => Content is not null;
}

// The Art. 34 email to one person: pure (the date is passed in). Deliberately poorer than the letter: an email can be
// forwarded, read over a shoulder or spoofed, so it carries the person's name and nothing else about them — no NIR, no
// exposed category, no health word, no address, no birth date. It names the lab, says in plain words what happened,
// gives the verification page with the person's letter code (so the person can check the message is genuine, and the
// paper letter gives the details), and the DPO contact. It asks for nothing: no password, no bank detail, no reply.
// A minor's email address is not used: minors are written to on paper, to their legal representatives (regulation.md §8).
public static class NotificationEmailComposer
{
    public static EmailComposition Compose(LetterContext context, LetterRecipient recipient, string letterCode, string language, bool letterFollows, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentException.ThrowIfNullOrEmpty(letterCode);
        var p = recipient.Person;
        if (recipient.Review != ReviewReason.None)
        {
            return new(null, EmailRefusal.ManualReview);
        }

        if (p.BirthDate is { } birth && SubjectRules.AgeAt(birth, today) < SubjectRules.AgeOfMajority)
        {
            return new(null, EmailRefusal.Minor);
        }

        if (string.IsNullOrWhiteSpace(p.Email))
        {
            return new(null, EmailRefusal.NoAddress);
        }

        var dpo = context.Dpo;
        if (string.IsNullOrWhiteSpace(dpo.Email) && string.IsNullOrWhiteSpace(dpo.Phone))
        {
            return new(null, EmailRefusal.ContactMissing);
        }

        var english = language == "en";
        var name = $"{Clean(p.FirstName)} {Clean(p.LastName)}".Trim();
        var lab = Clean(context.LaboratoryName);
        var code = LetterCodes.Display(letterCode);
        var link = VerificationLink(context.VerificationAddress, letterCode);
        var w = english ? English : French;
        var contact = new List<string>();
        if (!string.IsNullOrWhiteSpace(dpo.Name))
        {
            contact.Add(Clean(dpo.Name) + (string.IsNullOrWhiteSpace(dpo.Role) ? "" : ", " + Clean(dpo.Role)));
        }

        if (!string.IsNullOrWhiteSpace(dpo.Email))
        {
            contact.Add(w.Email + Clean(dpo.Email));
        }

        if (!string.IsNullOrWhiteSpace(dpo.Phone))
        {
            contact.Add(w.Phone + Clean(dpo.Phone));
        }

        var subject = string.Format(CultureInfo.InvariantCulture, w.Subject, lab);
        var paragraphs = new[]
        {
            string.Format(CultureInfo.InvariantCulture, w.Greeting, name),
            string.Format(CultureInfo.InvariantCulture, w.What, lab),
            letterFollows ? w.Letter : w.NoLetter,
            string.Format(CultureInfo.InvariantCulture, w.Verify, code),
            w.Never,
            w.Contact,
        };

        var text = new StringBuilder();
        foreach (var paragraph in paragraphs.Take(4))
        {
            text.Append(paragraph).Append("\r\n\r\n");
        }

        text.Append(link).Append("\r\n\r\n");
        text.Append(paragraphs[4]).Append("\r\n\r\n");
        text.Append(paragraphs[5]).Append("\r\n");
        foreach (var line in contact)
        {
            text.Append(line).Append("\r\n");
        }

        text.Append("\r\n").Append(lab).Append("\r\n");
        text.Append(string.Format(CultureInfo.InvariantCulture, w.Reference, Clean(context.CaseReference))).Append("\r\n");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"").Append(english ? "en" : "fr").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(H(subject)).Append("</title></head><body style=\"font-family:Arial,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b;max-width:640px\">");
        foreach (var paragraph in paragraphs.Take(3))
        {
            html.Append("<p>").Append(H(paragraph)).Append("</p>");
        }

        html.Append("<p>").Append(H(paragraphs[3])).Append("</p>");
        html.Append("<p><a href=\"").Append(H(link)).Append("\">").Append(H(link)).Append("</a></p>");
        html.Append("<p><strong>").Append(H(paragraphs[4])).Append("</strong></p>");
        html.Append("<p>").Append(H(paragraphs[5])).Append("<br>").Append(string.Join("<br>", contact.Select(H))).Append("</p>");
        html.Append("<p>").Append(H(lab)).Append("<br><small>")
            .Append(H(string.Format(CultureInfo.InvariantCulture, w.Reference, Clean(context.CaseReference)))).Append("</small></p>");
        html.Append("</body></html>");

        var content = new NotificationEmailContent(subject, text.ToString(), html.ToString(), english ? "en" : "fr");
        Check(content, p);
        return new(content, EmailRefusal.None);
    }

    // The public verification page with the code filled in; the page still asks the person to confirm (no lookup by GET).
    public static string VerificationLink(string verificationAddress, string letterCode)
    {
        ArgumentNullException.ThrowIfNull(verificationAddress);
        var separator = verificationAddress.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        return $"{verificationAddress}{separator}code={Uri.EscapeDataString(letterCode)}";
    }

    // A final guard, as for letters: if any personal field other than the name would be sent, refuse loudly.
    private static void Check(NotificationEmailContent content, SubjectPayload p)
    {
        var all = content.Subject + "\n" + content.TextBody + "\n" + WebUtility.HtmlDecode(content.HtmlBody);
        string?[] secrets =
        [
            p.Nir, p.Phone, p.AddressLine1, p.AddressLine2, p.AddressLine3, p.BloodGroup, p.TreatingDoctor, p.HealthInsurer, p.Comment,
            p.Treatments, p.Pathologies, p.LabPatientId, p.BirthName,
            p.BirthDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), p.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            p.SampleDate?.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), p.Email,
        ];
        foreach (var secret in secrets)
        {
            if (secret is { Length: >= 3 } s && !IsPartOfName(s, p) && all.Contains(s.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Le courriel contiendrait une donnée personnelle autre que le nom ; envoi refusé.");
            }
        }

        var nirDigits = Digits(p.Nir ?? "");
        if (nirDigits.Length >= 13 && Digits(all).Contains(nirDigits[..13], StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Le courriel contiendrait le NIR ; envoi refusé.");
        }
    }

    private static string Digits(string s)
    {
        var digits = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
        }

        return digits.ToString();
    }

    // A birth name equal to the last name (or a doctor with the patient's surname) is the name, not a leak.
    private static bool IsPartOfName(string value, SubjectPayload p) =>
        string.Equals(value.Trim(), p.LastName.Trim(), StringComparison.OrdinalIgnoreCase)
        || string.Equals(value.Trim(), p.FirstName.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string H(string s) => WebUtility.HtmlEncode(s);

    // One line of plain text: control characters and line breaks of hostile input never reach a header or the body.
    private static string Clean(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return "";
        }

        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Trim())
        {
            sb.Append(char.IsControl(c) ? ' ' : c);
        }

        var cleaned = sb.ToString();
        return cleaned.Length > 200 ? cleaned[..200] : cleaned;
    }

    private sealed record Wording(string Subject, string Greeting, string What, string Letter, string NoLetter, string Verify, string Never, string Contact,
        string Email, string Phone, string Reference);

    private static readonly Wording French = new(
        "{0} : information sur un incident concernant vos données",
        "Bonjour {0},",
        "Le laboratoire {0}, qui a réalisé vos analyses, vous informe qu'un incident de sécurité a exposé des données de ses patients, dont certaines des vôtres. "
            + "Nous avons pris des mesures pour y mettre fin et en limiter les conséquences.",
        "Un courrier postal vous donne le détail des données concernées et les précautions à prendre. Ce message volontairement court ne contient aucune donnée vous concernant en dehors de votre nom.",
        "Ce message volontairement court ne contient aucune donnée vous concernant en dehors de votre nom. Notre délégué à la protection des données vous indiquera sur demande les données concernées et les précautions à prendre.",
        "Pour vérifier que ce message vient bien du laboratoire, saisissez votre code de courrier {0} sur la page de vérification :",
        "Le laboratoire ne vous demandera jamais de mot de passe, de coordonnées bancaires ni de paiement, ni par courriel, ni par téléphone. Méfiez-vous de tout message qui le ferait en citant cet incident.",
        "Pour toute question, contactez notre délégué à la protection des données :",
        "Courriel : ",
        "Téléphone : ",
        "Référence : {0}");

    private static readonly Wording English = new(
        "{0}: information about an incident affecting your data",
        "Dear {0},",
        "The laboratory {0}, which carried out your tests, is informing you that a security incident exposed data of its patients, including some of yours. "
            + "We have taken measures to stop it and to limit its consequences.",
        "A postal letter gives you the details of the data concerned and the precautions to take. This deliberately short message contains no data about you other than your name.",
        "This deliberately short message contains no data about you other than your name. On request, our data protection officer will tell you which data are concerned and the precautions to take.",
        "To check that this message really comes from the laboratory, enter your letter code {0} on the verification page:",
        "The laboratory will never ask you for a password, bank details or a payment, by email or by phone. Be wary of any message that does so while mentioning this incident.",
        "For any question, contact our data protection officer:",
        "Email: ",
        "Phone: ",
        "Reference: {0}");
}
