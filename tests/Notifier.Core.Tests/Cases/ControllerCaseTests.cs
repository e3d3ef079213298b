using Notifier.Core.Cases;
using Notifier.Core.Tests.Builders;

namespace Notifier.Core.Tests.Cases;

public sealed class ControllerCaseTests
{
    // regulation.md §0/§2.2: press article on 23 Feb 2021, awareness on 26 Feb 2021 14:25 CET.
    private static readonly DateTime FirstSignal = new(2021, 2, 23, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Aware = new(2021, 2, 26, 13, 25, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2021, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void New_case_is_investigating_without_awareness()
    {
        var c = ControllerCases.New();

        Assert.Equal(CaseStatus.Investigating, c.Status);
        Assert.Null(c.AwareAtUtc);
        Assert.Equal(ControllerCases.CreatedAtUtc, c.CreatedAtUtc);
        Assert.Equal(ControllerCases.CreatedAtUtc, c.UpdatedAtUtc);
        Assert.NotEqual(Guid.Empty, c.ConcurrencyStamp);
    }

    [Fact]
    public void Recording_awareness_moves_an_investigating_case_to_aware()
    {
        var c = ControllerCases.New();

        c.RecordAwareness(Aware, "Fichier confirmé par le sous-traitant");

        Assert.Equal(CaseStatus.Aware, c.Status);
        Assert.Equal(Aware, c.AwareAtUtc);
    }

    [Fact]
    public void Awareness_justification_is_trimmed()
    {
        var c = ControllerCases.New();

        c.RecordAwareness(Aware, "  Confirmation du sous-traitant \n");

        Assert.Equal("Confirmation du sous-traitant", c.AwareJustification);
    }

    [Fact]
    public void Clearing_awareness_moves_an_aware_case_back_to_investigating()
    {
        var c = ControllerCases.New();
        c.RecordAwareness(Aware, "Confirmation");

        c.RecordAwareness(null, "");

        Assert.Equal(CaseStatus.Investigating, c.Status);
        Assert.Null(c.AwareAtUtc);
        Assert.Equal("", c.AwareJustification);
    }

    [Fact]
    public void Correcting_the_awareness_instant_keeps_a_later_status()
    {
        var c = ControllerCases.New();
        c.RecordAwareness(Aware, "Confirmation");
        Assert.True(c.TryChangeStatus(CaseStatus.AuthorityNotified));

        c.RecordAwareness(Aware.AddHours(-2), "Confirmation, heure corrigée");

        Assert.Equal(CaseStatus.AuthorityNotified, c.Status);
        Assert.Equal(Aware.AddHours(-2), c.AwareAtUtc);
    }

    [Fact]
    public void Recording_awareness_on_a_closed_case_does_not_reopen_it()
    {
        var c = ControllerCases.New();
        Assert.True(c.TryChangeStatus(CaseStatus.Closed));

        c.RecordAwareness(Aware, "Confirmation");

        Assert.Equal(CaseStatus.Closed, c.Status);
    }

    [Fact]
    public void No_awareness_instant_means_no_awareness_error()
    {
        Assert.Empty(ControllerCase.AwarenessErrors(null, null, FirstSignal, Now));
        Assert.Empty(ControllerCase.AwarenessErrors(null, "", null, Now));
    }

    [Fact]
    public void Valid_awareness_has_no_error()
    {
        Assert.Empty(ControllerCase.AwarenessErrors(Aware, "Confirmation", FirstSignal, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Awareness_needs_a_justification(string? justification)
    {
        var errors = ControllerCase.AwarenessErrors(Aware, justification, FirstSignal, Now);

        Assert.Equal([CaseRuleErrors.AwarenessNeedsJustification], errors);
    }

    [Fact]
    public void Awareness_in_the_future_is_refused()
    {
        var errors = ControllerCase.AwarenessErrors(Now.AddMinutes(1), "Confirmation", FirstSignal, Now);

        Assert.Equal([CaseRuleErrors.AwarenessInFuture], errors);
    }

    [Fact]
    public void Awareness_exactly_now_is_accepted()
    {
        Assert.Empty(ControllerCase.AwarenessErrors(Now, "Confirmation", FirstSignal, Now));
    }

    [Fact]
    public void Awareness_before_the_first_signal_is_refused()
    {
        var errors = ControllerCase.AwarenessErrors(FirstSignal.AddSeconds(-1), "Confirmation", FirstSignal, Now);

        Assert.Equal([CaseRuleErrors.AwarenessBeforeSignal], errors);
    }

    [Fact]
    public void Awareness_at_the_first_signal_is_accepted()
    {
        // A third party giving evidence makes the controller aware at once (regulation.md §2.2).
        Assert.Empty(ControllerCase.AwarenessErrors(FirstSignal, "Preuve jointe au signalement", FirstSignal, Now));
    }

    [Fact]
    public void Awareness_without_a_recorded_first_signal_is_not_compared_with_it()
    {
        Assert.Empty(ControllerCase.AwarenessErrors(Aware, "Confirmation", null, Now));
    }

    [Fact]
    public void All_awareness_errors_are_reported_together()
    {
        var future = Now.AddDays(1);

        var errors = ControllerCase.AwarenessErrors(future, " ", future.AddDays(1), Now);

        Assert.Equal(
            [CaseRuleErrors.AwarenessNeedsJustification, CaseRuleErrors.AwarenessInFuture, CaseRuleErrors.AwarenessBeforeSignal],
            errors);
    }

    [Theory]
    [InlineData(CaseStatus.Aware)]
    [InlineData(CaseStatus.AuthorityNotified)]
    [InlineData(CaseStatus.SubjectsInformed)]
    public void Status_that_implies_awareness_is_refused_without_an_awareness_instant(CaseStatus status)
    {
        var c = ControllerCases.New();

        Assert.False(c.TryChangeStatus(status));
        Assert.Equal(CaseStatus.Investigating, c.Status);
    }

    [Theory]
    [InlineData(CaseStatus.Aware)]
    [InlineData(CaseStatus.AuthorityNotified)]
    [InlineData(CaseStatus.SubjectsInformed)]
    [InlineData(CaseStatus.Closed)]
    [InlineData(CaseStatus.Investigating)]
    public void Any_status_is_allowed_once_awareness_is_recorded(CaseStatus status)
    {
        var c = ControllerCases.New();
        c.RecordAwareness(Aware, "Confirmation");

        Assert.True(c.TryChangeStatus(status));
        Assert.Equal(status, c.Status);
    }

    [Fact]
    public void Closing_is_allowed_without_awareness()
    {
        // Investigation concluded that no personal data was compromised.
        var c = ControllerCases.New();

        Assert.True(c.TryChangeStatus(CaseStatus.Closed));
        Assert.Equal(CaseStatus.Closed, c.Status);
    }

    [Fact]
    public void Reopening_an_investigation_is_allowed_without_awareness()
    {
        var c = ControllerCases.New();
        Assert.True(c.TryChangeStatus(CaseStatus.Closed));

        Assert.True(c.TryChangeStatus(CaseStatus.Investigating));
        Assert.Equal(CaseStatus.Investigating, c.Status);
    }

    [Fact]
    public void Touch_sets_the_update_time_and_a_new_concurrency_stamp()
    {
        var c = ControllerCases.New();
        var stamp = c.ConcurrencyStamp;

        c.Touch(Now);

        Assert.Equal(Now, c.UpdatedAtUtc);
        Assert.NotEqual(stamp, c.ConcurrencyStamp);
        Assert.NotEqual(Guid.Empty, c.ConcurrencyStamp);
        Assert.Equal(ControllerCases.CreatedAtUtc, c.CreatedAtUtc);
    }

    [Fact]
    public void Every_touch_gives_a_fresh_concurrency_stamp()
    {
        var c = ControllerCases.New();
        var stamps = new HashSet<Guid> { c.ConcurrencyStamp };

        for (var i = 0; i < 10; i++)
        {
            c.Touch(Now.AddMinutes(i));
            Assert.True(stamps.Add(c.ConcurrencyStamp));
        }
    }
}
