using Notifier.Core.Deadlines;
using Clock = Notifier.Core.Deadlines.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

// Deadlines.For: one obligation per kind, with its due instant and its status at `now`.
public sealed class ObligationsTests
{
    private const string Paris = "Europe/Paris";

    // Example 1 of regulation.md §3.3: Fri 26 Feb 2021 14:25 CET. Strict due Mon 1 Mar 13:25 UTC; 1182 reading 14:00 UTC.
    private static readonly DateTime Aware = Utc(2021, 2, 26, 13, 25);
    private static readonly DateTime CnilDue = Utc(2021, 3, 1, 13, 25);
    private static readonly DateTime ProcessorAware = Utc(2021, 2, 25, 8, 0);

    private static readonly DeadlinePolicy Policy = new();

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static Dictionary<ObligationKind, ObligationProgress> Progress(params (ObligationKind Kind, ObligationProgress Progress)[] items) =>
        items.ToDictionary(i => i.Kind, i => i.Progress);

    private static CaseClockInput Input(DateTime? aware = null, params (ObligationKind Kind, ObligationProgress Progress)[] progress) =>
        new(aware ?? Aware, Paris, null, null, null, Nis2Applicable: false, ComplementaryExpected: false, Progress(progress));

    // Every regime switched on, with a processor on a 24 h contractual SLA.
    private static CaseClockInput Full(params (ObligationKind Kind, ObligationProgress Progress)[] progress) =>
        new(Aware, Paris, ProcessorAware, null, 24, Nis2Applicable: true, ComplementaryExpected: true, Progress(progress));

    private static Obligation Get(CaseClockInput input, ObligationKind kind, DateTime now, DeadlinePolicy? policy = null) =>
        Clock.For(input, policy ?? Policy, now).Single(o => o.Kind == kind);

    private static ObligationProgress Started(DateTime at) => new(at, null);

    private static ObligationProgress Done(DateTime at) => new(null, at);

    // ---- Shape ----

    [Fact]
    public void All_eight_kinds_come_back_once_in_enum_order()
    {
        var kinds = Clock.For(Input(), Policy, Aware).Select(o => o.Kind);

        Assert.Equal(Enum.GetValues<ObligationKind>(), kinds);
    }

    [Theory]
    [InlineData(ObligationKind.CnilNotification, "RGPD art. 33(1)")]
    [InlineData(ObligationKind.CnilComplementary, "RGPD art. 33(4) ; FAQ CNIL (notification en deux temps)")]
    [InlineData(ObligationKind.ProcessorNotice, "RGPD art. 33(2) (délai contractuel)")]
    [InlineData(ObligationKind.SubjectCommunication, "RGPD art. 34(1) (délai interne : sans retard injustifié)")]
    [InlineData(ObligationKind.HealthSectorReport, "CSP art. L.1111-8-2 (sans délai)")]
    [InlineData(ObligationKind.Nis2EarlyWarning, "Directive (UE) 2022/2555 art. 23(4)(a)")]
    [InlineData(ObligationKind.Nis2IncidentNotification, "Directive (UE) 2022/2555 art. 23(4)(b)")]
    [InlineData(ObligationKind.Nis2FinalReport, "Directive (UE) 2022/2555 art. 23(4)(d)")]
    public void Every_obligation_carries_its_French_legal_basis(ObligationKind kind, string basis)
    {
        Assert.Equal(basis, Get(Full(), kind, Aware).LegalBasis);
        Assert.Equal(basis, Get(Input(), kind, Aware).LegalBasis);
        Assert.Equal(basis, Clock.LegalBasis(kind));
    }

    [Fact]
    public void Nis2_kinds_are_not_applicable_unless_the_regime_applies_even_with_recorded_progress()
    {
        var input = Input(null, (ObligationKind.Nis2EarlyWarning, Done(Aware)), (ObligationKind.Nis2FinalReport, Started(Aware)));

        var nis2 = Clock.For(input, Policy, CnilDue.AddDays(60))
            .Where(o => o.Kind is ObligationKind.Nis2EarlyWarning or ObligationKind.Nis2IncidentNotification or ObligationKind.Nis2FinalReport)
            .ToList();

        Assert.Equal(3, nis2.Count);
        Assert.All(nis2, AssertNotApplicable);
    }

    [Fact]
    public void A_not_applicable_decision_wins_over_recorded_instants()
    {
        var input = Input(null, (ObligationKind.CnilNotification, new ObligationProgress(Aware, CnilDue.AddDays(3), NotApplicable: true)));

        AssertNotApplicable(Get(input, ObligationKind.CnilNotification, CnilDue.AddDays(10)));
    }

