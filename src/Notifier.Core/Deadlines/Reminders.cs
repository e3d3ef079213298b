using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Notifier.Core.Emails;

namespace Notifier.Core.Deadlines;

// Which reminder an open obligation needs now. Thresholds are "hours before the due instant" plus "overdue".
// When the sweep was down and several thresholds have passed, only the most urgent one is sent; the others are recorded
// as skipped, so that a DPO never gets a burst of stale reminders.
public static class Reminders
{
    public const string Overdue = "overdue";

    public static string Threshold(int hoursBefore) => hoursBefore.ToString(CultureInfo.InvariantCulture) + "h";

    public static (string? Send, IReadOnlyList<string> Skip) Pending(Obligation obligation, IReadOnlyList<int> hoursBefore, bool remindOverdue,
        DateTime nowUtc, IReadOnlySet<string> alreadyRecorded)
    {
        if (obligation.DueUtc is not { } due || obligation.DueImmediately
            || obligation.Status is not (ObligationStatus.NotStarted or ObligationStatus.InProgress or ObligationStatus.Overdue))
        {
            return (null, []);
        }

        // Crossed thresholds, least urgent first.
        var crossed = hoursBefore.Distinct().OrderByDescending(h => h)
            .Where(h => nowUtc >= due.AddHours(-h))
            .Select(Threshold)
            .ToList();
        if (remindOverdue && nowUtc > due)
        {
            crossed.Add(Overdue);
        }

        var fresh = crossed.Where(t => !alreadyRecorded.Contains(t)).ToList();
        if (fresh.Count == 0)
        {
            return (null, []);
        }

        return (fresh[^1], fresh.Take(fresh.Count - 1).ToList());
    }
}

public sealed record ReminderContext(
    string LaboratoryName,
    string CaseReference,
    string IncidentReference,
    string ObligationLabel,
    string LegalBasis,
    DateTime DueUtc,
    string TimeZoneId,
    string Threshold,
    string CaseUrl);

// The reminder e-mail to DPOs and compliance officers. It names the laboratory and the obligation, never a patient.
public static class ReminderEmails
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    // Accents stay readable; only what HTML requires is escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static EmailMessage Compose(Guid id, string to, ReminderContext c, DateTime nowUtc)
    {
        var due = LabTime.Format(c.DueUtc, c.TimeZoneId, French);
        var overdue = c.Threshold == Reminders.Overdue;
        var when = overdue
            ? "échéance dépassée depuis " + Span(nowUtc - c.DueUtc)
            : "échéance dans " + Span(c.DueUtc - nowUtc);
        var subject = $"[Notifier] {c.ObligationLabel} — {c.LaboratoryName} : {when}";
        var text = string.Join("\n",
            $"{c.ObligationLabel} — {c.LaboratoryName} (dossier {c.CaseReference}, incident {c.IncidentReference})",
            "",
            $"Échéance : {due} — {LabTime.FormatUtc(c.DueUtc)}",
            $"Base légale : {c.LegalBasis}",
            overdue
                ? "L'échéance est dépassée : une notification tardive doit être accompagnée des motifs du retard (RGPD art. 33(1))."
                : $"Il reste {Span(c.DueUtc - nowUtc)}.",
            "",
            $"Ouvrir le dossier : {c.CaseUrl}",
            "",
            "Message automatique de Notifier. Il ne contient aucune donnée de patient.");
        Func<string, string> e = Html.Encode;
        var html = $"""
            <p><strong>{e(c.ObligationLabel)}</strong> — {e(c.LaboratoryName)} (dossier {e(c.CaseReference)}, incident {e(c.IncidentReference)})</p>
            <p>Échéance : <strong>{e(due)}</strong> — {e(LabTime.FormatUtc(c.DueUtc))}<br>Base légale : {e(c.LegalBasis)}</p>
            <p>{(overdue ? "L'échéance est dépassée : une notification tardive doit être accompagnée des motifs du retard (RGPD art. 33(1))." : e($"Il reste {Span(c.DueUtc - nowUtc)}."))}</p>
            <p><a href="{e(c.CaseUrl)}">Ouvrir le dossier</a></p>
            <p style="color:#666">Message automatique de Notifier. Il ne contient aucune donnée de patient.</p>
            """;
        return new EmailMessage(id, to, subject, text, html);
    }

    private static string Span(TimeSpan d)
    {
        var minutes = (long)Math.Max(0, Math.Floor(d.TotalMinutes));
        var days = minutes / 1440;
        var hours = minutes / 60 % 24;
        return days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{days} j {hours} h")
            : hours > 0 ? string.Create(CultureInfo.InvariantCulture, $"{hours} h {minutes % 60:00}") : string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
    }
}
