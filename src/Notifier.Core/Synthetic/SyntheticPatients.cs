using System.Globalization;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Synthetic;

// Deterministic synthetic patients shaped like the file of the reference case (regulation.md §0): 491,840 patients of
// labs in Bretagne, Normandie and Centre-Val de Loire, sampled between 2015 and October 2020, with identity, contact,
// NIR and free-text health data. Used for demos, imports and load tests: never real people.
//
// Same options → same rows: one System.Random seeded with Options.Seed, consumed in a fixed order per row.
// (System.Random's seeded sequence is stable within a .NET version; Microsoft does not promise it across versions.)
// Rows are streamed, so memory does not grow with Count.
public static class SyntheticPatients
{
    // Samples in the leaked file were taken between 2015 and October 2020 (regulation.md §0).
    public static readonly DateOnly FirstSampleDate = new(2015, 1, 1);
    public static readonly DateOnly LastSampleDate = new(2020, 10, 31);
    public static readonly DateOnly EarliestBirthDate = new(1925, 1, 1);

    private const double MinorShare = 0.15;
    private const double NirShare = 0.90;
    private const double PhoneShare = 0.70;
    private const double EmailShare = 0.12;
    private const double BloodGroupShare = 0.60;
    private const double DoctorShare = 0.70;
    private const double InsurerShare = 0.50;
    private const double CommentShare = 0.20;
    private const double TreatmentShare = 0.15;
    private const double PathologyShare = 0.10;
    private const double ForeignShare = 0.005;
    private const double OverseasShare = 0.03;
    private const double OppositionShare = 0.20;
    private const int DoctorPoolSize = 400;

    public static IEnumerable<SyntheticPatient> Generate(SyntheticPatientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.LabCode);
        ArgumentNullException.ThrowIfNull(options.Departments);
        if (options.Departments.Count == 0)
        {
            throw new ArgumentException("At least one département is required.", nameof(options));
        }

        var departments = new string[options.Departments.Count];
        for (var i = 0; i < departments.Length; i++)
        {
            var code = options.Departments[i];
            if (code is null || !SyntheticData.CommunesByDepartment.ContainsKey(code))
            {
                throw new ArgumentException(
                    $"No commune table for département '{code}'. Supported: {string.Join(", ", SyntheticPatientOptions.DefaultDepartments)}.",
                    nameof(options));
            }

            departments[i] = code;
        }

