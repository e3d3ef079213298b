using System.Buffers;
using System.Globalization;
using System.Text;

namespace Notifier.Core.Synthetic;

// The canonical patient import file, as a French lab would export it for Excel:
// - ';' delimiter (French Excel uses ',' as the decimal separator, so its CSV list separator is ';');
// - RFC 4180 quoting: a field containing ';', '"', CR or LF is wrapped in quotes, inner quotes doubled;
// - CRLF after every row, whatever the platform (RFC 4180 §2.1);
// - dates dd/MM/yyyy; opposition_parents "oui" when recorded, empty otherwise: CSP R.1111-6 requires the minor's
//   opposition to be recorded in writing, so "no record" and "no opposition" are the same fact for the importer;
// - UTF-8 with a byte-order mark from WriteFile, without which Excel reads the accents as ANSI.
public static class PatientCsv
{
    public const char Delimiter = ';';
    public const string DateFormat = "dd/MM/yyyy";
    public const string Yes = "oui";

    public static readonly IReadOnlyList<string> Columns = Array.AsReadOnly(
    [
        "lab_patient_id", "civilite", "nom", "nom_naissance", "prenom", "sexe", "date_naissance", "nir",
        "adresse1", "adresse2", "adresse3", "code_postal", "ville", "pays", "telephone", "email",
        "groupe_sanguin", "medecin_traitant", "mutuelle", "commentaire", "traitements", "pathologies",
        "date_prelevement", "opposition_parents",
    ]);

    private const string NewLine = "\r\n";
    private const int BufferSize = 1 << 16;
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(";\"\r\n");

    // Streams: one row at a time, nothing is kept. The writer is flushed, not disposed.
    public static void Write(TextWriter writer, IEnumerable<SyntheticPatient> patients)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(patients);

        for (var i = 0; i < Columns.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(Delimiter);
            }

            writer.Write(Columns[i]);
        }

        writer.Write(NewLine);

        Span<char> date = stackalloc char[10];
        foreach (var p in patients)
        {
            // Same order as Columns.
            WriteField(writer, p.LabPatientId);
            WriteNext(writer, p.Civility);
            WriteNext(writer, p.LastName);
            WriteNext(writer, p.BirthName);
            WriteNext(writer, p.FirstName);
            WriteNext(writer, p.Sex);
            writer.Write(Delimiter);
            writer.Write(FormatDate(p.BirthDate, date));
            WriteNext(writer, p.Nir);
            WriteNext(writer, p.AddressLine1);
            WriteNext(writer, p.AddressLine2);
            WriteNext(writer, p.AddressLine3);
            WriteNext(writer, p.PostalCode);
            WriteNext(writer, p.City);
            WriteNext(writer, p.Country);
            WriteNext(writer, p.Phone);
            WriteNext(writer, p.Email);
            WriteNext(writer, p.BloodGroup);
            WriteNext(writer, p.TreatingDoctor);
            WriteNext(writer, p.HealthInsurer);
            WriteNext(writer, p.Comment);
            WriteNext(writer, p.Treatments);
            WriteNext(writer, p.Pathologies);
            writer.Write(Delimiter);
            writer.Write(FormatDate(p.SampleDate, date));
            WriteNext(writer, p.ParentalOpposition ? Yes : null);
            writer.Write(NewLine);
        }

        writer.Flush();
    }

    public static void WriteFile(string path, IEnumerable<SyntheticPatient> patients)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(patients);

        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, BufferSize, FileOptions.SequentialScan);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), BufferSize);
        Write(writer, patients);
    }

    // RFC 4180 §2.6–2.7.
    internal static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().ContainsAny(NeedsQuoting)
            ? string.Concat("\"", value.Replace("\"", "\"\"", StringComparison.Ordinal), "\"")
            : value;
    }

    private static void WriteNext(TextWriter writer, string? value)
    {
        writer.Write(Delimiter);
        WriteField(writer, value);
    }

    private static void WriteField(TextWriter writer, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!value.AsSpan().ContainsAny(NeedsQuoting))
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                writer.Write('"');
            }

            writer.Write(c);
        }

        writer.Write('"');
    }

    private static ReadOnlySpan<char> FormatDate(DateOnly value, Span<char> buffer)
    {
        value.TryFormat(buffer, out var written, DateFormat, CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
