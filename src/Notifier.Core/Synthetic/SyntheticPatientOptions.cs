namespace Notifier.Core.Synthetic;

public sealed record SyntheticPatientOptions
{
    // The reference case: 28 labs in Bretagne, Normandie and Centre-Val de Loire (regulation.md §0).
    // The press named the three regions, not the départements, so the default spreads patients over all of them.
    public static IReadOnlyList<string> DefaultDepartments { get; } = Array.AsReadOnly(
    [
        "22", "29", "35", "56",             // Bretagne
        "14", "27", "50", "61", "76",       // Normandie
        "18", "28", "36", "37", "41", "45", // Centre-Val de Loire
    ]);

    // The leaked file was published on 23 February 2021; ages (and so who is a minor) are computed at this date.
    public static readonly DateOnly DefaultReferenceDate = new(2021, 2, 23);

    public int Count { get; init; } = 1_000;

    public int Seed { get; init; } = 20_210_223;

    // Prefix of lab_patient_id, e.g. "L07" gives "L07-0000123".
    public string LabCode { get; init; } = "L01";

    // Where the patients mostly live (metropolitan addresses); each must be one of DefaultDepartments,
    // the only ones with a commune table. A few overseas and foreign addresses are added regardless.
    public IReadOnlyList<string> Departments { get; init; } = DefaultDepartments;

    // Must not precede the last sample date (31 October 2020), so that every patient was born before sampling.
    public DateOnly ReferenceDate { get; init; } = DefaultReferenceDate;
}
