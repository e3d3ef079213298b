using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Core.Tests.Builders;

namespace Notifier.Core.Tests.Protection;

public sealed class SubjectPayloadCodecTests
{
    private static readonly string[] Samples = ["", " ", "é", "Zoé 🧪", "=HYPERLINK(\"x\")", "<script>alert(1)</script>", new string('x', 200), new string('é', 3000)];

    [Fact]
    public void Every_field_round_trips_alone_null_empty_and_long()
    {
        var properties = typeof(SubjectPayload).GetProperties().Where(p => p.PropertyType == typeof(string)).ToList();
        Assert.Equal(21, properties.Count);
        foreach (var property in properties)
        {
            foreach (var sample in Samples)
            {
                var payload = new SubjectPayload();
                property.SetValue(payload, sample);

                var read = RoundTrip(payload);

                Assert.Equal(payload, read);
                Assert.Equal(sample, property.GetValue(read));
            }
        }
    }

    [Fact]
    public void Random_payloads_round_trip_exactly()
    {
        var random = new Random(4);
        var properties = typeof(SubjectPayload).GetProperties().Where(p => p.PropertyType == typeof(string)).ToList();
        for (var n = 0; n < 2000; n++)
        {
            var payload = new SubjectPayload
            {
                BirthDate = random.Next(3) == 0 ? null : DateOnly.FromDayNumber(random.Next(693_000, 740_000)),
                SampleDate = random.Next(3) == 0 ? null : DateOnly.FromDayNumber(random.Next(693_000, 740_000)),
                ParentalOpposition = random.Next(2) == 0,
            };
            foreach (var property in properties)
            {
                property.SetValue(payload, random.Next(3) == 0 ? null : Samples[random.Next(Samples.Length)]);
            }

            payload = payload with { LastName = payload.LastName ?? "", FirstName = payload.FirstName ?? "" };

            Assert.Equal(payload, RoundTrip(payload));
        }
    }

    [Fact]
    public void Compact_form_is_smaller_than_the_json_of_the_first_rows()
    {
        var payload = Payloads.Full();
        var buffer = new byte[SubjectPayloadCodec.MaxSize(payload)];

        var length = SubjectPayloadCodec.Write(payload, buffer);

        Assert.Equal(0x02, buffer[0]);
        Assert.True(length < JsonSerializer.SerializeToUtf8Bytes(payload, SubjectPayloadJson.Default.SubjectPayload).Length * 0.8);
    }

    [Fact]
    public void Json_payloads_sealed_by_the_first_version_still_open()
    {
        var cipher = Ciphers.Default();
        var subjectId = Guid.NewGuid();
        var json = JsonSerializer.SerializeToUtf8Bytes(Payloads.Full(), SubjectPayloadJson.Default.SubjectPayload);
        var legacy = cipher.Seal(json, subjectId.ToByteArray());

        Assert.Equal(Payloads.Full(), cipher.OpenSubject(subjectId, legacy));
    }

    [Fact]
    public void Unknown_version_newer_fields_trailing_bytes_and_truncation_are_refused()
    {
        var payload = Payloads.Full();
        var buffer = new byte[SubjectPayloadCodec.MaxSize(payload)];
        var length = SubjectPayloadCodec.Write(payload, buffer);
        var good = buffer[..length];

        var unknownVersion = (byte[])good.Clone();
        unknownVersion[0] = 0x03;
        var newerField = (byte[])good.Clone();
        newerField[4] |= 0x80;   // bit 31

        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read(unknownVersion));
        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read(newerField));
        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read([.. good, 0]));
        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read(good.AsSpan(..^3)));
        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read(good.AsSpan(..20)));
        Assert.Throws<CryptographicException>(() => SubjectPayloadCodec.Read([]));
    }

    [Fact]
    public void Nonces_of_many_sealed_values_never_repeat()
    {
        var cipher = Ciphers.Default();
        var seen = new HashSet<string>();
        for (var i = 0; i < 5000; i++)
        {
            Assert.True(seen.Add(Convert.ToHexString(cipher.Seal(Encoding.UTF8.GetBytes("x")).AsSpan(2, 12))));
        }
    }

    private static SubjectPayload RoundTrip(SubjectPayload payload)
    {
        var cipher = Ciphers.Default();
        var id = Guid.NewGuid();
        return cipher.OpenSubject(id, cipher.SealSubject(id, payload));
    }
}
