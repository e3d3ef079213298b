using System.ComponentModel.DataAnnotations;
using Notifier.Core.Deadlines;

namespace Notifier.Web.Features.Deadlines;

// Every legal parameter of the clocks is configuration (regulation.md checklist item 20), documented in docs/configuration.md.
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    [Range(1, 720)]
    public int Art33Hours { get; set; } = 72;

    [Range(1, 720)]
    public int ComplementaryHours { get; set; } = 72;

    [Range(1, 2160)]
    public int SubjectCommunicationSlaHours { get; set; } = 72;

    public bool ShowReg1182 { get; set; } = true;

    public bool WorkingDaysFlag { get; set; }

    public HolidayRegion HolidayRegion { get; set; } = HolidayRegion.Metropolitan;

    [Range(1, 720)]
    public int Nis2EarlyWarningHours { get; set; } = 24;

    [Range(1, 720)]
    public int Nis2NotificationHours { get; set; } = 72;

    [Range(1, 12)]
    public int Nis2FinalReportMonths { get; set; } = 1;

    // Reminders go out when a due instant is this many hours away, and once more when it is passed.
    public List<int> ReminderHoursBefore { get; set; } = [24, 6, 1];

    public bool RemindWhenOverdue { get; set; } = true;

    // Hangfire cron (UTC) of the sweep that re-derives due reminders from the database.
    [Required]
    public string SweepCron { get; set; } = "*/5 * * * *";

    // Absolute base URL used in reminder e-mails (links to the case page).
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public DeadlinePolicy ToPolicy() => new()
    {
        Art33Hours = Art33Hours,
        ComplementaryHours = ComplementaryHours,
        SubjectCommunicationSlaHours = SubjectCommunicationSlaHours,
        ShowReg1182 = ShowReg1182,
        WorkingDaysFlag = WorkingDaysFlag,
        HolidayRegion = HolidayRegion,
        Nis2EarlyWarningHours = Nis2EarlyWarningHours,
        Nis2NotificationHours = Nis2NotificationHours,
        Nis2FinalReportMonths = Nis2FinalReportMonths,
    };
}
