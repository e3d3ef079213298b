namespace Notifier.Core.Deadlines;

// The deadline engine (regulation.md §3, checklist items 3, 4 and 17; ADR-0007). Pure: `now` is passed in.
// All periods in hours are elapsed time on UTC instants, so daylight saving cannot shorten or lengthen them, and none is
// ever extended for a weekend or a public holiday (Reg. 1182/71 art. 3(3); art. 3(4) excludes periods in hours).
public static class Deadlines
{
    private static readonly ObligationProgress NotStarted = new(null, null);

    // RGPD art. 33(1), naive reading: awareness + 72 elapsed hours. Never later than the 1182/71 reading, so it is the
    // safe instant to display as "due" (regulation.md §3.2(a)).
    public static DateTime Art33Strict(DateTime awareAtUtc, int hours = 72)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        return Utc(awareAtUtc, nameof(awareAtUtc)) + TimeSpan.FromHours(hours);
    }

    // Reg. 1182/71 art. 3(1) and 3(2)(a): the hour during which the event occurs is not counted; the period starts at
    // the beginning of the next hour and ends when its last hour expires. The hour is the lab's local clock hour, and
    // awareness at exactly hh:00:00 still lies inside hh:00–hh+1:00 (regulation.md §3.2(b)). Display only.
    public static DateTime Art33Reg1182(DateTime awareAtUtc, string timeZoneId, int hours = 72)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hours);
        var zone = LabTimeZones.Find(timeZoneId);
        var hourStart = LocalClock.StartOfLocalHour(Utc(awareAtUtc, nameof(awareAtUtc)), zone);
        return hourStart + TimeSpan.FromHours(1) + TimeSpan.FromHours(hours);
    }

    // Calendar months on the lab's local date (Reg. 1182/71 art. 3(2)(c): a month period that would end on a day the
    // month lacks ends on its last day), keeping the local time of day. A local time the clocks skip is shifted forward
    // by the gap; a local time that happens twice resolves to the earlier instant (see LocalClock.ToUtc).
    // This keeps the time of day rather than running to the end of the last day as art. 3(2)(c) would, and applies no
    // art. 3(4) weekend or holiday extension: both make the shown instant earlier, never later.
    public static DateTime AddCalendarMonthsClamped(DateTime utc, int months, string timeZoneId)
    {
        var zone = LabTimeZones.Find(timeZoneId);
        var local = LabTime.ToLocal(utc, timeZoneId);
        if (months == 0)
        {
            // Identity, even inside the repeated autumn hour where re-resolving the wall time would pick the earlier instant.
            return local.UtcDateTime;
        }

        return LocalClock.ToUtc(local.DateTime.AddMonths(months), zone);
    }

    // Late means strictly after the due instant: filing at the due instant itself is on time. Drives the
    // "reasons for delay" requirement of RGPD art. 33(1) (checklist item 4).
    public static bool IsLate(DateTime dueUtc, DateTime completedAtUtc) =>
        Utc(completedAtUtc, nameof(completedAtUtc)) > Utc(dueUtc, nameof(dueUtc));

    // Short French citations shown next to each obligation.
    public static string LegalBasis(ObligationKind kind) => kind switch
    {
        ObligationKind.CnilNotification => "RGPD art. 33(1)",
        ObligationKind.CnilComplementary => "RGPD art. 33(4) ; FAQ CNIL (notification en deux temps)",
        ObligationKind.ProcessorNotice => "RGPD art. 33(2) (délai contractuel)",
        ObligationKind.SubjectCommunication => "RGPD art. 34(1) (délai interne : sans retard injustifié)",
        ObligationKind.HealthSectorReport => "CSP art. L.1111-8-2 (sans délai)",
        ObligationKind.Nis2EarlyWarning => "Directive (UE) 2022/2555 art. 23(4)(a)",
        ObligationKind.Nis2IncidentNotification => "Directive (UE) 2022/2555 art. 23(4)(b)",
        ObligationKind.Nis2FinalReport => "Directive (UE) 2022/2555 art. 23(4)(d)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown obligation kind."),
    };

    // Whole local calendar days inside [startUtc, endUtc) that are working days (Reg. 1182/71 art. 2(2): not a Saturday,
    // Sunday or public holiday). A day counts only if all of it, midnight to midnight in the lab's zone, lies in the window.
    public static int WholeWorkingDays(DateTime startUtc, DateTime endUtc, string timeZoneId, HolidayRegion region)
    {
        var start = Utc(startUtc, nameof(startUtc));
        var end = Utc(endUtc, nameof(endUtc));
        var zone = LabTimeZones.Find(timeZoneId);
        var firstDay = DateOnly.FromDateTime(LabTime.ToLocal(start, timeZoneId).DateTime);
        var lastDay = DateOnly.FromDateTime(LabTime.ToLocal(end, timeZoneId).DateTime);

        var count = 0;
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            var dayStart = LocalClock.ToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
            var dayEnd = LocalClock.ToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            if (dayStart >= start && dayEnd <= end && FrenchHolidays.IsWorkingDay(day, region))
            {
                count++;
            }
        }

        return count;
    }

    public static IReadOnlyList<Obligation> For(CaseClockInput input, DeadlinePolicy policy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(input.Progress);
        ValidatePolicy(policy);
        if (input.ProcessorSlaHours is { } slaHours)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(slaHours, nameof(input.ProcessorSlaHours));
        }

        var now = Utc(nowUtc, nameof(nowUtc));
        DateTime? aware = input.AwareAtUtc is { } a ? Utc(a, nameof(input.AwareAtUtc)) : null;

        ObligationProgress ProgressOf(ObligationKind kind) =>
            input.Progress.TryGetValue(kind, out var p) ? p : NotStarted;

        // RGPD art. 33(1). The strict instant is the due date; the 1182/71 instant is shown beside it, never instead of it.
        DateTime? cnilStrict = null, cnilLatest = null;
        var fewerThanTwoWorkingDays = false;
        if (aware is { } awareAt)
        {
            cnilStrict = Art33Strict(awareAt, policy.Art33Hours);
            cnilLatest = policy.ShowReg1182 ? Art33Reg1182(awareAt, input.TimeZoneId, policy.Art33Hours) : null;
            fewerThanTwoWorkingDays = policy.WorkingDaysFlag
                && WholeWorkingDays(awareAt, cnilStrict.Value, input.TimeZoneId, policy.HolidayRegion) < 2;
        }

        var cnilProgress = ProgressOf(ObligationKind.CnilNotification);
        var cnil = cnilProgress.NotApplicable
            ? NotApplicable(ObligationKind.CnilNotification)
            : Evaluate(ObligationKind.CnilNotification, cnilStrict, cnilProgress, now, cnilLatest, fewerThanTwoWorkingDays);
        var cnilFiledAt = cnil.CompletedAtUtc;

        // RGPD art. 33(4) and the CNIL FAQ: the complementary notification runs from the initial filing, so it has no
        // due instant until the CNIL has been notified. Advisory.
        var complementaryProgress = ProgressOf(ObligationKind.CnilComplementary);
        var complementary = !input.ComplementaryExpected || complementaryProgress.NotApplicable
            ? NotApplicable(ObligationKind.CnilComplementary)
            : Evaluate(ObligationKind.CnilComplementary, cnilFiledAt + TimeSpan.FromHours(policy.ComplementaryHours), complementaryProgress, now);

        // RGPD art. 33(2) sets "sans retard injustifié" and no hours: the clock is the processor contract's SLA, counted
        // from the processor's own awareness. Done when the lab received the notice.
        var processorProgress = ProgressOf(ObligationKind.ProcessorNotice);
        var processor = input.ProcessorSlaHours is not { } sla || input.ProcessorAwareAtUtc is not { } processorAware || processorProgress.NotApplicable
            ? NotApplicable(ObligationKind.ProcessorNotice)
            : Evaluate(
                ObligationKind.ProcessorNotice,
                Utc(processorAware, nameof(input.ProcessorAwareAtUtc)) + TimeSpan.FromHours(sla),
                input.ProcessorNoticeReceivedAtUtc is { } received ? processorProgress with { CompletedAtUtc = received } : processorProgress,
                now);

        // RGPD art. 34(1) "sans retard injustifié" has no number: an internal SLA from the CNIL filing. While nothing is
        // filed (or no filing is made) it runs from the Art. 33 due instant, so the letters always have a clock.
        var subjectProgress = ProgressOf(ObligationKind.SubjectCommunication);
        var subjects = subjectProgress.NotApplicable
            ? NotApplicable(ObligationKind.SubjectCommunication)
            : Evaluate(
                ObligationKind.SubjectCommunication,
                (cnilFiledAt ?? cnilStrict) + TimeSpan.FromHours(policy.SubjectCommunicationSlaHours),
                subjectProgress,
                now);

        // CSP art. L.1111-8-2 "sans délai": due at awareness and shown as due now. No number of hours in the text, so it
        // is never counted overdue or late.
        var healthProgress = ProgressOf(ObligationKind.HealthSectorReport);
        var health = healthProgress.NotApplicable
            ? NotApplicable(ObligationKind.HealthSectorReport)
            : Evaluate(ObligationKind.HealthSectorReport, aware, healthProgress, now, dueImmediately: aware is not null);

        // Directive (UE) 2022/2555 art. 23(4): 24 h and 72 h from awareness of the significant incident, and the final
        // report one month after the incident notification (not after awareness), in calendar months.
        Obligation earlyWarning, incidentNotification, finalReport;
        if (!input.Nis2Applicable)
        {
            earlyWarning = NotApplicable(ObligationKind.Nis2EarlyWarning);
            incidentNotification = NotApplicable(ObligationKind.Nis2IncidentNotification);
            finalReport = NotApplicable(ObligationKind.Nis2FinalReport);
        }
        else
        {
            var earlyProgress = ProgressOf(ObligationKind.Nis2EarlyWarning);
            earlyWarning = earlyProgress.NotApplicable
                ? NotApplicable(ObligationKind.Nis2EarlyWarning)
                : Evaluate(ObligationKind.Nis2EarlyWarning, aware + TimeSpan.FromHours(policy.Nis2EarlyWarningHours), earlyProgress, now);

            var notificationDue = aware + TimeSpan.FromHours(policy.Nis2NotificationHours);
            var notificationProgress = ProgressOf(ObligationKind.Nis2IncidentNotification);
            incidentNotification = notificationProgress.NotApplicable
                ? NotApplicable(ObligationKind.Nis2IncidentNotification)
                : Evaluate(ObligationKind.Nis2IncidentNotification, notificationDue, notificationProgress, now);

            var finalProgress = ProgressOf(ObligationKind.Nis2FinalReport);
            finalReport = finalProgress.NotApplicable
                ? NotApplicable(ObligationKind.Nis2FinalReport)
                : Evaluate(
                    ObligationKind.Nis2FinalReport,
                    (incidentNotification.CompletedAtUtc ?? notificationDue) is { } anchor
                        ? AddCalendarMonthsClamped(anchor, policy.Nis2FinalReportMonths, input.TimeZoneId)
                        : null,
                    finalProgress,
                    now);
        }

        return [cnil, complementary, processor, subjects, health, earlyWarning, incidentNotification, finalReport];
    }

    private static Obligation Evaluate(
        ObligationKind kind,
        DateTime? due,
        ObligationProgress progress,
        DateTime now,
        DateTime? latest = null,
        bool fewerThanTwoWorkingDays = false,
        bool dueImmediately = false)
    {
        // "Sans délai" has no instant after which the report is late: it is shown as due now, never as overdue.
        var countsLateness = !dueImmediately;

        if (progress.CompletedAtUtc is { } completedAt)
        {
            var completed = Utc(completedAt, nameof(progress.CompletedAtUtc));
            var late = countsLateness && due is { } d && IsLate(d, completed);
            return new Obligation(
                kind,
                LegalBasis(kind),
                due,
                dueImmediately,
                latest,
                late ? ObligationStatus.DoneLate : ObligationStatus.DoneOnTime,
                completed,
                late ? completed - due : null,
                null,
                fewerThanTwoWorkingDays);
        }

        if (countsLateness && due is { } overdueAt && now > overdueAt)
        {
            return new Obligation(kind, LegalBasis(kind), due, dueImmediately, latest, ObligationStatus.Overdue, null, now - overdueAt, null, fewerThanTwoWorkingDays);
        }

        var status = progress.StartedAtUtc is null ? ObligationStatus.NotStarted : ObligationStatus.InProgress;
        var remaining = countsLateness ? due - now : null;
        return new Obligation(kind, LegalBasis(kind), due, dueImmediately, latest, status, null, null, remaining, fewerThanTwoWorkingDays);
    }

    // A negative period would put a due instant before the event that starts it.
    private static void ValidatePolicy(DeadlinePolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(policy.Art33Hours, nameof(policy.Art33Hours));
        ArgumentOutOfRangeException.ThrowIfNegative(policy.ComplementaryHours, nameof(policy.ComplementaryHours));
        ArgumentOutOfRangeException.ThrowIfNegative(policy.SubjectCommunicationSlaHours, nameof(policy.SubjectCommunicationSlaHours));
        ArgumentOutOfRangeException.ThrowIfNegative(policy.Nis2EarlyWarningHours, nameof(policy.Nis2EarlyWarningHours));
        ArgumentOutOfRangeException.ThrowIfNegative(policy.Nis2NotificationHours, nameof(policy.Nis2NotificationHours));
        ArgumentOutOfRangeException.ThrowIfNegative(policy.Nis2FinalReportMonths, nameof(policy.Nis2FinalReportMonths));
    }

    private static Obligation NotApplicable(ObligationKind kind) =>
        new(kind, LegalBasis(kind), null, false, null, ObligationStatus.NotApplicable, null, null, null, false);

    // The model stores UTC instants (ADR-0007). An Unspecified kind is read as UTC, as LabTime does; a Local kind would
    // silently depend on the server's zone, so it is refused.
    private static DateTime Utc(DateTime value, string paramName) => value.Kind == DateTimeKind.Local
        ? throw new ArgumentException("Expected a UTC instant.", paramName)
        : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
