using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Notifier.Core.Protection;

namespace Notifier.Web.Infrastructure;

public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    public byte ActiveKeyId { get; set; }

    // Key id (1–255) → base64 of a 256-bit key. Old ids stay here after a rotation so that old rows remain readable.
    public Dictionary<string, string> Keys { get; set; } = [];

    public string BlindIndexKey { get; set; } = "";
}

// Two key rings (ADR 0006, docs/operations.md): ASP.NET Data Protection for cookies and anti-forgery tokens,
// and the field keys that encrypt persons' data. Development generates both under the data folder; production must configure.
public static class Protection
{
    public static WebApplicationBuilder AddNotifierProtection(this WebApplicationBuilder builder)
    {
        var dataFolder = Database.DataFolder(builder.Configuration, builder.Environment);
        var keysPath = builder.Configuration["DataProtection:KeysPath"] is { Length: > 0 } p
            ? Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, p))
            : Path.Combine(dataFolder, "keys", "dataprotection");
        builder.Services.AddDataProtection()
            .SetApplicationName("Notifier")
            .PersistKeysToFileSystem(new DirectoryInfo(keysPath));

        var options = builder.Configuration.GetSection(EncryptionOptions.Section).Get<EncryptionOptions>() ?? new EncryptionOptions();
        if (options.Keys.Count == 0)
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    "Encryption:Keys and Encryption:BlindIndexKey must be configured outside Development (see docs/operations.md).");
            }

            var keyFile = Path.Combine(dataFolder, "keys", "field-keys.json");
            options = DevelopmentKeys(keyFile);
            // Console, not the logger: the logging pipeline does not exist yet at this point of the build.
            Console.WriteLine($"warn: Development field-encryption keys in use ({keyFile}). Never use them for real data.");
        }

        builder.Services.AddSingleton(CreateCipher(options));
        return builder;
    }

    public static FieldCipher CreateCipher(EncryptionOptions options)
    {
        var keys = options.Keys.ToDictionary(
            k => byte.Parse(k.Key, CultureInfo.InvariantCulture),
            k => Convert.FromBase64String(k.Value));
        return new FieldCipher(keys, options.ActiveKeyId, Convert.FromBase64String(options.BlindIndexKey));
    }

    public static EncryptionOptions NewKeys() => new()
    {
        ActiveKeyId = 1,
        Keys = new() { ["1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        BlindIndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static EncryptionOptions DevelopmentKeys(string path)
    {
        if (File.Exists(path))
        {
            return JsonSerializer.Deserialize<EncryptionOptions>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"Unreadable key file {path}.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = NewKeys();
        File.WriteAllText(path, JsonSerializer.Serialize(options, Indented));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return options;
    }
}
