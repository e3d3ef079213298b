using Notifier.Core.Import;

namespace Notifier.Core.Tests.Import;

public sealed class ErrorReportTests
{
    private static string Write(params RowIssue[] issues)
    {
        using var writer = new StringWriter();
        ErrorReport.WriteCsv(writer, issues);
        return writer.ToString();
    }

    [Fact]
    public void The_report_has_the_french_excel_header_and_crlf_rows()
    {
        var csv = Write(new RowIssue(12, "L01-1", "code_postal", "adresse_nf_z10_011", "code postal 2900 : 5 chiffres attendus", IssueSeverity.Review));

        Assert.Equal(
            "ligne;identifiant_patient;colonne;regle;gravite;message\r\n12;L01-1;code_postal;adresse_nf_z10_011;à revoir;code postal 2900 : 5 chiffres attendus\r\n",
            csv);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+33", "'+33")]
    [InlineData("-2", "'-2")]
    [InlineData("\tx", "'\tx")]
    [InlineData("<script>alert(1)</script>", "<script>alert(1)</script>")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Cells_are_defused_against_formula_injection_and_quoted(string labId, string cell)
    {
        var csv = Write(new RowIssue(3, labId, "nom", "obligatoire", "nom absent", IssueSeverity.Error));

        var row = csv.Split("\r\n")[1];
        Assert.StartsWith("3;" + cell + ";nom;", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_values_stored_verbatim_are_neutralised_in_the_report()
    {
        var values = Rows.Adult();
        values["lab_patient_id"] = "=HYPERLINK(\"http://x\")";
        values["civilite"] = "@SUM(A1)";
        values["prenom"] = null;
        var result = Rows.Validate(values);

        var csv = Write([.. result.Issues]);

        Assert.DoesNotContain(";=", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(";@", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\"=", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void Severities_have_french_labels()
    {
        Assert.Equal("rejetée", ErrorReport.SeverityLabel(IssueSeverity.Error));
        Assert.Equal("avertissement", ErrorReport.SeverityLabel(IssueSeverity.Warning));
        Assert.Equal("à revoir", ErrorReport.SeverityLabel(IssueSeverity.Review));
    }
}
