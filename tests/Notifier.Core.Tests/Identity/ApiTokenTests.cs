using Notifier.Core.Identity;

namespace Notifier.Core.Tests.Identity;

public sealed class ApiTokenTests
{
    private static readonly DateTime Now = new(2026, 3, 15, 12, 0, 0, DateTimeKind.Utc);

    private static ApiToken Token(DateTime? expiresAtUtc = null, DateTime? revokedAtUtc = null) => new()
    {
        Id = Guid.NewGuid(),
        UserId = Guid.NewGuid(),
        Name = "CLI",
        CreatedAtUtc = Now.AddDays(-10),
        ExpiresAtUtc = expiresAtUtc,
        RevokedAtUtc = revokedAtUtc,
    };

    [Fact]
    public void Token_without_expiry_or_revocation_is_active()
    {
        Assert.True(Token().IsActive(Now));
    }

    [Fact]
    public void Token_expiring_later_is_active()
    {
        Assert.True(Token(expiresAtUtc: Now.AddSeconds(1)).IsActive(Now));
    }

    [Fact]
    public void Token_expiring_exactly_now_is_no_longer_active()
    {
        Assert.False(Token(expiresAtUtc: Now).IsActive(Now));
    }

    [Fact]
    public void Expired_token_is_not_active()
    {
        Assert.False(Token(expiresAtUtc: Now.AddDays(-1)).IsActive(Now));
    }

    [Fact]
    public void Revoked_token_is_not_active_even_before_its_expiry()
    {
        Assert.False(Token(expiresAtUtc: Now.AddDays(30), revokedAtUtc: Now.AddDays(-1)).IsActive(Now));
    }

    [Fact]
    public void Revoked_token_without_expiry_is_not_active()
    {
        Assert.False(Token(revokedAtUtc: Now.AddMinutes(-5)).IsActive(Now));
    }
}
