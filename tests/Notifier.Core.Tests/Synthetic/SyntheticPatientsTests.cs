using System.Text;
using Notifier.Core.Synthetic;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Tests.Synthetic;

// 20,000 rows generated once for the share and validity checks.
public sealed class TwentyThousandPatients
{
    public TwentyThousandPatients()
    {
        Rows = [.. SyntheticPatients.Generate(Options)];
    }

    public static SyntheticPatientOptions Options { get; } = new() { Count = 20_000, Seed = 1234, LabCode = "L07" };

    public IReadOnlyList<SyntheticPatient> Rows { get; }

    public double Share(Func<SyntheticPatient, bool> predicate) => Rows.Count(predicate) / (double)Rows.Count;
}

public sealed class SyntheticPatientsTests(TwentyThousandPatients data) : IClassFixture<TwentyThousandPatients>
{
    private static readonly DateOnly Reference = SyntheticPatientOptions.DefaultReferenceDate;

    [Fact]
    public void Same_seed_gives_the_same_rows()
    {
        var options = new SyntheticPatientOptions { Count = 2_000, Seed = 42 };

        var first = SyntheticPatients.Generate(options).ToList();
        var second = SyntheticPatients.Generate(options).ToList();

        Assert.Equal(2_000, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seeds_give_different_rows()
    {
        var first = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 2_000, Seed = 42 }).ToList();
        var second = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 2_000, Seed = 43 }).ToList();

        var identical = first.Zip(second).Count(pair => pair.First == pair.Second);
        Assert.Equal(0, identical);
        Assert.NotEqual(first.Select(p => p.LastName), second.Select(p => p.LastName));
    }

    [Fact]
    public void Generation_is_streamed()
    {
        // An infinite-looking count must not be materialised: taking a few rows returns at once.
        var rows = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = int.MaxValue }).Take(3).ToList();

        Assert.Equal(3, rows.Count);
    }

    [Fact]
    public void Every_present_nir_is_valid_and_consistent_with_sex_and_birth_date()
    {
        var withNir = data.Rows.Where(p => p.Nir is not null).ToList();

        Assert.NotEmpty(withNir);
        foreach (var p in withNir)
        {
            Assert.Equal(15, p.Nir!.Length);
            Assert.True(NirNumber.IsValid(p.Nir), p.LabPatientId);
            var check = NirNumber.Check(p.Nir, p.Sex[0], p.BirthDate);
            Assert.True(check.IsNirValid);
            Assert.False(check.HasMismatch, p.LabPatientId);
        }
    }

    [Fact]
    public void About_ninety_percent_have_a_nir()
    {
        Assert.InRange(data.Share(p => p.Nir is not null), 0.87, 0.93);
    }

    [Fact]
    public void Nir_birthplaces_include_abroad_corsica_and_overseas()
    {
        var departments = data.Rows.Where(p => p.Nir is not null)
            .Select(p => NirNumber.TryParse(p.Nir, out var info) ? info.Department : "?")
            .ToList();

        Assert.DoesNotContain("?", departments);
        Assert.InRange(departments.Count(d => d == "99") / (double)departments.Count, 0.04, 0.15);
        Assert.Contains("2A", departments);
        Assert.Contains("2B", departments);
        Assert.Contains(departments, d => d.Length == 3);
    }

    [Fact]
    public void Email_share_is_between_10_and_14_percent()
    {
        Assert.InRange(data.Share(p => p.Email is not null), 0.10, 0.14);
    }

    [Fact]
    public void Emails_use_reserved_example_domains_and_ascii_only()
    {
        foreach (var email in data.Rows.Select(p => p.Email).OfType<string>())
        {
            Assert.True(
                email.EndsWith("@example.org", StringComparison.Ordinal)
                || email.EndsWith("@example.net", StringComparison.Ordinal)
                || email.EndsWith("@example.com", StringComparison.Ordinal),
                email);
            Assert.True(Ascii.IsValid(email), email);
            Assert.DoesNotContain(' ', email);
            Assert.Equal(email.ToLowerInvariant(), email);
        }
    }

    [Fact]
    public void Minors_share_is_between_10_and_20_percent()
    {
        Assert.InRange(data.Share(p => Age(p.BirthDate) < 18), 0.10, 0.20);
    }

    [Fact]
    public void Only_minors_aged_12_or_more_carry_a_parental_opposition()
    {
        Assert.All(data.Rows.Where(p => p.ParentalOpposition), p => Assert.InRange(Age(p.BirthDate), 12, 17));

        var teenagers = data.Rows.Where(p => Age(p.BirthDate) is >= 12 and < 18).ToList();
        Assert.InRange(teenagers.Count(p => p.ParentalOpposition) / (double)teenagers.Count, 0.12, 0.28);
    }

    [Fact]
    public void All_lab_patient_ids_are_unique_and_carry_the_lab_code()
    {
        Assert.Equal(data.Rows.Count, data.Rows.Select(p => p.LabPatientId).Distinct(StringComparer.Ordinal).Count());
        Assert.All(data.Rows, p => Assert.Matches(@"^L07-\d{7}$", p.LabPatientId));
    }

    [Fact]
    public void French_postal_codes_have_five_digits()
    {
        var french = data.Rows.Where(p => p.Country == "FRANCE").ToList();

        Assert.All(french, p => Assert.Matches(@"^\d{5}$", p.PostalCode));
        Assert.InRange(french.Count(p => p.PostalCode.StartsWith("97", StringComparison.Ordinal)) / (double)data.Rows.Count, 0.01, 0.06);
    }

    [Fact]
    public void A_few_addresses_are_in_Belgium_or_Germany_with_their_postcode_format()
    {
        var foreign = data.Rows.Where(p => p.Country != "FRANCE").ToList();

        Assert.InRange(foreign.Count / (double)data.Rows.Count, 0.002, 0.01);
        Assert.All(foreign, p =>
        {
            Assert.True(p.Country is "BELGIQUE" or "ALLEMAGNE", p.Country);
            Assert.Matches(p.Country == "BELGIQUE" ? @"^\d{4}$" : @"^\d{5}$", p.PostalCode);
        });
    }

    [Fact]
    public void Patients_live_in_the_requested_departements()
    {
        var rows = SyntheticPatients.Generate(new SyntheticPatientOptions { Count = 3_000, Departments = ["29", "45"] }).ToList();

        var mainland = rows.Where(p => p.Country == "FRANCE" && !p.PostalCode.StartsWith("97", StringComparison.Ordinal)).ToList();
        Assert.All(mainland, p => Assert.True(p.PostalCode.StartsWith("29", StringComparison.Ordinal) || p.PostalCode.StartsWith("45", StringComparison.Ordinal), p.PostalCode));
        Assert.Contains(mainland, p => p.PostalCode.StartsWith("29", StringComparison.Ordinal));
        Assert.Contains(mainland, p => p.PostalCode.StartsWith("45", StringComparison.Ordinal));
    }

    [Fact]
    public void Sex_is_about_half_and_half_and_civility_follows_it()
    {
        Assert.InRange(data.Share(p => p.Sex == "F"), 0.47, 0.53);
        Assert.All(data.Rows, p => Assert.Equal(p.Sex == "F" ? "Mme" : "M.", p.Civility));
        Assert.All(data.Rows.Where(p => p.BirthName is not null), p => Assert.Equal("F", p.Sex));
    }

    [Fact]
    public void Birth_and_sample_dates_stay_in_the_reference_case_windows()
    {
        Assert.All(data.Rows, p =>
        {
            Assert.InRange(p.BirthDate, new DateOnly(1925, 1, 1), new DateOnly(2020, 10, 31));
            Assert.InRange(p.SampleDate, new DateOnly(2015, 1, 1), new DateOnly(2020, 10, 31));
            Assert.True(p.SampleDate >= p.BirthDate, p.LabPatientId);
        });
    }

    [Fact]
    public void Optional_columns_have_their_expected_shares()
    {
        Assert.InRange(data.Share(p => p.Phone is not null), 0.67, 0.73);
        Assert.InRange(data.Share(p => p.BloodGroup is not null), 0.57, 0.63);
        Assert.InRange(data.Share(p => p.TreatingDoctor is not null), 0.67, 0.73);
        Assert.InRange(data.Share(p => p.HealthInsurer is not null), 0.47, 0.53);
        Assert.InRange(data.Share(p => p.Comment is not null), 0.17, 0.23);
        Assert.InRange(data.Share(p => p.Treatments is not null), 0.13, 0.17);
        Assert.InRange(data.Share(p => p.Pathologies is not null), 0.08, 0.12);
    }

    [Fact]
    public void Phones_are_french_numbers_in_the_usual_formats()
    {
        foreach (var phone in data.Rows.Select(p => p.Phone).OfType<string>())
        {
            var digits = phone.Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
            if (digits.StartsWith("+33", StringComparison.Ordinal))
            {
                digits = "0" + digits[3..];
            }

            Assert.Matches(@"^0[2-7]\d{8}$", digits);
        }
    }

    [Fact]
    public void Pregnancy_comments_only_concern_women()
    {
        Assert.All(
            data.Rows.Where(p => p.Comment is { } c && (c.Contains("Grossesse", StringComparison.Ordinal) || c.Contains("prénatal", StringComparison.Ordinal))),
            p => Assert.Equal("F", p.Sex));
    }

    [Fact]
    public void Names_include_accents_hyphens_and_apostrophes()
    {
        Assert.Contains(data.Rows, p => p.FirstName.Contains('-', StringComparison.Ordinal));
        Assert.Contains(data.Rows, p => p.LastName.Contains('\'', StringComparison.Ordinal));
        Assert.Contains(data.Rows, p => p.LastName.Contains(' ', StringComparison.Ordinal));
        Assert.Contains(data.Rows, p => !Ascii.IsValid(p.FirstName));
    }

    [Theory]
    [InlineData("75")]
    [InlineData("2A")]
    [InlineData("")]
    public void Unknown_departements_are_rejected_before_enumeration(string department)
    {
        Assert.Throws<ArgumentException>(() => SyntheticPatients.Generate(new SyntheticPatientOptions { Departments = [department] }));
    }

    [Fact]
    public void A_reference_date_before_the_last_sample_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticPatients.Generate(new SyntheticPatientOptions { ReferenceDate = new DateOnly(2020, 1, 1) }));
    }

    private static int Age(DateOnly birth)
    {
        var age = Reference.Year - birth.Year;
        return Reference < birth.AddYears(age) ? age - 1 : age;
    }
}