    private static void AssertNotApplicable(Obligation o)
    {
        Assert.Equal(ObligationStatus.NotApplicable, o.Status);
        Assert.Null(o.DueUtc);
        Assert.False(o.DueImmediately);
        Assert.Null(o.LatestUtc);
        Assert.Null(o.CompletedAtUtc);
        Assert.Null(o.Lateness);
        Assert.Null(o.Remaining);
        Assert.False(o.FewerThanTwoWorkingDays);
    }

    // ---- Status transitions, for every kind that has a due instant ----

    public static TheoryData<ObligationKind> ClockedKinds =>
    [
        ObligationKind.CnilNotification,
        ObligationKind.CnilComplementary,
        ObligationKind.ProcessorNotice,
        ObligationKind.SubjectCommunication,
        ObligationKind.Nis2EarlyWarning,
        ObligationKind.Nis2IncidentNotification,
        ObligationKind.Nis2FinalReport,
    ];

    // An input in which `kind` has a due instant, with `own` as its progress, and that due instant.
    private static (CaseClockInput Input, DateTime Due) Scenario(ObligationKind kind, ObligationProgress? own = null)
    {
        // The complementary clock runs only once the CNIL has been notified.
        var cnilFiled = Utc(2021, 2, 27, 9, 0);
        var progress = new List<(ObligationKind, ObligationProgress)>();
        if (kind == ObligationKind.CnilComplementary)
        {
            progress.Add((ObligationKind.CnilNotification, Done(cnilFiled)));
        }

        if (own is not null)
        {
            progress.Add((kind, own));
        }

        var due = kind switch
        {
            ObligationKind.CnilNotification => CnilDue,
            ObligationKind.CnilComplementary => cnilFiled.AddHours(72),
            ObligationKind.ProcessorNotice => ProcessorAware.AddHours(24),
            ObligationKind.SubjectCommunication => CnilDue.AddHours(72),
            ObligationKind.Nis2EarlyWarning => Aware.AddHours(24),
            ObligationKind.Nis2IncidentNotification => Aware.AddHours(72),
            // Incident notification due Mon 1 Mar 14:25 CET; one calendar month later is Thu 1 Apr 14:25 CEST.
            ObligationKind.Nis2FinalReport => Utc(2021, 4, 1, 12, 25),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        return (Full([.. progress]), due);
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void Without_progress_a_clock_is_not_started_with_the_time_remaining(ObligationKind kind)
    {
        var (input, due) = Scenario(kind);

        var o = Get(input, kind, due.AddHours(-1));

        Assert.Equal(due, o.DueUtc);
        Assert.Equal(ObligationStatus.NotStarted, o.Status);
        Assert.Equal(TimeSpan.FromHours(1), o.Remaining);
        Assert.Null(o.Lateness);
        Assert.Null(o.CompletedAtUtc);
        Assert.False(o.DueImmediately);
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void Once_started_a_clock_is_in_progress_until_its_due_instant(ObligationKind kind)
    {
        var (input, due) = Scenario(kind, Started(Aware));

        var before = Get(input, kind, due.AddMinutes(-30));
        var atDue = Get(input, kind, due);

        Assert.Equal(ObligationStatus.InProgress, before.Status);
        Assert.Equal(TimeSpan.FromMinutes(30), before.Remaining);
        Assert.Equal(ObligationStatus.InProgress, atDue.Status);
        Assert.Equal(TimeSpan.Zero, atDue.Remaining);
        Assert.Null(atDue.Lateness);
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void An_open_clock_past_its_due_instant_is_overdue_by_the_time_elapsed_since(ObligationKind kind)
    {
        var (notStarted, due) = Scenario(kind);
        var (started, _) = Scenario(kind, Started(Aware));

        foreach (var input in new[] { notStarted, started })
        {
            var o = Get(input, kind, due.AddMinutes(90));

            Assert.Equal(ObligationStatus.Overdue, o.Status);
            Assert.Equal(TimeSpan.FromMinutes(90), o.Lateness);
            Assert.Null(o.Remaining);
            Assert.Null(o.CompletedAtUtc);
        }
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void Completing_at_the_due_instant_is_on_time(ObligationKind kind)
    {
        var (_, due) = Scenario(kind);
        var (input, _) = Scenario(kind, new ObligationProgress(Aware, due));

        var o = Get(input, kind, due.AddDays(10));

        Assert.Equal(ObligationStatus.DoneOnTime, o.Status);
        Assert.Equal(due, o.CompletedAtUtc);
        Assert.Null(o.Lateness);
        Assert.Null(o.Remaining);
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void Completing_one_second_after_the_due_instant_is_late_by_one_second(ObligationKind kind)
    {
        var (_, due) = Scenario(kind);
        var (input, _) = Scenario(kind, Done(due.AddSeconds(1)));

        // Status is the same before and after the completion is recorded: `now` no longer matters.
        foreach (var now in new[] { due.AddSeconds(1), due.AddDays(40) })
        {
            var o = Get(input, kind, now);

            Assert.Equal(ObligationStatus.DoneLate, o.Status);
            Assert.Equal(TimeSpan.FromSeconds(1), o.Lateness);
            Assert.Null(o.Remaining);
        }
    }

    [Theory]
    [MemberData(nameof(ClockedKinds))]
    public void A_not_applicable_flag_makes_any_clock_not_applicable(ObligationKind kind)
    {
        var (input, due) = Scenario(kind, new ObligationProgress(Aware, null, NotApplicable: true));

        AssertNotApplicable(Get(input, kind, due.AddDays(1)));
    }

    // ---- CNIL notification (RGPD art. 33(1)) ----

    [Fact]
    public void Cnil_is_due_72_elapsed_hours_after_awareness_with_the_1182_reading_as_latest()
    {
        var o = Get(Input(), ObligationKind.CnilNotification, Aware);

        Assert.Equal(CnilDue, o.DueUtc);
        Assert.Equal(Utc(2021, 3, 1, 14, 0), o.LatestUtc);
        Assert.Equal(TimeSpan.FromHours(72), o.Remaining);
    }

    [Fact]
    public void Cnil_latest_instant_is_hidden_when_the_1182_option_is_off()
    {
        var o = Get(Input(), ObligationKind.CnilNotification, Aware, Policy with { ShowReg1182 = false });

        Assert.Equal(CnilDue, o.DueUtc);
        Assert.Null(o.LatestUtc);
    }

    [Fact]
    public void Cnil_filed_within_the_1182_reading_but_after_the_strict_due_is_still_late()
    {
        // The 1182 instant is display-only: filing at 13:45 UTC on Monday is before it (14:00) and 20 minutes late.
        var o = Get(Input(null, (ObligationKind.CnilNotification, Done(Utc(2021, 3, 1, 13, 45)))), ObligationKind.CnilNotification, CnilDue.AddDays(1));

        Assert.Equal(ObligationStatus.DoneLate, o.Status);
        Assert.Equal(TimeSpan.FromMinutes(20), o.Lateness);
    }

    [Fact]
    public void Cnil_uses_the_configured_number_of_hours_for_both_readings()
    {
        var o = Get(Input(), ObligationKind.CnilNotification, Aware, Policy with { Art33Hours = 48 });

        Assert.Equal(Utc(2021, 2, 28, 13, 25), o.DueUtc);
        Assert.Equal(Utc(2021, 2, 28, 14, 0), o.LatestUtc);
    }

    [Fact]
    public void Without_awareness_the_cnil_clock_has_no_due_instant_and_is_never_overdue()
    {
        var noAwareness = Input() with { AwareAtUtc = null };
        var started = noAwareness with { Progress = Progress((ObligationKind.CnilNotification, Started(Aware))) };
        var farFuture = Utc(2030, 1, 1, 0, 0);

        var open = Get(noAwareness, ObligationKind.CnilNotification, farFuture);
        var inProgress = Get(started, ObligationKind.CnilNotification, farFuture);

        Assert.Null(open.DueUtc);
        Assert.Null(open.LatestUtc);
        Assert.Null(open.Remaining);
        Assert.Null(open.Lateness);
        Assert.Equal(ObligationStatus.NotStarted, open.Status);
        Assert.Equal(ObligationStatus.InProgress, inProgress.Status);
    }

    [Fact]
    public void A_filing_recorded_without_awareness_counts_as_on_time()
    {
        var input = Input() with { AwareAtUtc = null, Progress = Progress((ObligationKind.CnilNotification, Done(CnilDue))) };

        var o = Get(input, ObligationKind.CnilNotification, CnilDue);

        Assert.Equal(ObligationStatus.DoneOnTime, o.Status);
        Assert.Equal(CnilDue, o.CompletedAtUtc);
        Assert.Null(o.DueUtc);
    }

    [Fact]
    public void Filing_at_the_due_instant_is_not_late_and_one_tick_after_is()
    {
        Assert.False(Clock.IsLate(CnilDue, CnilDue));
        Assert.False(Clock.IsLate(CnilDue, CnilDue.AddTicks(-1)));
        Assert.True(Clock.IsLate(CnilDue, CnilDue.AddTicks(1)));
    }

    // ---- Complementary notification (RGPD art. 33(4); CNIL FAQ, advisory) ----

    [Fact]
    public void Complementary_is_not_applicable_when_nothing_is_missing_after_the_initial_filing()
    {
        var input = Full() with { ComplementaryExpected = false };

        AssertNotApplicable(Get(input, ObligationKind.CnilComplementary, Aware));
    }

    [Fact]
    public void Complementary_has_no_due_instant_before_the_initial_filing()
    {
        var o = Get(Full(), ObligationKind.CnilComplementary, CnilDue.AddDays(30));

        Assert.Null(o.DueUtc);
        Assert.Equal(ObligationStatus.NotStarted, o.Status);
        Assert.Null(o.Remaining);
        Assert.Null(o.Lateness);
    }

    [Fact]
    public void Complementary_is_due_the_configured_hours_after_the_initial_filing_even_a_late_one()
    {
        var lateFiling = CnilDue.AddHours(5);
        var input = Full((ObligationKind.CnilNotification, Done(lateFiling)));

        Assert.Equal(lateFiling.AddHours(72), Get(input, ObligationKind.CnilComplementary, lateFiling).DueUtc);
        Assert.Equal(lateFiling.AddHours(24), Get(input, ObligationKind.CnilComplementary, lateFiling, Policy with { ComplementaryHours = 24 }).DueUtc);
    }

    // ---- Processor notice (RGPD art. 33(2), contractual SLA) ----

    [Fact]
    public void Processor_notice_is_not_applicable_without_a_contractual_SLA()
    {
        AssertNotApplicable(Get(Full() with { ProcessorSlaHours = null }, ObligationKind.ProcessorNotice, Aware));
    }

    [Fact]
    public void Processor_notice_is_not_applicable_until_the_processor_awareness_is_known()
    {
        AssertNotApplicable(Get(Full() with { ProcessorAwareAtUtc = null }, ObligationKind.ProcessorNotice, Aware));
    }

    [Fact]
    public void Processor_notice_is_due_the_SLA_after_the_processor_became_aware()
    {
        var o = Get(Full() with { ProcessorSlaHours = 48 }, ObligationKind.ProcessorNotice, ProcessorAware);

        Assert.Equal(ProcessorAware.AddHours(48), o.DueUtc);
        Assert.Null(o.LatestUtc);
    }

    [Fact]
    public void Processor_notice_received_within_the_SLA_is_done_on_time()
    {
        var received = ProcessorAware.AddHours(20);

        var o = Get(Full() with { ProcessorNoticeReceivedAtUtc = received }, ObligationKind.ProcessorNotice, Aware);

        Assert.Equal(ObligationStatus.DoneOnTime, o.Status);
        Assert.Equal(received, o.CompletedAtUtc);
    }

    [Fact]
    public void Processor_notice_received_after_the_SLA_is_done_late_by_the_excess()
    {
        var o = Get(Full() with { ProcessorNoticeReceivedAtUtc = ProcessorAware.AddHours(27) }, ObligationKind.ProcessorNotice, Aware);

        Assert.Equal(ObligationStatus.DoneLate, o.Status);
        Assert.Equal(TimeSpan.FromHours(3), o.Lateness);
    }

    [Fact]
    public void The_received_notice_instant_takes_precedence_over_recorded_progress()
    {
        var received = ProcessorAware.AddHours(30);
        var recorded = Full((ObligationKind.ProcessorNotice, new ObligationProgress(ProcessorAware, ProcessorAware.AddHours(2))));
        var input = recorded with { ProcessorNoticeReceivedAtUtc = received };

        var o = Get(input, ObligationKind.ProcessorNotice, Aware);

        Assert.Equal(received, o.CompletedAtUtc);
        Assert.Equal(ObligationStatus.DoneLate, o.Status);
        Assert.Equal(TimeSpan.FromHours(6), o.Lateness);
    }

    // ---- Communication to data subjects (RGPD art. 34(1), internal SLA) ----

    [Fact]
    public void Subject_communication_runs_from_the_strict_cnil_due_instant_while_nothing_is_filed()
    {
        Assert.Equal(CnilDue.AddHours(72), Get(Input(), ObligationKind.SubjectCommunication, Aware).DueUtc);
        Assert.Equal(CnilDue.AddHours(10), Get(Input(), ObligationKind.SubjectCommunication, Aware, Policy with { SubjectCommunicationSlaHours = 10 }).DueUtc);
    }

    [Fact]
    public void Subject_communication_runs_from_the_actual_cnil_filing_once_filed()
    {
        var early = Aware.AddHours(6);
        var late = CnilDue.AddHours(6);

        Assert.Equal(early.AddHours(72), Get(Input(null, (ObligationKind.CnilNotification, Done(early))), ObligationKind.SubjectCommunication, Aware).DueUtc);
        Assert.Equal(late.AddHours(72), Get(Input(null, (ObligationKind.CnilNotification, Done(late))), ObligationKind.SubjectCommunication, Aware).DueUtc);
    }

    [Fact]
    public void Subject_communication_still_has_a_due_instant_when_no_cnil_notification_is_made()
    {
        // No CNIL filing (decision recorded as not applicable): the SLA runs from the Art. 33 instant, not from nothing.
        var input = Input(null, (ObligationKind.CnilNotification, new ObligationProgress(null, Aware.AddHours(1), NotApplicable: true)));

        Assert.Equal(CnilDue.AddHours(72), Get(input, ObligationKind.SubjectCommunication, Aware).DueUtc);
    }

    [Fact]
    public void Subject_communication_has_no_due_instant_without_awareness()
    {
        var o = Get(Input() with { AwareAtUtc = null }, ObligationKind.SubjectCommunication, Aware.AddDays(30));

        Assert.Null(o.DueUtc);
        Assert.Equal(ObligationStatus.NotStarted, o.Status);
    }

    // ---- Health-sector report (CSP art. L.1111-8-2, "sans délai") ----

    [Fact]
    public void Health_report_is_due_now_from_the_moment_of_awareness()
    {
        var o = Get(Input(), ObligationKind.HealthSectorReport, Aware.AddMinutes(5));

        Assert.True(o.DueImmediately);
        Assert.Equal(Aware, o.DueUtc);
        Assert.Equal(ObligationStatus.NotStarted, o.Status);
        Assert.Null(o.Remaining);
        Assert.Null(o.Lateness);
        Assert.Null(o.LatestUtc);
    }

    [Fact]
    public void Health_report_is_never_overdue_because_the_law_gives_no_number_of_hours()
    {
        var later = Aware.AddDays(30);

        var open = Get(Input(), ObligationKind.HealthSectorReport, later);
        var started = Get(Input(null, (ObligationKind.HealthSectorReport, Started(Aware.AddDays(2)))), ObligationKind.HealthSectorReport, later);

        Assert.Equal(ObligationStatus.NotStarted, open.Status);
        Assert.Null(open.Lateness);
        Assert.Equal(ObligationStatus.InProgress, started.Status);
        Assert.Null(started.Lateness);
    }

    [Fact]
    public void Health_report_filed_days_after_awareness_is_never_counted_late()
    {
        var filed = Aware.AddDays(9);

        var o = Get(Input(null, (ObligationKind.HealthSectorReport, Done(filed))), ObligationKind.HealthSectorReport, filed);

        Assert.Equal(ObligationStatus.DoneOnTime, o.Status);
        Assert.Equal(filed, o.CompletedAtUtc);
        Assert.Null(o.Lateness);
        Assert.True(o.DueImmediately);
    }

    [Fact]
    public void Health_report_is_not_due_before_awareness()
    {
        var o = Get(Input() with { AwareAtUtc = null }, ObligationKind.HealthSectorReport, Aware);

        Assert.False(o.DueImmediately);
        Assert.Null(o.DueUtc);
        Assert.Equal(ObligationStatus.NotStarted, o.Status);
    }

    [Fact]
    public void Health_report_can_be_marked_not_applicable()
    {
        var input = Input(null, (ObligationKind.HealthSectorReport, new ObligationProgress(null, null, NotApplicable: true)));

        AssertNotApplicable(Get(input, ObligationKind.HealthSectorReport, Aware));
    }

    // ---- NIS2 (Directive (UE) 2022/2555 art. 23(4)) ----

    [Fact]
    public void Nis2_early_warning_and_notification_run_24_and_72_hours_from_awareness()
    {
        var all = Clock.For(Full(), Policy, Aware);

        Assert.Equal(Aware.AddHours(24), all.Single(o => o.Kind == ObligationKind.Nis2EarlyWarning).DueUtc);
        Assert.Equal(Aware.AddHours(72), all.Single(o => o.Kind == ObligationKind.Nis2IncidentNotification).DueUtc);
    }

    [Fact]
    public void Nis2_final_report_is_one_local_calendar_month_after_the_notification_due_instant_across_the_spring_change()
    {
        // Notification due Mon 1 Mar 2021 14:25 CET → final report Thu 1 Apr 2021 14:25 CEST (12:25 UTC).
        var o = Get(Full(), ObligationKind.Nis2FinalReport, Aware);

        Assert.Equal(Utc(2021, 4, 1, 12, 25), o.DueUtc);
        Assert.Equal(new DateTime(2021, 4, 1, 14, 25, 0), LabTime.ToLocal(o.DueUtc!.Value, Paris).DateTime);
    }

    [Fact]
    public void Nis2_final_report_runs_from_the_actual_notification_and_clamps_to_month_end()
    {
        // Aware Mon 29 Jan 2024 10:00 CET; notification filed Wed 31 Jan 10:00 CET → final report Thu 29 Feb 2024 10:00 CET.
        var input = Full((ObligationKind.Nis2IncidentNotification, Done(Utc(2024, 1, 31, 9, 0)))) with { AwareAtUtc = Utc(2024, 1, 29, 9, 0) };

        Assert.Equal(Utc(2024, 2, 29, 9, 0), Get(input, ObligationKind.Nis2FinalReport, Utc(2024, 2, 1, 0, 0)).DueUtc);
    }

    [Fact]
    public void Nis2_uses_the_configured_hours_and_months()
    {
        var policy = Policy with { Nis2EarlyWarningHours = 12, Nis2NotificationHours = 48, Nis2FinalReportMonths = 2 };

        var all = Clock.For(Full(), policy, Aware);

        Assert.Equal(Aware.AddHours(12), all.Single(o => o.Kind == ObligationKind.Nis2EarlyWarning).DueUtc);
        Assert.Equal(Aware.AddHours(48), all.Single(o => o.Kind == ObligationKind.Nis2IncidentNotification).DueUtc);
        // Notification due Sun 28 Feb 14:25 CET → + 2 months = Wed 28 Apr 14:25 CEST.
        Assert.Equal(Utc(2021, 4, 28, 12, 25), all.Single(o => o.Kind == ObligationKind.Nis2FinalReport).DueUtc);
    }

    [Fact]
    public void Nis2_clocks_have_no_due_instant_without_awareness()
    {
        var nis2 = Clock.For(Full() with { AwareAtUtc = null }, Policy, Aware)
            .Where(o => o.Kind is ObligationKind.Nis2EarlyWarning or ObligationKind.Nis2IncidentNotification or ObligationKind.Nis2FinalReport);

        Assert.All(nis2, o =>
        {
            Assert.Null(o.DueUtc);
            Assert.Equal(ObligationStatus.NotStarted, o.Status);
        });
    }

    [Fact]
    public void Nis2_early_warning_can_be_overdue_while_the_cnil_clock_still_runs()
    {
        var all = Clock.For(Full(), Policy, Aware.AddHours(30));

        Assert.Equal(ObligationStatus.Overdue, all.Single(o => o.Kind == ObligationKind.Nis2EarlyWarning).Status);
        Assert.Equal(TimeSpan.FromHours(6), all.Single(o => o.Kind == ObligationKind.Nis2EarlyWarning).Lateness);
        Assert.Equal(ObligationStatus.NotStarted, all.Single(o => o.Kind == ObligationKind.CnilNotification).Status);
        Assert.Equal(TimeSpan.FromHours(42), all.Single(o => o.Kind == ObligationKind.CnilNotification).Remaining);
    }

    // ---- Input validation ----

    [Fact]
    public void Local_kind_instants_are_refused()
    {
        var local = new DateTime(2021, 2, 26, 14, 25, 0, DateTimeKind.Local);

        Assert.Throws<ArgumentException>(() => Clock.For(Input() with { AwareAtUtc = local }, Policy, Aware));
        Assert.Throws<ArgumentException>(() => Clock.For(Input(), Policy, local));
    }

    [Fact]
    public void Negative_periods_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.For(Input(), Policy with { Art33Hours = -1 }, Aware));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.For(Input(), Policy with { Nis2FinalReportMonths = -1 }, Aware));
        Assert.Throws<ArgumentOutOfRangeException>(() => Clock.For(Full() with { ProcessorSlaHours = -24 }, Policy, Aware));
    }
}
