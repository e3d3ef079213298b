using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifier.Core.Subjects;

namespace Notifier.Core.Protection;

// The plaintext of a sealed subject payload (ADR 0011). Version 2, written since the bulk import: a compact binary
// form, about 40% smaller than JSON and written without intermediate objects:
//   [0x02][uint32 LE presence bits][each present text, in Fields order: 7-bit-encoded UTF-8 length, UTF-8 bytes]
//   [each present date, BirthDate then SampleDate: int32 LE day number]
// Bits 0–20 are the texts, 21 BirthDate, 22 SampleDate, 23 ParentalOpposition. "" and null stay distinct (a present
// empty text). Version 1 is the JSON of the first rows (its first byte is always '{'); it still opens.
// New fields go at the end with new bits; a reader that meets a bit it does not know refuses the value rather than
// dropping data.
internal static class SubjectPayloadCodec
{
    private const byte Binary = 0x02;
    private const byte JsonStart = (byte)'{';
    private const int TextCount = 21;
    private const int BirthDateBit = 21;
    private const int SampleDateBit = 22;
    private const int OppositionBit = 23;
    private const uint KnownBits = (1u << 24) - 1;

    public static int MaxSize(SubjectPayload p)
    {
        var size = 1 + 4 + 8;
        for (var i = 0; i < TextCount; i++)
        {
            if (Text(p, i) is { } text)
            {
                size += 5 + Encoding.UTF8.GetMaxByteCount(text.Length);
            }
        }

        return size;
    }

    public static int Write(SubjectPayload p, Span<byte> destination)
    {
        uint bits = 0;
        var at = 5;
        for (var i = 0; i < TextCount; i++)
        {
            if (Text(p, i) is not { } text)
            {
                continue;
            }

            bits |= 1u << i;
            var length = Encoding.UTF8.GetByteCount(text);
            at += Write7Bit(destination[at..], length);
            at += Encoding.UTF8.GetBytes(text, destination[at..]);
        }

        if (p.BirthDate is { } birth)
        {
            bits |= 1u << BirthDateBit;
            BinaryPrimitives.WriteInt32LittleEndian(destination[at..], birth.DayNumber);
            at += 4;
        }

        if (p.SampleDate is { } sample)
        {
            bits |= 1u << SampleDateBit;
            BinaryPrimitives.WriteInt32LittleEndian(destination[at..], sample.DayNumber);
            at += 4;
        }

        if (p.ParentalOpposition)
        {
            bits |= 1u << OppositionBit;
        }

        destination[0] = Binary;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[1..], bits);
        return at;
    }

    public static SubjectPayload Read(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length > 0 && plaintext[0] == JsonStart)
        {
            return JsonSerializer.Deserialize(plaintext, SubjectPayloadJson.Default.SubjectPayload)
                ?? throw new CryptographicException("Empty payload.");
        }

        if (plaintext.Length < 5 || plaintext[0] != Binary)
        {
            throw new CryptographicException("Unknown subject payload format.");
        }

        var bits = BinaryPrimitives.ReadUInt32LittleEndian(plaintext[1..]);
        if ((bits & ~KnownBits) != 0)
        {
            throw new CryptographicException("Subject payload written by a newer version.");
        }

        var texts = new string?[TextCount];
        var at = 5;
        try
        {
            for (var i = 0; i < TextCount; i++)
            {
                if ((bits & (1u << i)) == 0)
                {
                    continue;
                }

                at += Read7Bit(plaintext[at..], out var length);
                texts[i] = Encoding.UTF8.GetString(plaintext.Slice(at, length));
                at += length;
            }

            DateOnly? birth = null, sample = null;
            if ((bits & (1u << BirthDateBit)) != 0)
            {
                birth = DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(plaintext[at..]));
                at += 4;
            }

            if ((bits & (1u << SampleDateBit)) != 0)
            {
                sample = DateOnly.FromDayNumber(BinaryPrimitives.ReadInt32LittleEndian(plaintext[at..]));
                at += 4;
            }

            if (at != plaintext.Length)
            {
                throw new CryptographicException("Subject payload has trailing bytes.");
            }

            return new SubjectPayload
            {
                LabPatientId = texts[0],
                Civility = texts[1],
                LastName = texts[2] ?? "",
                BirthName = texts[3],
                FirstName = texts[4] ?? "",
                Sex = texts[5],
                Nir = texts[6],
                AddressLine1 = texts[7],
                AddressLine2 = texts[8],
                AddressLine3 = texts[9],
                PostalCode = texts[10],
                City = texts[11],
                Country = texts[12],
                Phone = texts[13],
                Email = texts[14],
                BloodGroup = texts[15],
                TreatingDoctor = texts[16],
                HealthInsurer = texts[17],
                Comment = texts[18],
                Treatments = texts[19],
                Pathologies = texts[20],
                BirthDate = birth,
                SampleDate = sample,
                ParentalOpposition = (bits & (1u << OppositionBit)) != 0,
            };
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            throw new CryptographicException("Subject payload is truncated.", e);
        }
    }

    // The order of the texts is part of the format: never reorder, only append.
    private static string? Text(SubjectPayload p, int index) => index switch
    {
        0 => p.LabPatientId,
        1 => p.Civility,
        2 => p.LastName,
        3 => p.BirthName,
        4 => p.FirstName,
        5 => p.Sex,
        6 => p.Nir,
        7 => p.AddressLine1,
        8 => p.AddressLine2,
        9 => p.AddressLine3,
        10 => p.PostalCode,
        11 => p.City,
        12 => p.Country,
        13 => p.Phone,
        14 => p.Email,
        15 => p.BloodGroup,
        16 => p.TreatingDoctor,
        17 => p.HealthInsurer,
        18 => p.Comment,
        19 => p.Treatments,
        20 => p.Pathologies,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    private static int Write7Bit(Span<byte> destination, int value)
    {
        var n = 0;
        var v = (uint)value;
        while (v >= 0x80)
        {
            destination[n++] = (byte)(v | 0x80);
            v >>= 7;
        }

        destination[n++] = (byte)v;
        return n;
    }

    private static int Read7Bit(ReadOnlySpan<byte> source, out int value)
    {
        uint result = 0;
        for (var n = 0; n < 5; n++)
        {
            var b = source[n];
            result |= (uint)(b & 0x7f) << (7 * n);
            if ((b & 0x80) == 0)
            {
                if (result > int.MaxValue)
                {
                    break;
                }

                value = (int)result;
                return n + 1;
            }
        }

        throw new CryptographicException("Subject payload has a bad length.");
    }
}
