using Notifier.Core.Cases;

namespace Notifier.Core.Tests.Builders;

public static class ControllerCases
{
    public static readonly DateTime CreatedAtUtc = new(2021, 2, 23, 9, 0, 0, DateTimeKind.Utc);

    public static ControllerCase New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "LAB-2021-001", CreatedAtUtc);
}
