using System.Globalization;
using Notifier.Core.Nir;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Tests.Nir;

// Vectors from regulation.md §7.2 (keys verified there by computation). All NIRs here are synthetic.
public sealed class NirTests
{
    [Fact]
    public void Grouped_nir_of_a_person_born_abroad_is_valid_with_key_93()
    {
        Assert.True(NirNumber.IsValid("2 95 10 99 126 111 93"));
        Assert.Equal(93, NirNumber.ComputeKey("2951099126111"));
    }

    [Fact]
    public void Corsican_2B_nir_is_valid()
    {
        Assert.True(NirNumber.IsValid("253072B07300470"));
        Assert.Equal(70, NirNumber.ComputeKey("253072B073004"));
    }

    [Fact]
    public void Corsican_2A_nir_is_valid()
    {
        Assert.True(NirNumber.IsValid("253072A07300443"));
        Assert.Equal(43, NirNumber.ComputeKey("253072A073004"));
    }

    [Fact]
    public void Mainland_nir_with_key_38_is_valid()
    {
        Assert.True(NirNumber.IsValid("255081416802538"));
        Assert.Equal(38, NirNumber.ComputeKey("2550814168025"));
    }

    [Fact]
    public void Mainland_nir_with_a_wrong_key_is_invalid()
    {
        Assert.False(NirNumber.IsValid("255081416802539"));
    }

