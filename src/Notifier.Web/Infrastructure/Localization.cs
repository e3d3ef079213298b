using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Notifier.Web.Infrastructure;

// French is the source language: views and messages are written in French and the French text is the key.
// English comes from one dictionary (Resources/en.json). A missing entry shows the French text (and a test lists them).
public static class Localization
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    public static WebApplicationBuilder AddNotifierLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IStringLocalizerFactory, DictionaryStringLocalizerFactory>();
        builder.Services.AddSingleton(typeof(IStringLocalizer<>), typeof(StringLocalizer<>));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(French);
            o.SupportedCultures = [French, English];
            o.SupportedUICultures = [French, English];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Cookie first (the switch in the header), then Accept-Language (API clients); no query string: URLs stay clean.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }
}

public sealed class SharedResource;

public sealed class DictionaryStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly DictionaryStringLocalizer _localizer = new(LoadEnglish());

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;

    internal static FrozenDictionary<string, string> LoadEnglish()
    {
        using var stream = typeof(DictionaryStringLocalizerFactory).Assembly.GetManifestResourceStream("Notifier.Web.Resources.en.json")
            ?? throw new InvalidOperationException("Embedded resource Resources/en.json is missing.");
        var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

public sealed class DictionaryStringLocalizer(FrozenDictionary<string, string> english) : IStringLocalizer
{
    public LocalizedString this[string name] => Lookup(name);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var template = Lookup(name);
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, template.Value, arguments), template.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        english.Select(e => new LocalizedString(e.Key, IsEnglish ? e.Value : e.Key));

    private static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private LocalizedString Lookup(string name)
    {
        if (!IsEnglish)
        {
            return new LocalizedString(name, name);
        }

        return english.TryGetValue(name, out var value)
            ? new LocalizedString(name, value)
            : new LocalizedString(name, name, resourceNotFound: true);
    }
}

public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> t) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = t["Le mot de passe doit contenir au moins {0} caractères.", length] };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = t["Le mot de passe doit contenir au moins un chiffre."] };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = t["Le mot de passe doit contenir au moins une minuscule."] };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = t["Le mot de passe doit contenir au moins une majuscule."] };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = t["Le mot de passe doit contenir au moins un caractère spécial."] };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = t["Le mot de passe doit contenir au moins {0} caractères différents.", uniqueChars] };

    public override IdentityError DuplicateEmail(string email) =>
        new() { Code = nameof(DuplicateEmail), Description = t["Un compte existe déjà avec cette adresse e-mail."] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = t["Un compte existe déjà avec cette adresse e-mail."] };

    public override IdentityError InvalidEmail(string? email) =>
        new() { Code = nameof(InvalidEmail), Description = t["L'adresse e-mail n'est pas valide."] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = t["L'adresse e-mail n'est pas valide."] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = t["Le mot de passe actuel est incorrect."] };
}
