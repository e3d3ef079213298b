using Notifier.Core.Import;
using Notifier.Core.Synthetic;

namespace Notifier.Core.Tests.Import;

// Builds one row of the canonical file from a few named values; everything else is a valid synthetic adult.
internal static class Rows
{
    public static readonly DateOnly Today = new(2026, 3, 15);

    public static readonly ColumnMapping Canonical = HeaderMapping.Detect(PatientCsv.Columns);

    public static Dictionary<string, string?> Adult() => new()
    {
        ["lab_patient_id"] = "L01-0000042",
        ["civilite"] = "Mme",
        ["nom"] = "Martin",
        ["prenom"] = "Claire",
        ["sexe"] = "F",
        ["date_naissance"] = "01/06/1980",
        ["adresse1"] = "12 rue des Lilas",
        ["code_postal"] = "29000",
        ["ville"] = "Quimper",
        ["pays"] = "FRANCE",
    };

    public static RowResult Validate(Dictionary<string, string?> values, int line = 2)
    {
        var fields = PatientCsv.Columns.Select(c => values.GetValueOrDefault(c)).ToArray();
        return ImportRow.Validate(line, fields, Canonical, Today);
    }

    public static RowResult With(string column, string? value)
    {
        var values = Adult();
        values[column] = value;
        return Validate(values);
    }
}