    [Fact]
    public void Corsican_letters_swapped_between_2A_and_2B_make_the_key_wrong()
    {
        Assert.False(NirNumber.IsValid("253072A07300470"));
        Assert.False(NirNumber.IsValid("253072B07300443"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("25508141680253")]        // 14 characters
    [InlineData("2550814168025380")]      // 16 characters
    [InlineData("2550814168O2538")]       // letter O instead of a zero
    [InlineData("253072C07300470")]       // only 2A and 2B exist
    [InlineData("2A3072B07300470")]       // letters outside positions 6–7
    [InlineData("25307AB07300470")]       // "AB" is not Corsica
    [InlineData("2550814168025AB")]       // key not digits
    [InlineData("255081416802538/")]      // stray character
    public void Malformed_nirs_are_invalid(string? raw)
    {
        Assert.False(NirNumber.IsValid(raw));
        Assert.False(NirNumber.TryParse(raw, out _));
    }

    [Fact]
    public void Normalize_removes_spaces_dots_and_dashes_and_upper_cases()
    {
        Assert.Equal("253072B07300470", NirNumber.Normalize("2.53.07-2b 073\u00A0004\u202F70"));
        Assert.True(NirNumber.IsValid("2 53 07 2b 073 004 70"));
    }

    [Fact]
    public void ComputeKey_rejects_a_body_that_is_not_13_characters()
    {
        Assert.Throws<ArgumentException>(() => NirNumber.ComputeKey("255081416802"));
        Assert.Throws<ArgumentException>(() => NirNumber.ComputeKey("25508141680X5"));
    }

    [Fact]
    public void TryParse_splits_the_nir_of_a_person_born_abroad()
    {
        Assert.True(NirNumber.TryParse("2 95 10 99 126 111 93", out var info));

        Assert.Equal(new NirInfo(2, 95, 10, "99", "126", "111", 93), info);
        Assert.True(info.IsBornAbroad);
        Assert.False(info.IsMonthUnknown);
    }

    [Fact]
    public void TryParse_keeps_the_Corsican_letters_in_the_department()
    {
        Assert.True(NirNumber.TryParse("253072B07300470", out var info));

        Assert.Equal(new NirInfo(2, 53, 7, "2B", "073", "004", 70), info);
    }

    [Fact]
    public void TryParse_reads_an_overseas_department_on_three_characters_and_the_commune_on_two()
    {
        var nir = NirNumber.Create(1, new DateOnly(1980, 5, 17), "971", "12", 45);

        Assert.True(NirNumber.TryParse(nir, out var info));

        Assert.Equal(new NirInfo(1, 80, 5, "971", "12", "045", int.Parse(nir[13..], CultureInfo.InvariantCulture)), info);
    }

    [Fact]
    public void TryParse_rejects_a_nir_with_a_wrong_key()
    {
        Assert.False(NirNumber.TryParse("255081416802539", out _));
    }

    [Fact]
    public void Every_key_computed_by_Create_round_trips_through_IsValid_and_TryParse()
    {
        string[] departments = ["01", "19", "20", "22", "29", "35", "56", "75", "95", "2A", "2B", "99", "971", "974", "988"];
        var rng = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var sex = rng.Next(2) + 1;
            var birth = DateOnly.FromDayNumber(rng.Next(new DateOnly(1900, 1, 1).DayNumber, new DateOnly(2021, 1, 1).DayNumber));
            var department = departments[rng.Next(departments.Length)];
            var commune = department.Length == 3
                ? rng.Next(1, 100).ToString("D2", CultureInfo.InvariantCulture)
                : rng.Next(1, 1000).ToString("D3", CultureInfo.InvariantCulture);
            var order = rng.Next(1, 1000);

            var nir = NirNumber.Create(sex, birth, department, commune, order);

            Assert.Equal(15, nir.Length);
            Assert.True(NirNumber.IsValid(nir), nir);
            Assert.True(NirNumber.TryParse(nir, out var info));
            Assert.Equal(sex, info.SexDigit);
            Assert.Equal(birth.Year % 100, info.YearOfBirth2);
            Assert.Equal(birth.Month, info.MonthOfBirth);
            Assert.Equal(department, info.Department);
            Assert.Equal(commune, info.CommuneOrCountry);
            Assert.Equal(order, int.Parse(info.Order, CultureInfo.InvariantCulture));
            Assert.InRange(info.Key, 1, 97);

            // Any other key must be rejected.
            var otherKey = (info.Key % 97) + 1;
            Assert.False(NirNumber.IsValid(nir[..13] + otherKey.ToString("D2", CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Create_matches_the_published_vectors()
    {
        Assert.Equal("295109912611193", NirNumber.Create(2, new DateOnly(1995, 10, 1), "99", "126", 111));
        Assert.Equal("253072B07300470", NirNumber.Create(2, new DateOnly(1953, 7, 1), "2b", "073", 4));
        Assert.Equal("255081416802538", NirNumber.Create(2, new DateOnly(1955, 8, 1), "14", "168", 25));
    }

    [Theory]
    [InlineData(3, "35", "238", 1)]      // sex digit not 1, 2, 7 or 8
    [InlineData(1, "35", "238", 0)]      // order starts at 001
    [InlineData(1, "35", "238", 1000)]   // order has three digits
    [InlineData(1, "00", "238", 1)]
    [InlineData(1, "96", "238", 1)]      // 96 is not a département
    [InlineData(1, "2C", "238", 1)]
    [InlineData(1, "35", "38", 1)]       // mainland commune has three digits
    [InlineData(1, "971", "123", 1)]     // overseas commune has two digits
    [InlineData(1, "97", "123", 1)]      // overseas département needs three characters
    [InlineData(1, "35", "2A8", 1)]
    public void Create_rejects_impossible_parts(int sex, string department, string commune, int order)
    {
        Assert.ThrowsAny<ArgumentException>(() => NirNumber.Create(sex, new DateOnly(1970, 1, 1), department, commune, order));
    }

    [Fact]
    public void Mask_shows_only_the_last_digits_of_the_order_number()
    {
        Assert.Equal("X XX XX XX XXX X25 XX", NirNumber.Mask("255081416802538"));
        Assert.Equal("X XX XX XX XXX X11 XX", NirNumber.Mask("2 95 10 99 126 111 93"));
        Assert.Equal("X XX XX XX XXX X04 XX", NirNumber.Mask("253072B07300470"));
    }

    [Fact]
    public void Mask_hides_sex_year_month_and_place()
    {
        // Same order number, everything else different: the masks must be identical.
        var a = NirNumber.Create(1, new DateOnly(1951, 3, 9), "35", "238", 123);
        var b = NirNumber.Create(2, new DateOnly(1999, 11, 30), "2A", "004", 123);
        var c = NirNumber.Create(2, new DateOnly(2004, 7, 1), "974", "11", 123);

        Assert.Equal("X XX XX XX XXX X23 XX", NirNumber.Mask(a));
        Assert.Equal(NirNumber.Mask(a), NirNumber.Mask(b));
        Assert.Equal(NirNumber.Mask(a), NirNumber.Mask(c));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2550814168")]
    [InlineData("2550814168025381")]
    [InlineData("25508141680AB38")]
    public void Mask_of_malformed_input_reveals_nothing(string raw)
    {
        Assert.Equal(NirNumber.FullyMasked, NirNumber.Mask(raw));
    }

    [Fact]
    public void Check_finds_no_mismatch_when_sex_and_birth_date_agree()
    {
        var birth = new DateOnly(1987, 6, 15);
        var nir = NirNumber.Create(2, birth, "56", "260", 42);

        var result = NirNumber.Check(nir, 'F', birth);

        Assert.True(result.IsNirValid);
        Assert.False(result.HasMismatch);
    }

    [Fact]
    public void Check_reports_each_mismatch_separately()
    {
        var birth = new DateOnly(1987, 6, 15);
        var nir = NirNumber.Create(2, birth, "56", "260", 42);

        Assert.Equal(new NirConsistency(true, SexMismatch: true, false, false, false), NirNumber.Check(nir, 'M', birth));
        Assert.Equal(new NirConsistency(true, false, YearMismatch: true, false, false), NirNumber.Check(nir, 'f', new DateOnly(1988, 6, 15)));
        Assert.Equal(new NirConsistency(true, false, false, MonthMismatch: true, false), NirNumber.Check(nir, 'F', new DateOnly(1987, 7, 15)));
    }

    [Fact]
    public void Check_compares_only_the_last_two_digits_of_the_year()
    {
        var nir = NirNumber.Create(1, new DateOnly(1920, 4, 2), "29", "019", 7);

        Assert.False(NirNumber.Check(nir, 'M', new DateOnly(2020, 4, 2)).HasMismatch);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(42)]
    [InlineData(50)]
    [InlineData(99)]
    public void Unknown_month_in_the_nir_is_not_a_mismatch(int month)
    {
        var nir = WithMonth(month);

        var result = NirNumber.Check(nir, 'F', new DateOnly(1987, 6, 15));

        Assert.True(result.IsNirValid);
        Assert.True(result.MonthUnknown);
        Assert.False(result.HasMismatch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    [InlineData(19)]
    [InlineData(43)]
    [InlineData(49)]
    public void Undefined_month_in_the_nir_is_a_mismatch(int month)
    {
        var result = NirNumber.Check(WithMonth(month), 'F', new DateOnly(1987, 6, 15));

        Assert.False(result.MonthUnknown);
        Assert.True(result.MonthMismatch);
    }

    [Fact]
    public void Check_skips_what_the_import_did_not_give()
    {
        var nir = NirNumber.Create(2, new DateOnly(1987, 6, 15), "56", "260", 42);

        Assert.False(NirNumber.Check(nir, null, null).HasMismatch);
        Assert.False(NirNumber.Check(nir, 'X', new DateOnly(1987, 6, 1)).HasMismatch);
    }

    [Fact]
    public void Check_skips_the_sex_of_a_provisional_number()
    {
        var nir = NirNumber.Create(7, new DateOnly(1990, 1, 5), "99", "350", 3);

        Assert.False(NirNumber.Check(nir, 'F', new DateOnly(1990, 1, 5)).SexMismatch);
    }

    [Fact]
    public void Check_of_an_invalid_nir_compares_nothing()
    {
        var result = NirNumber.Check("255081416802539", 'M', new DateOnly(2000, 1, 1));

        Assert.False(result.IsNirValid);
        Assert.False(result.HasMismatch);
    }

    private static string WithMonth(int month)
    {
        var body = string.Create(CultureInfo.InvariantCulture, $"287{month:D2}99126111");
        return string.Create(CultureInfo.InvariantCulture, $"{body}{NirNumber.ComputeKey(body):D2}");
    }
}
