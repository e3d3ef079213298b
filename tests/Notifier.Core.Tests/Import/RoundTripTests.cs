using Notifier.Core.Import;
using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;

namespace Notifier.Core.Tests.Import;

public sealed class RoundTripTests
{
    [Fact]
    public void Five_thousand_synthetic_rows_written_as_csv_all_import()
    {
        var options = new SyntheticPatientOptions { Count = 5_000, Seed = 4 };
        var patients = SyntheticPatients.Generate(options).ToList();
        using var writer = new StringWriter();
        PatientCsv.Write(writer, patients);

        var records = SplitCsv(writer.ToString());
        var mapping = HeaderMapping.Detect(records[0].Select(h => h ?? "").ToArray());
        Assert.True(mapping.IsValid);
        Assert.Equal(patients.Count + 1, records.Count);

        var minors = 0;
        var reviewedOppositions = 0;
        for (var i = 0; i < patients.Count; i++)
        {
            var expected = patients[i];
            var result = ImportRow.Validate(i + 2, records[i + 1], mapping, options.ReferenceDate);

            Assert.False(result.Rejected, string.Join(" | ", result.Issues.Select(x => x.Message)));
            Assert.DoesNotContain(result.Issues, x => x.Rule.StartsWith("nir", StringComparison.Ordinal) || x.Rule is "email_syntaxe" or "telephone_format" or "sexe_inconnu");
            var p = result.Payload!;
            Assert.Equal(expected.LastName, p.LastName);
            Assert.Equal(expected.FirstName, p.FirstName);
            Assert.Equal(expected.BirthName, p.BirthName);
            Assert.Equal(expected.BirthDate, p.BirthDate);
            Assert.Equal(expected.Nir, p.Nir);
            Assert.Equal(expected.Comment, p.Comment);
            Assert.Equal(expected.ParentalOpposition, p.ParentalOpposition);
            Assert.StartsWith("+", p.Phone ?? "+", StringComparison.Ordinal);

            var isMinor = SubjectRules.AgeAt(expected.BirthDate, options.ReferenceDate) < 18;
            Assert.Equal(isMinor, result.Facts!.IsMinor);
            if (isMinor)
            {
                minors++;
            }

            if (isMinor && expected.ParentalOpposition)
            {
                reviewedOppositions++;
                Assert.Equal(ReviewReason.MinorConfidentialCare, result.ReviewReason);
            }
        }

        Assert.InRange(minors, 500, 1_000);
        Assert.True(reviewedOppositions > 0);
    }

    // A deliberately simple RFC 4180 splitter (the real reader is the import job's): ';', quotes, CRLF.
    private static List<string?[]> SplitCsv(string text)
    {
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }
}
