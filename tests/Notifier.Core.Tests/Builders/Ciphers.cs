using Notifier.Core.Protection;

namespace Notifier.Core.Tests.Builders;

// Fixed, test-only keys: distinct byte patterns so that a key mix-up shows as a failure.
public static class Ciphers
{
    public static byte[] Key(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    public static byte[] IndexKey() => Enumerable.Range(0x40, 32).Select(i => (byte)i).ToArray();

    public static FieldCipher WithKeys(byte activeKeyId, params byte[] keyIds) =>
        new(keyIds.ToDictionary(id => id, id => Key(id)), activeKeyId, IndexKey());

    public static FieldCipher Default() => WithKeys(1, 1);
}
