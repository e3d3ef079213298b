using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Extensions.Localization;

namespace Notifier.Web.Infrastructure;

public static class Web
{
    public static WebApplicationBuilder AddNotifierMvc(this WebApplicationBuilder builder)
    {
        builder.Services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                var t = new Lazy<IStringLocalizer>(() => new DictionaryStringLocalizerFactory().Create(typeof(SharedResource)));
                var m = o.ModelBindingMessageProvider;
                m.SetValueIsInvalidAccessor(v => t.Value["La valeur « {0} » n'est pas valide.", v]);
                m.SetAttemptedValueIsInvalidAccessor((v, f) => t.Value["La valeur « {0} » n'est pas valide pour {1}.", v, f]);
                m.SetValueMustBeANumberAccessor(f => t.Value["Le champ {0} doit être un nombre.", f]);
                m.SetValueMustNotBeNullAccessor(f => t.Value["Le champ {0} est obligatoire.", f]);
                m.SetMissingBindRequiredValueAccessor(f => t.Value["Le champ {0} est obligatoire.", f]);
                m.SetMissingKeyOrValueAccessor(() => t.Value["Une valeur est obligatoire."]);
                m.SetUnknownValueIsInvalidAccessor(f => t.Value["La valeur saisie n'est pas valide pour {0}.", f]);
                m.SetNonPropertyAttemptedValueIsInvalidAccessor(v => t.Value["La valeur « {0} » n'est pas valide.", v]);
                m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t.Value["La valeur saisie n'est pas valide."]);
                m.SetNonPropertyValueMustBeANumberAccessor(() => t.Value["La valeur doit être un nombre."]);
                m.SetMissingRequestBodyRequiredValueAccessor(() => t.Value["Le corps de la requête est obligatoire."]);
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedResource)))
            .AddJsonOptions(o => o.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Feature folders: a feature's controller and views live together (house style §4.2).
        builder.Services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            o.ViewLocationFormats.Add("/Features/{1}/{0}.cshtml");
            o.ViewLocationFormats.Add("/Features/Shared/{0}.cshtml");
        });

        // French text is served as UTF-8 characters, not as numeric entities (Razor encodes only what HTML requires).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddAntiforgery(o => o.Cookie.Name = "Notifier.Antiforgery");
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    public static WebApplication UseNotifierPipeline(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Home/Error");
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // Pages get a friendly status page; the API gets RFC 7807 problem details.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePagesWithReExecute("/Home/Status/{0}"));
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.Use(SecurityHeaders);
        app.UseStaticFiles();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var h = context.Response.Headers;
        h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        h["Cross-Origin-Opener-Policy"] = "same-origin";
        return next();
    }
}
