using Microsoft.AspNetCore.Identity;

namespace Notifier.Core.Identity;

public sealed class NotifierUser : IdentityUser<Guid>
{
    public const int DisplayNameMax = 150;

    public string DisplayName { get; set; } = "";
    public string PreferredCulture { get; set; } = "fr";
    public bool IsDisabled { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}

public sealed class NotifierRole : IdentityRole<Guid>
{
    public NotifierRole()
    {
    }

    public NotifierRole(string name) : base(name)
    {
        Id = Guid.CreateVersion7();
        NormalizedName = name.ToUpperInvariant();
    }
}

public static class Roles
{
    public const string Admin = "Admin";
    public const string ComplianceOfficer = "ComplianceOfficer";
    public const string LabDpo = "LabDpo";
    public const string Mailroom = "Mailroom";

    public static readonly IReadOnlyList<string> All = [Admin, ComplianceOfficer, LabDpo, Mailroom];

    // Roles whose reach is limited to the laboratories the user is assigned to.
    public static bool IsLabScoped(string role) => role is LabDpo or Mailroom;
}

// Which laboratories a lab-scoped user (DPO, mailroom) may reach.
public sealed class LabAssignment
{
    public Guid UserId { get; set; }
    public Guid LaboratoryId { get; set; }
}

// Personal API token. Only a SHA-256 hash is stored; the clear token is shown once at creation.
public sealed class ApiToken
{
    public const int NameMax = 100;
    public const int HashLength = 64;
    public const int PrefixLength = 12;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public string Name { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string Prefix { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? ExpiresAtUtc { get; set; }
    public DateTime? LastUsedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }

    public bool IsActive(DateTime nowUtc) => RevokedAtUtc is null && (ExpiresAtUtc is null || ExpiresAtUtc > nowUtc);
}
