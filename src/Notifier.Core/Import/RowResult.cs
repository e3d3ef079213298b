using Notifier.Core.Subjects;

namespace Notifier.Core.Import;

public enum IssueSeverity
{
    // The row is rejected: nothing of it is stored.
    Error,

    // The row is imported; the DPO is told that a value was dropped or looks wrong.
    Warning,

    // The row is imported but no automatic letter goes out: it waits in the manual-review queue (regulation.md §8).
    Review,
}

// One line of the error report (issue 4, "Error report"). Message is plain French and never quotes a NIR, a health
// field or a full address; Column is a canonical column name (PatientCsv.Columns).
public sealed record RowIssue(int Line, string? LabPatientId, string Column, string Rule, string Message, IssueSeverity Severity);

// The outcome of one row. Payload is null exactly when Rejected. Facts and ReviewReason fill the DataSubject's clear
// workflow columns; Address is the NF Z10-011 block computed from the payload's address fields (null when no address).
public sealed record RowResult
{
    public SubjectPayload? Payload { get; init; }
    public IReadOnlyList<RowIssue> Issues { get; init; } = [];
    public bool Rejected { get; init; }
    public string? LabPatientId { get; init; }
    public SubjectFacts? Facts { get; init; }
    public AddressResult? Address { get; init; }
    public ReviewReason ReviewReason { get; init; }
    public bool NeedsReview => !Rejected && Issues.Any(i => i.Severity == IssueSeverity.Review);
}
