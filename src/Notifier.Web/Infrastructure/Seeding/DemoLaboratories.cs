namespace Notifier.Web.Infrastructure.Seeding;

// 28 fictional laboratories in the six départements of the 2021 case (Bretagne, Normandie, Centre-Val de Loire).
// Names, people, SIREN and FINESS numbers are invented; towns and postcodes are real places, not persons.
internal static class DemoLaboratories
{
    internal sealed record Lab(string Name, string Street, string PostalCode, string City, string DpoName);

    public static readonly IReadOnlyList<Lab> All =
    [
        new("Laboratoire Émeraude Biologie", "4 rue de la Croix Désilles", "35400", "Saint-Malo", "Claire Le Goff"),
        new("Biolab Vilaine", "18 boulevard de la Liberté", "35000", "Rennes", "Yann Pichon"),
        new("Laboratoire des Remparts", "2 place du Château", "35500", "Vitré", "Sophie Gauthier"),
        new("Analyses Médicales du Couesnon", "11 rue Nationale", "35300", "Fougères", "Mathieu Briand"),
        new("Laboratoire Bro Leon", "27 rue de Siam", "29200", "Brest", "Gwenaëlle Tanguy"),
        new("Biologie Cornouaille", "5 quai de l'Odet", "29000", "Quimper", "Erwan Le Bras"),
        new("Laboratoire du Viaduc", "9 place des Otages", "29600", "Morlaix", "Anne Kerboriou"),
        new("Laboratoire Iroise Santé", "3 rue Amiral Linois", "29200", "Brest", "Loïc Quéré"),
        new("Laboratoire du Golfe", "14 rue Thiers", "56000", "Vannes", "Maëlle Le Roux"),
        new("Biolab Scorff", "22 cours de Chazelles", "56100", "Lorient", "Thomas Guillou"),
        new("Laboratoire Blavet Analyses", "6 rue Nationale", "56300", "Pontivy", "Nolwenn Jégo"),
        new("Laboratoire des Mégalithes", "1 avenue des Druides", "56340", "Carnac", "Pierre-Yves Allanic"),
        new("Biologie Baie de Saint-Brieuc", "30 rue Saint-Guillaume", "22000", "Saint-Brieuc", "Morgane Le Calvez"),
        new("Laboratoire Trégor Argoat", "8 quai d'Aiguillon", "22300", "Lannion", "Hervé Le Meur"),
        new("Laboratoire de la Rance", "15 Grande Rue", "22100", "Dinan", "Élise Rouxel"),
        new("Analyses Guingamp Armor", "4 place du Centre", "22200", "Guingamp", "Ronan Le Floch"),
        new("Laboratoire Cotentin Biologie", "12 rue Gambetta", "50100", "Cherbourg-en-Cotentin", "Céline Lemarinel"),
        new("Biolab Vire et Taute", "7 rue Torteron", "50000", "Saint-Lô", "Julien Lehodey"),
        new("Laboratoire de la Baie", "3 rue de la Constitution", "50300", "Avranches", "Isabelle Hamel"),
        new("Laboratoire Côte des Havres", "21 rue Saint-Nicolas", "50200", "Coutances", "François Leconte"),
        new("Biologie Val de Loire", "40 rue Bannier", "45000", "Orléans", "Nathalie Bourdin"),
        new("Laboratoire des Mauves", "2 rue du Change", "45130", "Meung-sur-Loire", "Stéphane Moreau"),
        new("Laboratoire de Sologne", "10 avenue de Paris", "45240", "La Ferté-Saint-Aubin", "Aurélie Chevallier"),
        new("Analyses du Gâtinais", "5 rue Dorée", "45200", "Montargis", "Vincent Pottier"),
        new("Laboratoire du Giennois", "16 quai Lenoir", "45500", "Gien", "Camille Sauvageot"),
        new("Biolab Pithiviers", "9 mail Ouest", "45300", "Pithiviers", "Benoît Thuillier"),
        new("Laboratoire Beauce Loire", "27 rue du Faubourg Bannier", "45400", "Fleury-les-Aubrais", "Laure Delaveau"),
        new("Laboratoire Saint-Aignan", "8 place de l'Étape", "45000", "Orléans", "Olivier Gaillard"),
    ];

    // Persons per laboratory: deterministic weights that add up to the 491,840 patients of the leaked file.
    public static int[] EstimatedCounts(int total = 491_840)
    {
        var weights = Enumerable.Range(0, All.Count).Select(i => 6 + ((i * 37) % 23)).ToArray();
        var sum = weights.Sum();
        var counts = weights.Select(w => (int)((long)total * w / sum)).ToArray();
        counts[0] += total - counts.Sum();
        return counts;
    }
}
