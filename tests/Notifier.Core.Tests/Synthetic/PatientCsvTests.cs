using System.Globalization;
using System.Text;
using Notifier.Core.Synthetic;

namespace Notifier.Core.Tests.Synthetic;

public sealed class PatientCsvTests
{
    private static readonly SyntheticPatient Sample = new(
        "L07-0000123", "Mme", "Le Guen", "Lefèvre", "Hélène", "F", new DateOnly(2006, 3, 9), "255081416802538",
        "3 bis avenue Jean Jaurès", "Appartement 12", null, "35000", "Rennes", "FRANCE", "06 12 34 56 78",
        "helene.leguen@example.org", "O-", "Dr Martine Le Bihan", "Mutuelle des Pins",
        "Patiente à jeun ; dit \"urgent\"\r\nrappeler le prescripteur", null, null, new DateOnly(2020, 10, 31), true);

    [Fact]
    public void Columns_are_the_canonical_import_columns()
    {
        Assert.Equal(
            [
                "lab_patient_id", "civilite", "nom", "nom_naissance", "prenom", "sexe", "date_naissance", "nir",
                "adresse1", "adresse2", "adresse3", "code_postal", "ville", "pays", "telephone", "email",
                "groupe_sanguin", "medecin_traitant", "mutuelle", "commentaire", "traitements", "pathologies",
                "date_prelevement", "opposition_parents",
            ],
            PatientCsv.Columns);
    }

    [Fact]
    public void Header_equals_the_columns_joined_by_semicolons()
    {
        var text = WriteToString([]);

        Assert.Equal(string.Join(';', PatientCsv.Columns) + "\r\n", text);
    }

    [Fact]
    public void A_value_with_a_semicolon_a_quote_and_a_newline_is_quoted_and_round_trips()
    {
        var text = WriteToString([Sample]);

        Assert.Contains(";\"Patiente à jeun ; dit \"\"urgent\"\"\r\nrappeler le prescripteur\";", text, StringComparison.Ordinal);
        var rows = TinyCsv.Parse(text);
        Assert.Equal(2, rows.Count);
        Assert.Equal(Sample.Comment, rows[1][PatientCsv.Columns.ToList().IndexOf("commentaire")]);
    }

    [Fact]
    public void A_row_is_written_in_column_order_with_french_dates_and_oui()
    {
        var rows = TinyCsv.Parse(WriteToString([Sample]));

        Assert.Equal(
            [
                "L07-0000123", "Mme", "Le Guen", "Lefèvre", "Hélène", "F", "09/03/2006", "255081416802538",
                "3 bis avenue Jean Jaurès", "Appartement 12", "", "35000", "Rennes", "FRANCE", "06 12 34 56 78",
                "helene.leguen@example.org", "O-", "Dr Martine Le Bihan", "Mutuelle des Pins", Sample.Comment!, "", "",
                "31/10/2020", "oui",
            ],
            rows[1]);
    }

    [Fact]
    public void No_opposition_is_written_as_an_empty_field()
    {
        var rows = TinyCsv.Parse(WriteToString([Sample with { ParentalOpposition = false }]));

        Assert.Equal("", rows[1][^1]);
    }

    [Fact]
    public void Every_line_ends_with_crlf()
    {
        var text = WriteToString([Sample with { Comment = "sans retour" }, Sample with { Comment = null }]);

        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split("\r\n").Length - 1);
        Assert.DoesNotContain('\n', text.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Generated_rows_round_trip_through_a_parser()
    {
        var patients = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 5_000, Seed = 99 }).ToList();

        var rows = TinyCsv.Parse(WriteToString(patients));

        Assert.Equal(patients.Count + 1, rows.Count);
        for (var i = 0; i < patients.Count; i++)
        {
            Assert.Equal(Expected(patients[i]), rows[i + 1]);
        }

        // The data set exercises the quoting: some generated comments contain ';', '"' or a line break.
        Assert.Contains(patients, p => p.Comment is { } c && c.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(patients, p => p.Comment is { } c && c.Contains('"', StringComparison.Ordinal));
    }

    [Fact]
    public void WriteFile_starts_with_the_utf8_byte_order_mark_and_holds_the_same_text()
    {
        var path = Path.Combine(Path.GetTempPath(), $"notifier-patients-{Guid.NewGuid():N}.csv");
        try
        {
            PatientCsv.WriteFile(path, [Sample]);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            Assert.Equal(WriteToString([Sample]), new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Write_leaves_the_writer_open()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);

        PatientCsv.Write(writer, [Sample]);
        writer.Write("end");

        Assert.EndsWith("\r\nend", writer.ToString(), StringComparison.Ordinal);
    }

    private static string WriteToString(IEnumerable<SyntheticPatient> patients)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        PatientCsv.Write(writer, patients);
        return writer.ToString();
    }

    private static string[] Expected(SyntheticPatient p) =>
    [
        p.LabPatientId, p.Civility, p.LastName, p.BirthName ?? "", p.FirstName, p.Sex,
        p.BirthDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), p.Nir ?? "",
        p.AddressLine1, p.AddressLine2 ?? "", p.AddressLine3 ?? "", p.PostalCode, p.City, p.Country,
        p.Phone ?? "", p.Email ?? "", p.BloodGroup ?? "", p.TreatingDoctor ?? "", p.HealthInsurer ?? "",
        p.Comment ?? "", p.Treatments ?? "", p.Pathologies ?? "",
        p.SampleDate.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), p.ParentalOpposition ? "oui" : "",
    ];

    // A deliberately small RFC 4180 reader (';' delimiter), independent of the writer under test.
    private static class TinyCsv
    {
        public static List<string[]> Parse(string text)
        {
            var rows = new List<string[]>();
            var fields = new List<string>();
            var field = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (field.Length == 0 && text[i] == '"')
                {
                    i++;
                    while (true)
                    {
                        if (i >= text.Length)
                        {
                            throw new FormatException("Unterminated quoted field.");
                        }

                        if (text[i] == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"')
                            {
                                field.Append('"');
                                i += 2;
                                continue;
                            }

                            i++;
                            break;
                        }

                        field.Append(text[i++]);
                    }

                    if (i < text.Length && text[i] != ';' && text[i] != '\r')
                    {
                        throw new FormatException($"Unexpected character after a closing quote at {i}.");
                    }

                    continue;
                }

                switch (text[i])
                {
                    case ';':
                        fields.Add(field.ToString());
                        field.Clear();
                        i++;
                        break;
                    case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                        fields.Add(field.ToString());
                        field.Clear();
                        rows.Add([.. fields]);
                        fields.Clear();
                        i += 2;
                        break;
                    case '\r' or '\n' or '"':
                        throw new FormatException($"Bare CR, LF or quote in an unquoted field at {i}.");
                    default:
                        field.Append(text[i++]);
                        break;
                }
            }

            if (field.Length > 0 || fields.Count > 0)
            {
                throw new FormatException("Last row does not end with CRLF.");
            }

            return rows;
        }
    }
}
