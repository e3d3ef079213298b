using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Notifier.Web.Tests.Persistence;

// Compares every mapped (non-shadow) property of two instances of an entity type, owned types included, using the
// EF model as the list of what is stored. Every DateTime read back must be DateTimeKind.Utc.
internal static class MappedAssert
{
    // Returns how many DateTime values were checked, so that a caller can make sure the check was not vacuous.
    public static int Equal<T>(DbContext db, T expected, T actual)
        where T : class =>
        Equal(db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped."), expected, actual, typeof(T).Name);

    private static int Equal(IEntityType type, object expected, object actual, string path)
    {
        var instants = 0;
        foreach (var property in type.GetProperties().Where(p => !p.IsShadowProperty()))
        {
            var getter = property.GetGetter();
            var e = getter.GetClrValue(expected);
            var a = getter.GetClrValue(actual);
            var name = $"{path}.{property.Name}";
            switch (a)
            {
                case DateTime instant:
                    Assert.True(instant.Kind == DateTimeKind.Utc, $"{name} came back as {instant.Kind}, not Utc.");
                    instants++;
                    break;
                case byte[] bytes:
                    Assert.True(((byte[]?)e ?? []).AsSpan().SequenceEqual(bytes), $"{name} differs.");
                    continue;
            }

            if (!Equals(e, a))
            {
                Assert.Fail($"{name}: expected «{e}», read back «{a}».");
            }
        }

        foreach (var navigation in type.GetNavigations().Where(n => n.TargetEntityType.IsOwned()))
        {
            var e = navigation.GetGetter().GetClrValue(expected);
            var a = navigation.GetGetter().GetClrValue(actual);
            Assert.True(e is not null && a is not null, $"{path}.{navigation.Name} is missing.");
            instants += Equal(navigation.TargetEntityType, e, a, $"{path}.{navigation.Name}");
        }

        return instants;
    }
}
