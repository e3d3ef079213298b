using System.Security.Cryptography;
using System.Text;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Core.Tests.Builders;

namespace Notifier.Core.Tests.Protection;

public sealed class FieldCipherTests
{
    private const int HeaderSize = 2 + 12 + 16;

    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("Sérologie VIH négative — Léa MARTIN, née le 30/09/2009");

    [Fact]
    public void Sealed_value_opens_to_the_original_bytes()
    {
        var cipher = Ciphers.Default();

        var opened = cipher.Open(cipher.Seal(Secret));

        Assert.Equal(Secret, opened);
    }

    [Fact]
    public void Sealed_value_with_associated_data_opens_with_the_same_data()
    {
        var cipher = Ciphers.Default();
        var row = Encoding.UTF8.GetBytes("row-42");

        Assert.Equal(Secret, cipher.Open(cipher.Seal(Secret, row), row));
    }

    [Fact]
    public void Empty_plaintext_round_trips_to_a_header_only_value()
    {
        var cipher = Ciphers.Default();

        var sealedValue = cipher.Seal([]);

        Assert.Equal(HeaderSize, sealedValue.Length);
        Assert.Empty(cipher.Open(sealedValue));
    }

    [Fact]
    public void Sealed_value_has_the_documented_header()
    {
        var sealedValue = Ciphers.WithKeys(7, 7).Seal(Secret);

        Assert.Equal(1, sealedValue[0]);
        Assert.Equal(7, sealedValue[1]);
        Assert.Equal(HeaderSize + Secret.Length, sealedValue.Length);
    }

