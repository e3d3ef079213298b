using Notifier.Core.Import;

namespace Notifier.Core.Tests.Import;

public sealed class AddressBlockTests
{
    [Fact]
    public void Lines_4_to_6_are_capitals_without_accents_or_punctuation()
    {
        var a = AddressBlock.Normalise("12, rue de l'Église-Saint-Étienne", null, null, "29000", "Quimper", "France");

        Assert.False(a.NeedsReview);
        Assert.Equal(["12 RUE DE L EGLISE SAINT ETIENNE", "29000 QUIMPER"], a.Lines);
    }

    [Fact]
    public void Ligatures_and_cedillas_are_spelled_out()
    {
        var a = AddressBlock.Normalise("3 rue du Cœur Volant", null, null, "76000", "Saint-Lœ Æther Ça", null);

        Assert.Equal(["3 RUE DU COEUR VOLANT", "76000 SAINT LOE AETHER CA"], a.Lines);
    }

    [Fact]
    public void Building_lines_move_above_the_street_and_keep_their_accents()
    {
        var a = AddressBlock.Normalise("5 allée des Pins", "Appartement 12", "Résidence Les Tilleuls", "35000", "Rennes", "FRANCE");

        Assert.Equal(["Appartement 12", "Résidence Les Tilleuls", "5 ALLEE DES PINS", "35000 RENNES"], a.Lines);
    }

    [Fact]
    public void A_lieu_dit_follows_the_street_and_empty_lines_close_up()
    {
        var a = AddressBlock.Normalise("lieu-dit Kerhuel", "  ", null, "29000", "Quimper", null);

        Assert.Equal(["LIEU DIT KERHUEL", "29000 QUIMPER"], a.Lines);
        Assert.DoesNotContain("", a.Lines);
    }

    [Fact]
    public void A_postal_box_goes_after_the_street()
    {
        var a = AddressBlock.Normalise("BP 1234", "Zone artisanale", "8 rue de la Gare", "29000", "Quimper", null);

        Assert.Equal(["Zone artisanale", "8 RUE DE LA GARE", "BP 1234", "29000 QUIMPER"], a.Lines);
    }

    [Fact]
    public void The_cedex_form_is_kept_on_the_last_line()
    {
        var a = AddressBlock.Normalise("BP 50", null, null, "12101", "Millau Cedex 11", null);

        Assert.Equal("12101 MILLAU CEDEX 11", a.Lines[^1]);
        Assert.False(a.NeedsReview);
    }

    [Theory]
    [InlineData("97110", true)]
    [InlineData("97200", true)]
    [InlineData("97300", true)]
    [InlineData("97400", true)]
    [InlineData("97500", true)]
    [InlineData("97600", true)]
    [InlineData("97133", true)]
    [InlineData("97150", true)]
    [InlineData("98600", true)]
    [InlineData("98714", true)]
    [InlineData("98800", true)]
    [InlineData("29000", false)]
    [InlineData("97900", false)]
    [InlineData("98000", false)]
    public void Overseas_postcodes_are_recognised(string code, bool overseas)
    {
        var a = AddressBlock.Normalise("1 rue A", null, null, code, "Ville", null);

        Assert.Equal(overseas, a.IsOverseas);
        Assert.False(a.NeedsReview);
        Assert.Equal(code, a.PostalCode);
    }

    [Theory]
    [InlineData("2900")]
    [InlineData("290000")]
    [InlineData("29A00")]
    public void A_french_postcode_must_have_five_digits(string code)
    {
        var a = AddressBlock.Normalise("1 rue A", null, null, code, "Quimper", null);

        Assert.True(a.NeedsReview);
        Assert.Contains($"code postal {code} : 5 chiffres attendus", a.Reason, StringComparison.Ordinal);
        Assert.Null(a.PostalCode);
    }

    [Fact]
    public void A_postcode_printed_with_a_space_is_compacted()
    {
        var a = AddressBlock.Normalise("1 rue A", null, null, "29 000", "Quimper", null);

        Assert.Equal("29000 QUIMPER", a.Lines[^1]);
        Assert.False(a.NeedsReview);
    }

    [Fact]
    public void A_foreign_address_keeps_its_lines_and_ends_with_the_country()
    {
        var a = AddressBlock.Normalise("Hauptstraße 12", null, null, "50667", "Köln", "Allemagne");

        Assert.True(a.IsForeign);
        Assert.False(a.NeedsReview);
        // Upper-cased but otherwise as typed: the destination country's post sorts it, so its letters stay.
        Assert.Equal(["HAUPTSTRAßE 12", "50667 KÖLN", "ALLEMAGNE"], a.Lines);
    }

    [Fact]
    public void A_foreign_postcode_is_not_checked_against_the_french_format()
    {
        var a = AddressBlock.Normalise("Rue de la Station 4", null, null, "1000", "Bruxelles", "BELGIQUE");

        Assert.False(a.NeedsReview);
        Assert.Equal("BELGIQUE", a.Lines[^1]);
    }

    [Fact]
    public void A_line_over_38_characters_needs_review_and_is_not_cut()
    {
        var a = AddressBlock.Normalise("45 avenue du Maréchal de Lattre de Tassigny A", null, null, "29000", "Quimper", null);

        Assert.True(a.NeedsReview);
        Assert.Equal("45 AVENUE DU MARECHAL DE LATTRE DE TASSIGNY A", a.Lines[0]);
        Assert.Contains("38 au plus", a.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_of_exactly_38_characters_is_fine()
    {
        var street = "1 RUE " + new string('A', 32);
        Assert.Equal(38, street.Length);

        Assert.False(AddressBlock.Normalise(street, null, null, "29000", "Quimper", null).NeedsReview);
    }

    [Fact]
    public void Missing_postcode_or_city_needs_review()
    {
        Assert.True(AddressBlock.Normalise("1 rue A", null, null, null, "Quimper", null).NeedsReview);
        Assert.True(AddressBlock.Normalise("1 rue A", null, null, "29000", null, null).NeedsReview);
    }

    [Fact]
    public void Every_block_has_at_most_six_lines_and_no_empty_one()
    {
        var a = AddressBlock.Normalise("Appt 3", "Bât B", "2 rue A", "29000", "Quimper", "Royaume-Uni");

        Assert.True(a.Lines.Count <= 6);
        Assert.All(a.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l)));
    }
}