        if (options.ReferenceDate < LastSampleDate)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReferenceDate, "ReferenceDate must not precede the last sample date (2020-10-31).");
        }

        // Validate eagerly, then stream: an iterator alone would only throw on the first MoveNext.
        return Iterate(options, departments);
    }

    private static IEnumerable<SyntheticPatient> Iterate(SyntheticPatientOptions options, string[] departments)
    {
        var rng = new Random(options.Seed);
        var generator = new RowGenerator(rng, options, departments);
        for (var i = 0; i < options.Count; i++)
        {
            yield return generator.Next();
        }
    }

    internal static int AgeAt(DateOnly birthDate, DateOnly date)
    {
        var age = date.Year - birthDate.Year;
        if (date < birthDate.AddYears(age))
        {
            age--;
        }

        return age;
    }

    private sealed class RowGenerator
    {
        private readonly Random _rng;
        private readonly string _labCode;
        private readonly string[] _departments;
        private readonly DateOnly _reference;
        private readonly string[] _doctors;

        // Birth-date windows as day numbers: minors are under 18 at the reference date (regulation.md §8 computes age at
        // the letter date); everyone is born before the last sample so that a sample date exists after birth.
        private readonly int _adultFirstDay;
        private readonly int _adultLastDay;
        private readonly int _minorFirstDay;
        private readonly int _minorLastDay;

        private int _sequence;

        public RowGenerator(Random rng, SyntheticPatientOptions options, string[] departments)
        {
            _rng = rng;
            _labCode = options.LabCode;
            _departments = departments;
            _reference = options.ReferenceDate;

            var eighteenthBirthdayCutoff = _reference.AddYears(-18);
            _adultFirstDay = EarliestBirthDate.DayNumber;
            _adultLastDay = Math.Min(eighteenthBirthdayCutoff.DayNumber, LastSampleDate.DayNumber);
            _minorFirstDay = eighteenthBirthdayCutoff.DayNumber + 1;
            _minorLastDay = LastSampleDate.DayNumber;

            // Labs see the same local doctors again and again, so doctors come from a fixed pool per run.
            _doctors = new string[DoctorPoolSize];
            // Practising doctors were born between about 1950 and 1990: the middle and young generations of names.
            for (var i = 0; i < _doctors.Length; i++)
            {
                var byEra = _rng.Next(2) == 0 ? SyntheticData.FemaleFirstNamesByEra : SyntheticData.MaleFirstNamesByEra;
                var first = Pick(byEra[_rng.Next(4) == 0 ? 2 : 1]).Display;
                _doctors[i] = $"Dr {first} {Pick(SyntheticData.Surnames).Display}";
            }

            _sequence = _rng.Next(1, 1_000);
        }

        public SyntheticPatient Next()
        {
            // Gaps in the sequence, as in a real lab's patient file; strictly increasing, hence unique in a run.
            _sequence += 1 + _rng.Next(3);
            var labPatientId = string.Create(CultureInfo.InvariantCulture, $"{_labCode}-{_sequence:D7}");

            var female = _rng.Next(2) == 0;
            var birthDate = NextBirthDate();
            var age = AgeAt(birthDate, _reference);

            // Mostly a name of the person's generation, sometimes any (names come back into fashion, families differ).
            var byEra = female ? SyntheticData.FemaleFirstNamesByEra : SyntheticData.MaleFirstNamesByEra;
            var era = _rng.Next(5) == 0 ? _rng.Next(byEra.Length) : SyntheticData.Era(birthDate.Year);
            var firstName = Pick(byEra[era]);
            var lastName = Pick(SyntheticData.Surnames);

            // Some married women use their spouse's name; the birth name is then a separate column.
            string? birthName = null;
            if (female && age >= 22 && _rng.NextDouble() < 0.40)
            {
                birthName = Pick(SyntheticData.Surnames).Display;
                if (birthName == lastName.Display)
                {
                    birthName = null;
                }
            }

            var address = NextAddress();
            var nir = _rng.NextDouble() < NirShare ? NextNir(female, birthDate, address) : null;
            var phone = _rng.NextDouble() < PhoneShare ? NextPhone(address) : null;
            var email = _rng.NextDouble() < EmailShare ? NextEmail(firstName, lastName) : null;
            var bloodGroup = _rng.NextDouble() < BloodGroupShare ? NextBloodGroup() : null;
            var doctor = _rng.NextDouble() < DoctorShare ? Pick(_doctors) : null;
            var insurer = _rng.NextDouble() < InsurerShare ? Pick(SyntheticData.HealthInsurers) : null;

            var sampleFirst = Math.Max(FirstSampleDate.DayNumber, birthDate.DayNumber);
            var sampleDate = DateOnly.FromDayNumber(_rng.Next(sampleFirst, LastSampleDate.DayNumber + 1));
            var ageAtSample = AgeAt(birthDate, sampleDate);

            var comment = _rng.NextDouble() < CommentShare ? NextComment(female, ageAtSample) : null;
            var treatments = _rng.NextDouble() < TreatmentShare ? Pick(SyntheticData.Treatments) : null;
            var pathologies = _rng.NextDouble() < PathologyShare ? Pick(SyntheticData.Pathologies) : null;

            // CSP L.1111-5: a minor may refuse that parents be told, typically a teenager (contraception, STI, HIV).
            var opposition = age is >= 12 and < 18 && _rng.NextDouble() < OppositionShare;

            return new SyntheticPatient(
                labPatientId,
                female ? "Mme" : "M.",
                lastName.Display,
                birthName,
                firstName.Display,
                female ? "F" : "M",
                birthDate,
                nir,
                address.Line1,
                address.Line2,
                address.Line3,
                address.PostalCode,
                address.City,
                address.Country,
                phone,
                email,
                bloodGroup,
                doctor,
                insurer,
                comment,
                treatments,
                pathologies,
                sampleDate,
                opposition);
        }

        private DateOnly NextBirthDate()
        {
            var minor = _minorFirstDay <= _minorLastDay && _rng.NextDouble() < MinorShare;
            var day = minor ? _rng.Next(_minorFirstDay, _minorLastDay + 1) : _rng.Next(_adultFirstDay, _adultLastDay + 1);
            return DateOnly.FromDayNumber(day);
        }

        private Address NextAddress()
        {
            var r = _rng.NextDouble();
            if (r < ForeignShare)
            {
                var foreign = Pick(SyntheticData.ForeignCommunes);
                var number = NextStreetNumber();
                var street = foreign.Country == "BELGIQUE" ? Pick(SyntheticData.BelgianStreets) : Pick(SyntheticData.GermanStreets);
                return new Address(
                    string.Create(CultureInfo.InvariantCulture, $"{street} {number}"), null, null,
                    foreign.PostalCode, foreign.Name, foreign.Country, Department: null, Foreign: foreign, Overseas: null);
            }

            if (r < ForeignShare + OverseasShare)
            {
                var overseas = Pick(SyntheticData.OverseasCommunes);
                var (line1, line2, line3) = NextStreetLines(breton: false);
                return new Address(line1, line2, line3, overseas.PostalCode, overseas.Name, "FRANCE", overseas.Department, null, overseas);
            }

            var department = Pick(_departments);
            var communes = SyntheticData.CommunesByDepartment[department];
            // The first commune of each list is the préfecture: weight it like the rest of the département combined.
            var commune = _rng.Next(2) == 0 ? communes[0] : Pick(communes);
            var lines = NextStreetLines(breton: department is "22" or "29" or "35" or "56");
            return new Address(lines.Line1, lines.Line2, lines.Line3, commune.PostalCode, commune.Name, "FRANCE", department, null, null);
        }

        private (string Line1, string? Line2, string? Line3) NextStreetLines(bool breton)
        {
            var r = _rng.NextDouble();
            if (r < 0.08)
            {
                // Rural address: the hamlet alone (NF Z10-011 line 5), written either way by lab staff.
                var hamlet = breton ? Pick(SyntheticData.BretonLieuxDits) : Pick(SyntheticData.OtherLieuxDits);
                return (_rng.Next(2) == 0 ? "lieu-dit " + hamlet : hamlet, null, null);
            }

            var number = NextStreetNumber();
            var suffix = _rng.NextDouble() switch
            {
                < 0.03 => " bis",
                < 0.04 => " ter",
                _ => "",
            };
            var line1 = string.Create(CultureInfo.InvariantCulture, $"{number}{suffix} {Pick(SyntheticData.StreetTypes)} {Pick(SyntheticData.StreetNames)}");

            string? line2 = null;
            string? line3 = null;
            var extra = _rng.NextDouble();
            if (extra < 0.06)
            {
                line2 = string.Create(CultureInfo.InvariantCulture, $"Appartement {_rng.Next(1, 60)}");
                if (_rng.Next(3) == 0)
                {
                    line3 = Pick(SyntheticData.Residences);
                }
            }
            else if (extra < 0.10)
            {
                line2 = "Bâtiment " + (char)('A' + _rng.Next(6));
            }
            else if (extra < 0.13)
            {
                line2 = Pick(SyntheticData.Residences);
            }
            else if (extra < 0.15)
            {
                // A street in a hamlet: the lieu-dit as an extra line.
                line3 = breton ? Pick(SyntheticData.BretonLieuxDits) : Pick(SyntheticData.OtherLieuxDits);
            }

            return (line1, line2, line3);
        }

        // Mostly small numbers, as on real streets.
        private int NextStreetNumber() => _rng.Next(4) == 0 ? _rng.Next(1, 250) : _rng.Next(1, 40);

        // Consistent with sex, birth year and month (§7.2); birthplace mostly the home département, some born abroad
        // (99), a few in Corsica (2A/2B) or overseas, the rest elsewhere in mainland France.
        private string NextNir(bool female, DateOnly birthDate, Address address)
        {
            string department;
            string commune;
            var r = _rng.NextDouble();
            if (address.Foreign is { } foreign && r < 0.6)
            {
                department = "99";
                commune = foreign.InseeCountryCode;
            }
            else if (address.Overseas is { } overseas && r < 0.7)
            {
                department = overseas.Department;
                commune = NextTwoDigitCommune();
            }
            else if (address.Department is { Length: 2 } home && r < 0.72)
            {
                department = home;
                commune = NextThreeDigitCommune();
            }
            else if (r < 0.80)
            {
                department = "99";
                commune = Pick(SyntheticData.BirthCountryCodes);
            }
            else if (r < 0.81)
            {
                department = _rng.Next(2) == 0 ? "2A" : "2B";
                commune = NextThreeDigitCommune();
            }
            else if (r < 0.83)
            {
                department = Pick(SyntheticData.OverseasCommunes).Department;
                commune = NextTwoDigitCommune();
            }
            else
            {
                // Any mainland département except 20 (Corsica is 2A/2B since 1976).
                var n = _rng.Next(1, 95);
                department = (n >= 20 ? n + 1 : n).ToString("D2", CultureInfo.InvariantCulture);
                commune = NextThreeDigitCommune();
            }

            return NirNumber.Create(female ? 2 : 1, birthDate, department, commune, _rng.Next(1, 1000));
        }

        private string NextThreeDigitCommune() => _rng.Next(1, 700).ToString("D3", CultureInfo.InvariantCulture);

        private string NextTwoDigitCommune() => _rng.Next(1, 25).ToString("D2", CultureInfo.InvariantCulture);

        // Numbers are random, so a real line may be hit by chance; they carry no name and the app never dials or texts.
        private string NextPhone(Address address)
        {
            string prefix;
            if (address.Overseas is { } overseas)
            {
                prefix = _rng.Next(2) == 0 ? overseas.MobilePrefix : overseas.LandlinePrefix;
            }
            else
            {
                // Landlines of north-west France start 02 and carry the area's code; mobiles are 06 or 073–079
                // (070–072 are not mobile ranges). Foreign residents keep a French mobile.
                prefix = _rng.Next(20) switch
                {
                    < 9 => "06",
                    < 13 => "07" + (char)('3' + _rng.Next(7)),
                    _ when address.Department is { } home && SyntheticData.LandlinePrefixes.TryGetValue(home, out var area) => area,
                    _ => "06",
                };
            }

            // Pad the national number to 10 digits after the prefix.
            var restLength = 10 - prefix.Length;
            Span<char> digits = stackalloc char[10];
            prefix.AsSpan().CopyTo(digits);
            for (var i = 0; i < restLength; i++)
            {
                digits[prefix.Length + i] = (char)('0' + _rng.Next(10));
            }

            // Formats typed into lab software differ; the importer has to accept them all.
            return _rng.Next(20) switch
            {
                < 11 => Grouped(digits, ' '),
                < 16 => new string(digits),
                < 18 => Grouped(digits, '.'),
                < 19 => "+33 " + Grouped(digits[1..], ' ', firstGroup: 1),
                _ => string.Concat("+33", digits[1..]),
            };
        }

        // Reserved example domains only (RFC 2606), so no real mailbox is ever written to.
        private string NextEmail(Name firstName, Name lastName)
        {
            var first = firstName.Ascii;
            var last = lastName.Ascii;
            var domain = Pick(SyntheticData.EmailDomains);
            return _rng.Next(5) < 3
                ? string.Create(CultureInfo.InvariantCulture, $"{first}.{last}{_rng.Next(1, 100)}@{domain}")
                : $"{first}.{last}@{domain}";
        }

        private string NextBloodGroup()
        {
            var roll = _rng.Next(1000);
            foreach (var (group, perMille) in SyntheticData.BloodGroups)
            {
                if (roll < perMille)
                {
                    return group;
                }

                roll -= perMille;
            }

            return SyntheticData.BloodGroups[0].Group;
        }

        // Comments fit the person: pregnancy only for women of child-bearing age at the sample date, PSA for older men,
        // growth checks for children, contraception and STI screening for teenagers.
        private string NextComment(bool female, int ageAtSample)
        {
            var r = _rng.Next(4);
            if (ageAtSample < 12)
            {
                return Pick(SyntheticData.ChildComments);
            }

            if (ageAtSample < 18 && r == 0)
            {
                return Pick(SyntheticData.TeenComments);
            }

            if (female && ageAtSample is >= 16 and <= 45 && r == 1)
            {
                return _rng.Next(2) == 0
                    ? string.Create(CultureInfo.InvariantCulture, $"Grossesse {_rng.Next(6, 39)} SA")
                    : Pick(SyntheticData.PregnancyComments);
            }

            if (!female && ageAtSample >= 50 && r == 1)
            {
                return Pick(SyntheticData.OlderMenComments);
            }

            return Pick(SyntheticData.GeneralComments);
        }

        private T Pick<T>(T[] items) => items[_rng.Next(items.Length)];

        // "0612345678" → "06 12 34 56 78"; with firstGroup 1, "612345678" → "6 12 34 56 78".
        private static string Grouped(ReadOnlySpan<char> digits, char separator, int firstGroup = 2)
        {
            Span<char> buffer = stackalloc char[20];
            var n = 0;
            for (var i = 0; i < digits.Length; i++)
            {
                if (i >= firstGroup && (i - firstGroup) % 2 == 0)
                {
                    buffer[n++] = separator;
                }

                buffer[n++] = digits[i];
            }

            return new string(buffer[..n]);
        }
    }

    private sealed record Address(
        string Line1,
        string? Line2,
        string? Line3,
        string PostalCode,
        string City,
        string Country,
        string? Department, // of residence: 2 digits mainland, 97x overseas, null abroad
        ForeignCommune? Foreign,
        OverseasCommune? Overseas);
}
