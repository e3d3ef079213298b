using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Tests.Infrastructure;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Web.Tests.Imports;

// Shared pieces of the import integration tests: synthetic NIRs, the subjects list, the stored (decrypted) payloads
// and a reader for the error report.
internal static class ImportKit
{
    public static readonly Encoding Windows1252 = CreateWindows1252();

    // A valid synthetic NIR (Ille-et-Vilaine, commune 238): sex digit 1 or 2, the given birth month and year.
    public static string Nir(int sexDigit, DateOnly birthDate, int order) => NirNumber.Create(sexDigit, birthDate, "35", "238", order);

    // The same body with a key that cannot be right.
    public static string WithWrongKey(string nir)
    {
        var body = nir[..13];
        var key = NirNumber.ComputeKey(body);
        var wrong = key == 97 ? 1 : key + 1;
        return body + wrong.ToString("D2", CultureInfo.InvariantCulture);
    }

    public static async Task<List<string>> DisplayNamesAsync(HttpClient client, Guid caseId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/subjects?pageSize=500");
        var names = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("displayName").GetString()!).ToList();
        Assert.Equal(list.GetProperty("total").GetInt32(), names.Count);
        return names;
    }

    public static async Task<int> SubjectTotalAsync(HttpClient client, Guid caseId)
    {
        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{caseId}/subjects");
        return list.GetProperty("total").GetInt32();
    }

    // The case's persons as stored, opened with the app's own cipher.
    public static async Task<List<(DataSubject Subject, SubjectPayload Payload)>> StoredAsync(NotifierApp app, Guid caseId)
    {
        var cipher = app.Services.GetRequiredService<FieldCipher>();
        var subjects = await app.WithDbAsync(db => db.Subjects.AsNoTracking().Where(s => s.ControllerCaseId == caseId).ToListAsync());
        return [.. subjects.Select(s => (s, cipher.OpenSubject(s.Id, s.Payload)))];
    }

    public static async Task<(byte[] Bytes, List<string[]> Rows)> ErrorsCsvAsync(HttpClient client, JsonElement run)
    {
        var url = run.GetProperty("errorsUrl").GetString()!;
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new UTF8Encoding(false, true).GetString(bytes);
        return (bytes, ParseCsv(text.TrimStart('\uFEFF'), ';'));
    }

    // RFC 4180 with a given separator; every record must end with CRLF (as the report writes them).
    public static List<string[]> ParseCsv(string text, char separator)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
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

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r')
            {
                Assert.True(i + 1 < text.Length && text[i + 1] == '\n', "a bare CR in the report");
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                Assert.True(c != '\n', "a record of the report ends with LF instead of CRLF");
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && fields.Count == 0, "the report does not end with CRLF");
        return rows;
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
