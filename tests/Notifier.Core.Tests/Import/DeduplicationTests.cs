using Notifier.Core.Import;
using NirNumber = Notifier.Core.Nir.Nir;

namespace Notifier.Core.Tests.Import;

public sealed class DeduplicationTests
{
    private static readonly DateOnly Birth = new(1980, 6, 1);

    [Fact]
    public void A_valid_nir_key_is_its_normalised_form()
    {
        var nir = NirNumber.Create(2, Birth, "2A", "004", 12);
        var spaced = nir[..1] + " " + nir[1..7] + "." + nir[7..];

        Assert.Equal(nir, Deduplication.NirKey(spaced));
        Assert.Equal(nir, Deduplication.NirKey(spaced.ToLowerInvariant()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("255081416802539")]
    [InlineData("inconnu")]
    public void An_invalid_or_missing_nir_has_no_key(string? nir)
    {
        Assert.Null(Deduplication.NirKey(nir));
    }

    [Fact]
    public void Identity_keys_ignore_case_accents_hyphens_apostrophes_and_spaces()
    {
        var a = Deduplication.IdentityKey("Le Gall-D'Hérouville", "Jean-Pierre", Birth, "29000");
        var b = Deduplication.IdentityKey("LEGALL DHEROUVILLE", "jean pierre", Birth, "29 000");

        Assert.NotNull(a);
        Assert.Equal(a, b);
        Assert.Equal("LEGALLDHEROUVILLE|JEANPIERRE|1980-06-01|29000", a);
    }

    [Fact]
    public void Different_people_get_different_identity_keys()
    {
        var a = Deduplication.IdentityKey("Martin", "Claire", Birth, "29000");

        Assert.NotEqual(a, Deduplication.IdentityKey("Martin", "Claire", Birth.AddDays(1), "29000"));
        Assert.NotEqual(a, Deduplication.IdentityKey("Martin", "Claire", Birth, "29200"));
        Assert.NotEqual(a, Deduplication.IdentityKey("Martin", "Claude", Birth, "29000"));
    }

    [Fact]
    public void An_identity_without_birth_date_or_postcode_has_no_key()
    {
        Assert.Null(Deduplication.IdentityKey("Martin", "Claire", null, "29000"));
        Assert.Null(Deduplication.IdentityKey("Martin", "Claire", Birth, null));
        Assert.Null(Deduplication.IdentityKey("Martin", "  ", Birth, "29000"));
    }
}
