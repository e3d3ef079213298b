using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifier.Core.Subjects;

namespace Notifier.Core.Protection;

// Authenticated encryption of a person's data (AES-256-GCM) and keyed hashes for look-ups (HMAC-SHA256 blind indexes).
// Layout of a sealed value: [1 byte format=1][1 byte key id][12 bytes nonce][16 bytes tag][ciphertext].
// The key id lets old rows stay readable after a key rotation (ADR 0006, docs/operations.md).
public sealed class FieldCipher : IDisposable
{
    private const byte Format = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 2 + NonceSize + TagSize;


    private readonly IReadOnlyDictionary<byte, byte[]> _keys;
    private readonly byte _activeKeyId;
    private readonly byte[] _indexKey;

    // Key set-up costs more than hashing or sealing one small record (measured ~10 µs per HMAC with the static
    // HMACSHA256.HashData): each thread keeps its own keyed instances, as neither AesGcm nor HMAC is thread-safe.
    private readonly ThreadLocal<HMACSHA256> _hmac;
    private readonly ThreadLocal<AesGcm> _activeAes;
    private readonly ThreadLocal<NonceSource> _nonces = new(() => new NonceSource());

    public FieldCipher(IReadOnlyDictionary<byte, byte[]> keys, byte activeKeyId, byte[] indexKey)
    {
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length != 32)
        {
            throw new ArgumentException("The active encryption key must exist and be 256 bits long.", nameof(keys));
        }

        if (keys.Values.Any(k => k.Length != 32))
        {
            throw new ArgumentException("Every encryption key must be 256 bits long.", nameof(keys));
        }

        if (indexKey.Length < 32)
        {
            throw new ArgumentException("The blind-index key must be at least 256 bits long.", nameof(indexKey));
        }

        _keys = keys;
        _activeKeyId = activeKeyId;
        _indexKey = indexKey;
        _hmac = new ThreadLocal<HMACSHA256>(() => new HMACSHA256(_indexKey));
        _activeAes = new ThreadLocal<AesGcm>(() => new AesGcm(_keys[_activeKeyId], TagSize));
    }

    public byte ActiveKeyId => _activeKeyId;

    // The per-thread instances are released by their finalisers when their thread ends; this releases the holders.
    public void Dispose()
    {
        _hmac.Dispose();
        _activeAes.Dispose();
        _nonces.Dispose();
    }

    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData = default)
    {
        var output = new byte[HeaderSize + plaintext.Length];
        output[0] = Format;
        output[1] = _activeKeyId;
        var nonce = output.AsSpan(2, NonceSize);
        _nonces.Value!.Next(nonce);
        _activeAes.Value!.Encrypt(nonce, plaintext, output.AsSpan(HeaderSize), output.AsSpan(2 + NonceSize, TagSize), associatedData);
        return output;
    }

    public byte[] Open(ReadOnlySpan<byte> sealedValue, ReadOnlySpan<byte> associatedData = default)
    {
        if (sealedValue.Length < HeaderSize)
        {
            throw new CryptographicException("Not a sealed value of a known format.");
        }

        var plaintext = new byte[sealedValue.Length - HeaderSize];
        Open(sealedValue, plaintext, associatedData);
        return plaintext;
    }

    // Opens into the caller's buffer (at least the sealed length minus 30 bytes) and returns the plaintext length.
    public int Open(ReadOnlySpan<byte> sealedValue, Span<byte> destination, ReadOnlySpan<byte> associatedData)
    {
        if (sealedValue.Length < HeaderSize || sealedValue[0] != Format)
        {
            throw new CryptographicException("Not a sealed value of a known format.");
        }

        if (!_keys.TryGetValue(sealedValue[1], out var key))
        {
            throw new CryptographicException($"Encryption key {sealedValue[1]} is not in the key ring.");
        }

        var plaintext = destination[..(sealedValue.Length - HeaderSize)];
        if (sealedValue[1] == _activeKeyId)
        {
            _activeAes.Value!.Decrypt(sealedValue.Slice(2, NonceSize), sealedValue[HeaderSize..], sealedValue.Slice(2 + NonceSize, TagSize), plaintext, associatedData);
            return plaintext.Length;
        }

        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedValue.Slice(2, NonceSize), sealedValue[HeaderSize..], sealedValue.Slice(2 + NonceSize, TagSize), plaintext, associatedData);
        return plaintext.Length;
    }

    // The subject id is bound as associated data: a payload copied onto another row fails to decrypt.
    // The plaintext is SubjectPayloadCodec's compact form, built on the stack (or a rented buffer for long records).
    public byte[] SealSubject(Guid subjectId, SubjectPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        Span<byte> id = stackalloc byte[16];
        subjectId.TryWriteBytes(id);
        var max = SubjectPayloadCodec.MaxSize(payload);
        byte[]? rented = null;
        var buffer = max <= 2048 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = SubjectPayloadCodec.Write(payload, buffer);
            return Seal(buffer[..length], id);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
            else
            {
                CryptographicOperations.ZeroMemory(buffer);
            }
        }
    }

    public SubjectPayload OpenSubject(Guid subjectId, byte[] sealedValue)
    {
        Span<byte> id = stackalloc byte[16];
        subjectId.TryWriteBytes(id);
        return SubjectPayloadCodec.Read(Open(sealedValue, id));
    }

    // Keyed hash of a normalised value, scoped by purpose so that the same value gives unrelated indexes per purpose.
    public string BlindIndex(string purpose, string normalisedValue)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        ArgumentNullException.ThrowIfNull(normalisedValue);
        // purpose, U+001F, value as UTF-8, without intermediate strings: the import hashes three keys per row.
        var length = Encoding.UTF8.GetByteCount(purpose) + 1 + Encoding.UTF8.GetByteCount(normalisedValue);
        Span<byte> data = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(purpose, data);
        data[written++] = 0x1f;
        Encoding.UTF8.GetBytes(normalisedValue, data[written..]);
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        _hmac.Value!.TryComputeHash(data, hash, out _);
        return Convert.ToBase64String(hash);
    }
}

// Source-generated (de)serialisation of the payload, with the same web defaults (camelCase) as the reflection-based
// serializer that sealed the first payloads, so old and new rows read alike.
// Absent values are left out (a third of the payload was "…":null): smaller rows to seal and to store.
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(SubjectPayload))]
internal sealed partial class SubjectPayloadJson : System.Text.Json.Serialization.JsonSerializerContext;

// Random 96-bit GCM nonces, drawn from the system's CSPRNG 4 KiB at a time: one call per record cost about as much as
// the encryption itself. Each thread has its own buffer and every byte is handed out once.
internal sealed class NonceSource
{
    private readonly byte[] _buffer = new byte[12 * 341];
    private int _next;

    public NonceSource() => _next = _buffer.Length;

    public void Next(Span<byte> nonce)
    {
        if (_next + nonce.Length > _buffer.Length)
        {
            RandomNumberGenerator.Fill(_buffer);
            _next = 0;
        }

        var slice = _buffer.AsSpan(_next, nonce.Length);
        slice.CopyTo(nonce);
        slice.Clear();
        _next += nonce.Length;
    }
}
