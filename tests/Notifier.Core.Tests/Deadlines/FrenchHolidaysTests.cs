using Notifier.Core.Deadlines;

namespace Notifier.Core.Tests.Deadlines;

// Code du travail L.3133-1, Alsace-Moselle local law, and the overseas abolition-of-slavery days (décret 83-1003).
public sealed class FrenchHolidaysTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Metropolitan_2021_has_exactly_the_eleven_legal_holidays_with_Easter_on_4_April()
    {
        DateOnly[] expected =
        [
            D(2021, 1, 1), D(2021, 4, 5), D(2021, 5, 1), D(2021, 5, 8), D(2021, 5, 13), D(2021, 5, 24),
            D(2021, 7, 14), D(2021, 8, 15), D(2021, 11, 1), D(2021, 11, 11), D(2021, 12, 25),
        ];

        Assert.Equal(expected, FrenchHolidays.For(2021, HolidayRegion.Metropolitan).Order());
    }

    [Fact]
    public void Metropolitan_2024_has_exactly_the_eleven_legal_holidays_with_Easter_on_31_March()
    {
        DateOnly[] expected =
        [
            D(2024, 1, 1), D(2024, 4, 1), D(2024, 5, 1), D(2024, 5, 8), D(2024, 5, 9), D(2024, 5, 20),
            D(2024, 7, 14), D(2024, 8, 15), D(2024, 11, 1), D(2024, 11, 11), D(2024, 12, 25),
        ];

        Assert.Equal(expected, FrenchHolidays.For(2024, HolidayRegion.Metropolitan).Order());
    }

    [Theory]
    [InlineData(2021, 4, 4)]
    [InlineData(2024, 3, 31)]
    [InlineData(2019, 4, 21)]
    [InlineData(2025, 4, 20)]
    [InlineData(1818, 3, 22)] // earliest possible date
    [InlineData(2285, 3, 22)]
    [InlineData(1943, 4, 25)] // latest possible date
    [InlineData(2038, 4, 25)]
    [InlineData(2000, 4, 23)]
    [InlineData(1583, 4, 10)]
    public void Easter_Sunday_follows_the_Gregorian_computus(int year, int month, int day)
    {
        Assert.Equal(D(year, month, day), FrenchHolidays.EasterSunday(year));
    }

    [Fact]
    public void Alsace_Moselle_adds_Good_Friday_and_26_December()
    {
        var alsace = FrenchHolidays.For(2021, HolidayRegion.AlsaceMoselle);
        var metropolitan = FrenchHolidays.For(2021, HolidayRegion.Metropolitan);

        Assert.Equal(13, alsace.Count);
        Assert.True(alsace.IsSupersetOf(metropolitan));
        Assert.Equal([D(2021, 4, 2), D(2021, 12, 26)], alsace.Except(metropolitan).Order());
        Assert.Contains(D(2024, 3, 29), FrenchHolidays.For(2024, HolidayRegion.AlsaceMoselle));
    }

    [Theory]
    [InlineData(HolidayRegion.Guadeloupe, 5, 27)]
    [InlineData(HolidayRegion.Martinique, 5, 22)]
    [InlineData(HolidayRegion.Guyane, 6, 10)]
    [InlineData(HolidayRegion.Reunion, 12, 20)]
    [InlineData(HolidayRegion.Mayotte, 4, 27)]
    public void Each_overseas_departement_adds_only_its_abolition_of_slavery_day(HolidayRegion region, int month, int day)
    {
        var regional = FrenchHolidays.For(2021, region);
        var metropolitan = FrenchHolidays.For(2021, HolidayRegion.Metropolitan);

        Assert.Equal(12, regional.Count);
        Assert.Equal([D(2021, month, day)], regional.Except(metropolitan));
        Assert.DoesNotContain(D(2021, month, day), metropolitan);
    }

    [Fact]
    public void Holidays_falling_on_a_weekend_are_still_listed()
    {
        // 1 May 2021 and 8 May 2021 were Saturdays; 25 Dec 2021 was a Saturday.
        var holidays = FrenchHolidays.For(2021, HolidayRegion.Metropolitan);

        Assert.Contains(D(2021, 5, 1), holidays);
        Assert.Contains(D(2021, 5, 8), holidays);
        Assert.Contains(D(2021, 12, 25), holidays);
    }

    [Fact]
    public void An_ordinary_weekday_is_a_working_day()
    {
        Assert.True(FrenchHolidays.IsWorkingDay(D(2021, 5, 18), HolidayRegion.Metropolitan)); // Tuesday
        Assert.True(FrenchHolidays.IsWorkingDay(D(2021, 5, 21), HolidayRegion.Metropolitan)); // Friday
    }

    [Fact]
    public void Saturdays_and_Sundays_are_not_working_days()
    {
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 5, 22), HolidayRegion.Metropolitan));
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 5, 23), HolidayRegion.Metropolitan));
    }

    [Fact]
    public void Whit_Monday_and_Ascension_are_not_working_days()
    {
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 5, 24), HolidayRegion.Metropolitan));
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 5, 13), HolidayRegion.Metropolitan));
    }

    [Fact]
    public void A_regional_day_is_a_working_day_elsewhere()
    {
        // Thursday 27 May 2021.
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 5, 27), HolidayRegion.Guadeloupe));
        Assert.True(FrenchHolidays.IsWorkingDay(D(2021, 5, 27), HolidayRegion.Metropolitan));
        // Friday 2 April 2021, Good Friday.
        Assert.False(FrenchHolidays.IsWorkingDay(D(2021, 4, 2), HolidayRegion.AlsaceMoselle));
        Assert.True(FrenchHolidays.IsWorkingDay(D(2021, 4, 2), HolidayRegion.Metropolitan));
    }

    [Fact]
    public void Years_outside_the_Gregorian_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchHolidays.For(1582, HolidayRegion.Metropolitan));
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchHolidays.EasterSunday(10000));
    }

    [Fact]
    public void An_undefined_region_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FrenchHolidays.For(2021, (HolidayRegion)99));
    }
}
