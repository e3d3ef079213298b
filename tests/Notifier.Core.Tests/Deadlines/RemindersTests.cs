using Notifier.Core.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

public sealed class RemindersTests
{
    private static readonly DateTime Due = new(2021, 2, 26, 12, 40, 0, DateTimeKind.Utc);
    private static readonly int[] Thresholds = [24, 6, 1];

    private static Obligation Open(ObligationStatus status = ObligationStatus.NotStarted, bool immediately = false, DateTime? due = null) =>
        new(ObligationKind.CnilNotification, "RGPD art. 33(1)", due ?? Due, immediately, null, status, null, null, null, false);

    [Fact]
    public void Nothing_is_due_before_the_first_threshold()
    {
        var (send, skip) = Reminders.Pending(Open(), Thresholds, true, Due.AddHours(-25), new HashSet<string>());
        Assert.Null(send);
        Assert.Empty(skip);
    }

    [Fact]
    public void The_24_hour_reminder_is_due_at_24_hours_exactly()
    {
        Assert.Equal("24h", Reminders.Pending(Open(), Thresholds, true, Due.AddHours(-24), new HashSet<string>()).Send);
    }

    [Fact]
    public void A_reminder_already_recorded_is_not_sent_again()
    {
        var (send, _) = Reminders.Pending(Open(), Thresholds, true, Due.AddHours(-20), new HashSet<string> { "24h" });
        Assert.Null(send);
    }

    [Fact]
    public void Missed_thresholds_are_skipped_and_only_the_most_urgent_is_sent()
    {
        var (send, skip) = Reminders.Pending(Open(ObligationStatus.Overdue), Thresholds, true, Due.AddMinutes(20), new HashSet<string> { "24h" });
        Assert.Equal(Reminders.Overdue, send);
        Assert.Equal(["6h", "1h"], skip);
    }

    [Fact]
    public void Overdue_reminders_can_be_switched_off()
    {
        var (send, skip) = Reminders.Pending(Open(ObligationStatus.Overdue), Thresholds, false, Due.AddMinutes(20), new HashSet<string> { "24h", "6h" });
        Assert.Equal("1h", send);
        Assert.Empty(skip);
    }

    [Theory]
    [InlineData(ObligationStatus.DoneOnTime)]
    [InlineData(ObligationStatus.DoneLate)]
    [InlineData(ObligationStatus.NotApplicable)]
    public void Closed_obligations_get_no_reminder(ObligationStatus status)
    {
        Assert.Null(Reminders.Pending(Open(status), Thresholds, true, Due.AddHours(1), new HashSet<string>()).Send);
    }

    [Fact]
    public void Obligations_due_without_delay_get_no_countdown_reminder()
    {
        Assert.Null(Reminders.Pending(Open(immediately: true), Thresholds, true, Due.AddHours(1), new HashSet<string>()).Send);
    }

    [Fact]
    public void The_reminder_email_names_the_lab_and_the_deadline_in_its_zone_and_nothing_else()
    {
        var context = new ReminderContext("Laboratoire <b>Témoin</b>", "INC-L01", "INC", "Notification CNIL (72 h)", "RGPD art. 33(1)",
            Due, "Europe/Paris", "6h", "https://notifier.example/Cases/Details/1#obligations");
        var id = Guid.NewGuid();
        var message = ReminderEmails.Compose(id, "dpo@lab.example", context, Due.AddHours(-6));
        Assert.Equal(id, message.Id);
        Assert.Equal("dpo@lab.example", message.To);
        Assert.Equal("[Notifier] Notification CNIL (72 h) — Laboratoire <b>Témoin</b> : échéance dans 6 h 00", message.Subject);
        Assert.Contains("26/02/2021 13:40 (UTC+01:00) — 2021-02-26 12:40 UTC", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://notifier.example/Cases/Details/1#obligations", message.TextBody, StringComparison.Ordinal);
        // Markup in a name is text in the HTML part.
        Assert.Contains("Laboratoire &lt;b&gt;Témoin&lt;/b&gt;", message.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Témoin", message.HtmlBody!, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overdue_reminder_recalls_that_reasons_for_the_delay_are_required()
    {
        var context = new ReminderContext("Labo", "R", "I", "Notification CNIL (72 h)", "RGPD art. 33(1)", Due, "Europe/Paris", Reminders.Overdue, "u");
        var message = ReminderEmails.Compose(Guid.NewGuid(), "a@b.example", context, Due.AddMinutes(125));
        Assert.EndsWith("échéance dépassée depuis 2 h 05", message.Subject, StringComparison.Ordinal);
        Assert.Contains("motifs du retard", message.TextBody, StringComparison.Ordinal);
    }
}
