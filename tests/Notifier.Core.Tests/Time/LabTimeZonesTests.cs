namespace Notifier.Core.Tests.Time;

public sealed class LabTimeZonesTests
{
    public static TheoryData<string> CommonZones => new(LabTimeZones.Common);

    [Theory]
    [MemberData(nameof(CommonZones))]
    public void Every_zone_offered_to_laboratories_is_known(string id)
    {
        Assert.True(LabTimeZones.IsKnown(id));
        Assert.Equal(id, LabTimeZones.Find(id).Id);
    }

    [Fact]
    public void Default_zone_is_Paris_and_is_offered()
    {
        Assert.Equal("Europe/Paris", LabTimeZones.Default);
        Assert.Contains(LabTimeZones.Default, LabTimeZones.Common);
    }

    [Fact]
    public void Offered_zone_ids_fit_the_stored_column()
    {
        Assert.All(LabTimeZones.Common, id => Assert.InRange(id.Length, 1, LabTimeZones.IdMax));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Pariss")]
    [InlineData("UTC+01:00")]
    public void Missing_or_unknown_zone_ids_are_not_known(string? id)
    {
        Assert.False(LabTimeZones.IsKnown(id));
    }

    [Theory]
    [InlineData(60, "UTC+01:00")]
    [InlineData(120, "UTC+02:00")]
    [InlineData(0, "UTC+00:00")]
    [InlineData(-240, "UTC\u221204:00")]
    [InlineData(660, "UTC+11:00")]
    [InlineData(330, "UTC+05:30")]
    [InlineData(-570, "UTC\u221209:30")]
    public void Offsets_are_formatted_with_sign_hours_and_minutes(int minutes, string expected)
    {
        Assert.Equal(expected, LabTimeZones.FormatOffset(TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Negative_offsets_use_the_unicode_minus_sign_not_a_hyphen()
    {
        var text = LabTimeZones.FormatOffset(TimeSpan.FromHours(-4));

        Assert.Equal('\u2212', text[3]);
        Assert.DoesNotContain('-', text);
    }
}
