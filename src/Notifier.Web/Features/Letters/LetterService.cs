using Microsoft.Extensions.Options;
using Notifier.Core;
using Notifier.Core.Cases;
using Notifier.Core.Incidents;
using Notifier.Core.Letters;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure.Pdf;

namespace Notifier.Web.Features.Letters;

// Composes a person's letter from the stored (encrypted) record and renders it. The letter code is assigned here,
// the first time the person's letter is composed (the import leaves it empty, ADR-0011).
public sealed class LetterService(FieldCipher cipher, IOptions<LettersOptions> options, TimeProvider clock)
{
    public LetterContext Context(ControllerCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var lab = @case.Laboratory ?? throw new InvalidOperationException("Le laboratoire du dossier n'est pas chargé.");
        return new LetterContext(lab.Name, lab.Address, lab.Dpo, @case.Reference, options.Value.VerificationAddress);
    }

    // The letter's date is the laboratory's local date.
    public DateOnly Today(ControllerCase @case) =>
        DateOnly.FromDateTime(LabTime.ToLocal(clock.GetUtcNow().UtcDateTime, @case.Laboratory!.TimeZoneId).DateTime);

    public static bool EnsureCode(DataSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.LetterCode is not null)
        {
            return false;
        }

        subject.LetterCode = LetterCodes.New();
        return true;
    }

    public LetterComposition Compose(LetterContext context, DataSubject subject, LetterTemplate template, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return Compose(context, subject.Id, subject.Payload, subject.ExposedCategories, subject.ReviewReason, subject.LetterCode, template, today);
    }

    // From the stored columns alone (a batch reads only these, not whole persons).
    public LetterComposition Compose(LetterContext context, Guid subjectId, byte[] sealedPayload, DataCategories exposed, ReviewReason review, string? letterCode,
        LetterTemplate template, DateOnly today)
    {
        var payload = cipher.OpenSubject(subjectId, sealedPayload);
        return LetterComposer.Compose(context, new LetterRecipient(payload, exposed, review), template,
            letterCode ?? throw new InvalidOperationException("Code de courrier absent."), today);
    }

    public static byte[] Render(Letter letter) => PdfLetterRenderer.Render(letter);
}
