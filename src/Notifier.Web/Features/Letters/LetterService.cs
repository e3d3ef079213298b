using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core;
using Notifier.Core.Cases;
using Notifier.Core.Data;
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

    private const int RowsPerStatement = 100;

    // Gives a letter code to each of these persons who has none, RowsPerStatement to a statement; a code given meanwhile
    // by someone else (an e-mail campaign, a single letter) is kept: the update only touches persons still without one.
    // The caller reads the codes back. Plain SQL, the same on the three providers.
    public static Task AssignMissingCodesAsync(NotifierDbContext db, IReadOnlyList<Guid> subjectIds, CancellationToken ct) =>
        WriteCodesAsync(db, subjectIds, queuedAtUtc: null, ct);

    // The same, and the persons still awaiting a letter (Pending) marked LetterQueued, in one statement per row group: a
    // postal batch's creation. Each person's row is rewritten once, when its batch is created, instead of once there and
    // once more by the batch's job (scattered writes were most of the creation's and the codes' cost at full scale).
    public static Task QueueWithCodesAsync(NotifierDbContext db, IReadOnlyList<Guid> subjectIds, DateTime nowUtc, CancellationToken ct) =>
        WriteCodesAsync(db, subjectIds, nowUtc, ct);

    private static async Task WriteCodesAsync(NotifierDbContext db, IReadOnlyList<Guid> subjectIds, DateTime? queuedAtUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(subjectIds);
        foreach (var chunk in subjectIds.Chunk(RowsPerStatement))
        {
            var values = new object[chunk.Length * 2 + 1];
            var cases = new StringBuilder();
            var ids = new StringBuilder();
            for (var i = 0; i < chunk.Length; i++)
            {
                cases.Append(CultureInfo.InvariantCulture, $" WHEN {{{2 * i}}} THEN {{{2 * i + 1}}}");
                ids.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{{2 * i}}}");
                values[2 * i] = chunk[i];
                values[2 * i + 1] = LetterCodes.New();
            }

            // COALESCE: "no code yet" as an expression, so that no database walks the code index through every person
            // still without one (SQLite did, for every statement); the persons are found by their ids (primary key).
            // The statuses are the enum's names, as EF Core stores them.
            string sql;
            if (queuedAtUtc is { } now)
            {
                values[^1] = now;
                sql = $"UPDATE \"DataSubjects\" SET \"Status\" = '{SubjectNotificationStatus.LetterQueued}', \"UpdatedAtUtc\" = {{{values.Length - 1}}}, "
                    + $"\"LetterCode\" = CASE WHEN COALESCE(\"LetterCode\", '') = '' THEN CASE \"Id\"{cases} END ELSE \"LetterCode\" END "
                    + $"WHERE \"Id\" IN ({ids}) AND \"Status\" = '{SubjectNotificationStatus.Pending}'";
            }
            else
            {
                values = values[..^1];
                sql = $"UPDATE \"DataSubjects\" SET \"LetterCode\" = CASE \"Id\"{cases} END WHERE \"Id\" IN ({ids}) AND COALESCE(\"LetterCode\", '') = ''";
            }

            await db.Database.ExecuteSqlRawAsync(sql, values, ct);
        }
    }

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
