using Notifier.Core.Data;
using Notifier.Core.Identity;

namespace Notifier.Web.Infrastructure;

public static class ApiTokenIssuer
{
    // Returns the clear token (shown once) and the stored record; the caller saves.
    public static (string Token, ApiToken Record) Issue(NotifierDbContext db, Guid userId, string name, DateTime? expiresAtUtc, DateTime nowUtc)
    {
        var (token, hash, prefix) = ApiTokens.Generate();
        var record = new ApiToken
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name.Length <= ApiToken.NameMax ? name : throw new ArgumentException($"Token name longer than {ApiToken.NameMax} characters.", nameof(name)),
            TokenHash = hash,
            Prefix = prefix,
            CreatedAtUtc = nowUtc,
            ExpiresAtUtc = expiresAtUtc,
        };
        db.ApiTokens.Add(record);
        return (token, record);
    }
}
