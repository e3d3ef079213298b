using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifier.Web.Features.Api;

public static class ApiSetup
{
    public static WebApplicationBuilder AddNotifierApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSecurityTransformer>();
            o.AddOperationTransformer<StreamedUploadTransformer>();
        });
        return builder;
    }

    public static WebApplication MapNotifierApi(this WebApplication app)
    {
        // The contract is public (it holds no data); every operation in it requires a bearer token.
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }

    private sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "Notifier API",
                Version = "v1",
                Description = "Automation API of Notifier. Authenticate with a personal API token: `Authorization: Bearer ntf_…` "
                    + "(create one under Mon compte → Jetons d'API, or with the create-api-token command). Lists are paged "
                    + "(`page`, `pageSize`) and return `{ items, total }`; instants are ISO 8601 with offset; "
                    + "a laboratory outside the caller's reach answers 404.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "Personal API token (ntf_…).",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }
    }

    // An endpoint that reads its multipart body itself (so that a patient file is never spooled to disk in clear) has
    // no bound parameters for OpenAPI to describe: its StreamedUploadAttribute describes the form instead.
    private sealed class StreamedUploadTransformer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var upload = context.Description.ActionDescriptor.EndpointMetadata.OfType<StreamedUploadAttribute>().FirstOrDefault();
            if (upload is null)
            {
                return Task.CompletedTask;
            }

            var properties = new Dictionary<string, IOpenApiSchema>
            {
                [upload.FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = upload.FileDescription },
            };
            foreach (var (name, description, values) in upload.Fields)
            {
                var schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = description };
                if (values.Length > 0)
                {
                    schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
                }

                properties[name] = schema;
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new OpenApiMediaType
                    {
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Required = new HashSet<string> { upload.FileField }, Properties = properties },
                    },
                },
            };
            return Task.CompletedTask;
        }
    }
}

[AttributeUsage(AttributeTargets.Method)]
public abstract class StreamedUploadAttribute : Attribute
{
    public abstract string FileField { get; }
    public abstract string FileDescription { get; }
    public abstract IReadOnlyList<(string Name, string Description, string[] Values)> Fields { get; }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total);

public static class ApiInstant
{
    public static DateTimeOffset? Utc(DateTime? utc) => utc is null ? null : new DateTimeOffset(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc));

    public static DateTimeOffset? Local(DateTime? utc, string timeZoneId) => utc is null ? null : Core.LabTime.ToLocal(utc.Value, timeZoneId);

    public static DateTime? ToUtc(DateTimeOffset? value) => value?.UtcDateTime;
}

public sealed class PageQuery
{
    public int Page { get; set; } = 1;
    public int PageSize { get; set; } = 50;

    public int Skip => (Math.Max(Page, 1) - 1) * Take;
    public int Take => Math.Clamp(PageSize, 1, 500);
}