    [Fact]
    public void Sealing_twice_gives_different_ciphertexts_and_nonces()
    {
        var cipher = Ciphers.Default();

        var a = cipher.Seal(Secret);
        var b = cipher.Seal(Secret);

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.AsSpan(2, 12).ToArray(), b.AsSpan(2, 12).ToArray());
    }

    [Fact]
    public void Ciphertext_does_not_contain_the_plaintext()
    {
        var sealedValue = Ciphers.Default().Seal(Secret);

        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Secret));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes("VIH")));
    }

    [Fact]
    public void Tampering_with_any_byte_of_the_sealed_value_is_detected()
    {
        var cipher = Ciphers.Default();
        var sealedValue = cipher.Seal(Secret);

        for (var i = 0; i < sealedValue.Length; i++)
        {
            var tampered = (byte[])sealedValue.Clone();
            tampered[i] ^= 0x01;
            Assert.ThrowsAny<CryptographicException>(() => cipher.Open(tampered));
        }
    }

    [Theory]
    [InlineData(2)]                 // first nonce byte
    [InlineData(13)]                // last nonce byte
    [InlineData(14)]                // first tag byte
    [InlineData(29)]                // last tag byte
    [InlineData(HeaderSize)]        // first ciphertext byte
    public void Tampering_with_nonce_tag_or_ciphertext_fails_authentication(int index)
    {
        var cipher = Ciphers.Default();
        var tampered = cipher.Seal(Secret);
        tampered[index] ^= 0x80;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(tampered));
    }

    [Fact]
    public void Truncated_value_is_refused()
    {
        var cipher = Ciphers.Default();
        var sealedValue = cipher.Seal(Secret);

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue.AsSpan(0, HeaderSize - 1)));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue.AsSpan(0, sealedValue.Length - 1)));
    }

    [Fact]
    public void Unknown_format_byte_is_refused()
    {
        var cipher = Ciphers.Default();
        var sealedValue = cipher.Seal(Secret);
        sealedValue[0] = 2;

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue));
    }

    [Fact]
    public void Opening_with_different_associated_data_fails()
    {
        var cipher = Ciphers.Default();
        var sealedValue = cipher.Seal(Secret, Encoding.UTF8.GetBytes("row-42"));

        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue, Encoding.UTF8.GetBytes("row-43")));
        Assert.ThrowsAny<CryptographicException>(() => cipher.Open(sealedValue));
    }

    [Fact]
    public void Subject_payload_round_trips_with_accents_emoji_and_dates()
    {
        var cipher = Ciphers.Default();
        var subjectId = Guid.NewGuid();
        var payload = Payloads.Full();

        var opened = cipher.OpenSubject(subjectId, cipher.SealSubject(subjectId, payload));

        Assert.Equal(payload, opened);
        Assert.Equal("Zoé 🧪", opened.FirstName);
        Assert.Equal(new DateOnly(1987, 2, 28), opened.BirthDate);
        Assert.Equal(new DateOnly(2020, 12, 31), opened.SampleDate);
        Assert.True(opened.ParentalOpposition);
    }

    [Fact]
    public void Subject_payload_with_only_required_fields_round_trips_with_nulls_kept()
    {
        var cipher = Ciphers.Default();
        var subjectId = Guid.NewGuid();
        var payload = new SubjectPayload { LastName = "DUPONT", FirstName = "Jean" };

        var opened = cipher.OpenSubject(subjectId, cipher.SealSubject(subjectId, payload));

        Assert.Equal(payload, opened);
        Assert.Null(opened.BirthDate);
        Assert.Null(opened.Nir);
    }

    [Fact]
    public void Sealed_subject_does_not_reveal_the_name_or_the_NIR()
    {
        var payload = Payloads.Full();

        var sealedValue = Ciphers.Default().SealSubject(Guid.NewGuid(), payload);

        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes(payload.Nir!)));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes("MARTIN")));
        Assert.Equal(-1, sealedValue.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Fort-de-France")));
    }

    [Fact]
    public void Subject_payload_copied_onto_another_subject_does_not_open()
    {
        var cipher = Ciphers.Default();
        var sealedValue = cipher.SealSubject(Guid.NewGuid(), Payloads.Full());

        Assert.ThrowsAny<CryptographicException>(() => cipher.OpenSubject(Guid.NewGuid(), sealedValue));
    }

    [Fact]
    public void After_rotation_old_values_still_open_and_new_values_use_the_new_key()
    {
        var before = Ciphers.WithKeys(1, 1);
        var old = before.Seal(Secret);
        var after = Ciphers.WithKeys(2, 1, 2);

        var fresh = after.Seal(Secret);

        Assert.Equal(1, old[1]);
        Assert.Equal(Secret, after.Open(old));
        Assert.Equal(2, after.ActiveKeyId);
        Assert.Equal(2, fresh[1]);
        Assert.Equal(Secret, after.Open(fresh));
    }

    [Fact]
    public void After_rotation_old_subject_payloads_still_open()
    {
        var subjectId = Guid.NewGuid();
        var old = Ciphers.WithKeys(1, 1).SealSubject(subjectId, Payloads.Full());

        var opened = Ciphers.WithKeys(2, 1, 2).OpenSubject(subjectId, old);

        Assert.Equal(Payloads.Full(), opened);
    }

    [Fact]
    public void Value_sealed_with_a_retired_key_does_not_open_once_the_key_is_dropped()
    {
        var old = Ciphers.WithKeys(1, 1).Seal(Secret);
        var withoutKey1 = Ciphers.WithKeys(2, 2);

        var ex = Assert.ThrowsAny<CryptographicException>(() => withoutKey1.Open(old));

        Assert.Contains("key 1 ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Value_sealed_under_key_id_1_does_not_open_with_a_different_key_under_the_same_id()
    {
        var old = Ciphers.WithKeys(1, 1).Seal(Secret);
        var impostor = new FieldCipher(new Dictionary<byte, byte[]> { [1] = Ciphers.Key(0xEE) }, 1, Ciphers.IndexKey());

        Assert.ThrowsAny<CryptographicException>(() => impostor.Open(old));
    }

    [Fact]
    public void Constructor_refuses_an_active_key_that_is_not_in_the_ring()
    {
        var keys = new Dictionary<byte, byte[]> { [1] = Ciphers.Key(1) };

        Assert.Throws<ArgumentException>(() => new FieldCipher(keys, 2, Ciphers.IndexKey()));
    }

    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Constructor_refuses_an_active_key_that_is_not_256_bits(int length)
    {
        var keys = new Dictionary<byte, byte[]> { [1] = new byte[length] };

        Assert.Throws<ArgumentException>(() => new FieldCipher(keys, 1, Ciphers.IndexKey()));
    }

    [Fact]
    public void Constructor_refuses_a_retired_key_that_is_not_256_bits()
    {
        var keys = new Dictionary<byte, byte[]> { [1] = new byte[16], [2] = Ciphers.Key(2) };

        Assert.Throws<ArgumentException>(() => new FieldCipher(keys, 2, Ciphers.IndexKey()));
    }

    [Fact]
    public void Constructor_refuses_a_blind_index_key_shorter_than_256_bits()
    {
        var keys = new Dictionary<byte, byte[]> { [1] = Ciphers.Key(1) };

        var ex = Assert.Throws<ArgumentException>(() => new FieldCipher(keys, 1, new byte[31]));

        Assert.Equal("indexKey", ex.ParamName);
    }

    [Fact]
    public void Constructor_accepts_a_blind_index_key_longer_than_256_bits()
    {
        var keys = new Dictionary<byte, byte[]> { [1] = Ciphers.Key(1) };

        var cipher = new FieldCipher(keys, 1, new byte[64]);

        Assert.Equal(1, cipher.ActiveKeyId);
    }

    [Fact]
    public void Blind_index_is_deterministic()
    {
        var a = Ciphers.Default().BlindIndex("nir", "255081416802538");
        var b = Ciphers.WithKeys(2, 2).BlindIndex("nir", "255081416802538");

        Assert.Equal(a, b);
    }

    [Fact]
    public void Blind_index_is_44_base64_characters_of_a_256_bit_hash()
    {
        var index = Ciphers.Default().BlindIndex("nir", "255081416802538");

        Assert.Equal(DataSubject.BlindIndexLength, index.Length);
        Assert.Equal(44, index.Length);
        Assert.Equal(32, Convert.FromBase64String(index).Length);
    }

    [Fact]
    public void Blind_index_matches_the_pinned_HMAC_SHA256_vector()
    {
        // Stored indexes must survive upgrades: HMAC-SHA256(index key, "nir" U+001F value), computed independently in Python.
        Assert.Equal(
            "DTNKqW6l0X4DEq3zNMbNBe+cQrVQWR9IWeimYJRlEXg=",
            Ciphers.Default().BlindIndex("nir", "255081416802538"));
    }

    [Fact]
    public void Blind_index_differs_by_purpose()
    {
        var cipher = Ciphers.Default();

        Assert.NotEqual(cipher.BlindIndex("nir", "255081416802538"), cipher.BlindIndex("lab-patient-id", "255081416802538"));
    }

    [Fact]
    public void Blind_index_purpose_and_value_cannot_be_shifted_into_each_other()
    {
        var cipher = Ciphers.Default();

        Assert.NotEqual(cipher.BlindIndex("id", "entity"), cipher.BlindIndex("identity", ""));
        Assert.NotEqual(cipher.BlindIndex("ab", "c"), cipher.BlindIndex("a", "bc"));
    }

    [Fact]
    public void Blind_index_differs_by_value()
    {
        var cipher = Ciphers.Default();

        Assert.NotEqual(cipher.BlindIndex("nir", "255081416802538"), cipher.BlindIndex("nir", "255081416802539"));
    }

    [Fact]
    public void Blind_index_differs_by_index_key()
    {
        var keys = new Dictionary<byte, byte[]> { [1] = Ciphers.Key(1) };
        var otherIndexKey = Enumerable.Repeat((byte)0x99, 32).ToArray();

        Assert.NotEqual(
            Ciphers.Default().BlindIndex("nir", "255081416802538"),
            new FieldCipher(keys, 1, otherIndexKey).BlindIndex("nir", "255081416802538"));
    }
}
