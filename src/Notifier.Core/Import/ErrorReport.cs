using System.Globalization;

namespace Notifier.Core.Import;

// The downloadable error report (issue 4, "Error report"), for French Excel: ';' separator (',' is the decimal
// separator there), RFC 4180 quoting, CRLF. The caller writes the UTF-8 BOM, without which Excel reads accents as ANSI.
// Every cell is defused against formula injection (OWASP "CSV Injection"): a cell starting with = + - @ TAB or CR
// gets a leading apostrophe, which Excel and LibreOffice show as text. Values come from the lab's file, so they are
// hostile by assumption.
public static class ErrorReport
{
    public const string Header = "ligne;identifiant_patient;colonne;regle;gravite;message";

    public static void WriteCsv(TextWriter writer, IEnumerable<RowIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(issues);
        WriteHeader(writer);
        foreach (var issue in issues)
        {
            WriteLine(writer, issue);
        }

        writer.Flush();
    }

    public static void WriteHeader(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Header);
        writer.Write("\r\n");
    }

    public static void WriteLine(TextWriter writer, RowIssue issue)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(issue);
        {
            writer.Write(issue.Line.ToString(CultureInfo.InvariantCulture));
            writer.Write(';');
            writer.Write(Cell(issue.LabPatientId));
            writer.Write(';');
            writer.Write(Cell(issue.Column));
            writer.Write(';');
            writer.Write(Cell(issue.Rule));
            writer.Write(';');
            writer.Write(Cell(SeverityLabel(issue.Severity)));
            writer.Write(';');
            writer.Write(Cell(issue.Message));
            writer.Write("\r\n");
        }
    }

    public static string SeverityLabel(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Error => "rejetée",
        IssueSeverity.Warning => "avertissement",
        IssueSeverity.Review => "à revoir",
    };

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(";\"\r\n") >= 0
            ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
    }
}
