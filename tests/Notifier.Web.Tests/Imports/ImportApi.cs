using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifier.Web.Tests.Imports;

// Drives the import API as an automation client would: upload, then poll GET /api/v1/imports/{id} until it ends.
internal static class ImportApi
{
    public static readonly Encoding Utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static byte[] Csv(string text, Encoding? encoding = null)
    {
        var e = encoding ?? Utf8Bom;
        return [.. e.GetPreamble(), .. e.GetBytes(text)];
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, Guid caseId, byte[] file, string? mapping = null, string? encoding = null,
        string fileName = "patients.csv")
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        if (mapping is not null)
        {
            form.Add(new StringContent(mapping, Encoding.UTF8), "mapping");
        }

        if (encoding is not null)
        {
            form.Add(new StringContent(encoding, Encoding.UTF8), "encoding");
        }

        return await client.PostAsync($"/api/v1/cases/{caseId}/subjects/imports", form);
    }

    // Uploads and waits for the job; returns the final GET /api/v1/imports/{id} document.
    public static async Task<JsonElement> ImportAsync(HttpClient client, Guid caseId, byte[] file, string? mapping = null, string? encoding = null)
    {
        using var response = await PostAsync(client, caseId, file, mapping, encoding);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {body}");
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        return await WaitAsync(client, id);
    }

    public static async Task<JsonElement> WaitAsync(HttpClient client, Guid id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{id}");
            var state = run.GetProperty("state").GetString();
            if (state is "completed" or "failed")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"import {id} still {state} after 120 s");
            await Task.Delay(100);
        }
    }

    public static int Count(JsonElement run, string name) => run.GetProperty("counts").GetProperty(name).GetInt32();
}
