using System.Globalization;
using System.Text;

namespace Notifier.Core.Synthetic;

// Word lists for the synthetic patients. Names are common French given names and surnames combined at random,
// so no row describes a real person. Communes and postcodes are real (an address must look deliverable for the
// letter and postal-batch features, regulation.md §7.1), but street numbers and names are drawn independently.
internal static class SyntheticData
{
    // Given names by birth generation (born before 1950, 1950–1984, from 1985), so that a patient born in 1930 is not
    // called Enzo; index with Era(birthYear). A share of rows still draws from any generation, as in real life.
    public static readonly Name[][] MaleFirstNamesByEra =
    [
        Names(
            "Jean", "Pierre", "Michel", "André", "Bernard", "Jacques", "René", "Claude", "Louis", "Yves",
            "Marcel", "Henri", "Roger", "Gérard", "Raymond", "Georges", "Lucien", "Albert", "Joseph", "Jean-Claude",
            "Jean-Pierre", "Noël", "François", "Guy", "Paul", "Maurice", "Roland"),
        Names(
            "Philippe", "Alain", "Christian", "Patrick", "Jean-François", "Jean-Luc", "Jean-Marc", "Jean-Yves", "Marc", "Éric",
            "Thierry", "Stéphane", "Pascal", "Laurent", "Frédéric", "Olivier", "Sébastien", "Nicolas", "Christophe", "David",
            "Hervé", "Benoît", "Joël", "Loïc", "Yann", "Ronan", "Karim", "Franck", "Didier", "Jérôme", "Cédric", "Aurélien"),
        Names(
            "Julien", "Guillaume", "Mathieu", "Anthony", "Maxime", "Thomas", "Alexandre", "Kévin", "Romain", "Quentin",
            "Antoine", "Hugo", "Lucas", "Théo", "Nathan", "Enzo", "Gabriel", "Raphaël", "Arthur", "Jules",
            "Noah", "Léo", "Adam", "Mohamed", "Yanis", "Mathis", "Timéo", "Gaël", "Erwan", "Tanguy", "Killian", "Gaëtan"),
    ];

    public static readonly Name[][] FemaleFirstNamesByEra =
    [
        Names(
            "Marie", "Jeanne", "Françoise", "Monique", "Jacqueline", "Marie-Thérèse", "Geneviève", "Odile", "Thérèse", "Yvonne",
            "Germaine", "Simone", "Madeleine", "Suzanne", "Denise", "Josiane", "Ginette", "Nicole", "Michèle", "Paulette",
            "Marcelle", "Colette", "Anne-Marie", "Danielle", "Agnès", "Lucienne", "Renée"),
        Names(
            "Catherine", "Nathalie", "Isabelle", "Sylvie", "Martine", "Christine", "Hélène", "Anne", "Marie-Claire", "Brigitte",
            "Chantal", "Véronique", "Valérie", "Sandrine", "Stéphanie", "Céline", "Marie-Hélène", "Béatrice", "Soizic", "Nolwenn",
            "Gwenaëlle", "Fatima", "Anne-Sophie", "Sophie", "Caroline", "Karine", "Corinne", "Florence", "Laurence", "Armelle"),
        Names(
            "Aurélie", "Émilie", "Julie", "Laëtitia", "Audrey", "Élodie", "Mélanie", "Camille", "Manon", "Léa",
            "Chloé", "Emma", "Inès", "Jade", "Louise", "Alice", "Lina", "Zoé", "Lola", "Anaïs",
            "Clémence", "Maëlle", "Morgane", "Katell", "Aïcha", "Yasmine", "Maïwenn", "Rose", "Ambre", "Juliette", "Océane", "Noémie"),
    ];

    public static readonly Name[] Surnames = Names(
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
        "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
        "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
        "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
        "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Masson", "Marchand",
        "Duval", "Denis", "Dumont", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard",
        "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard",
        "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard", "Fabre",
        "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Bourgeois", "Benoît", "Rolland", "Leclerc",
        "Le Guen", "Le Bihan", "Le Goff", "Le Gall", "Le Roux", "Le Floch", "Le Corre", "Le Berre", "Le Bris", "Le Meur",
        "Le Gac", "Le Moal", "Guivarc'h", "Quéré", "Tanguy", "Prigent", "Riou", "Le Pape", "Le Hir", "Jézéquel",
        "Cadiou", "Hamon", "Hervé", "Lebreton", "Lecoq", "Lemonnier", "Letellier", "Lesueur", "Delaunay", "Duhamel",
        "Lebrun", "Levasseur", "Hébert", "Lecomte", "Guillot", "Hubert", "N'Diaye", "Diallo", "Traoré", "Nguyen",
        "Da Silva", "Dos Santos", "Ferreira", "Pereira", "D'Almeida", "Haddad", "Mansouri", "Benali", "Durand-Moreau", "Lemaire-Dubois",
        "Kerleroux", "Le Cam", "Gourmelon", "Morvan", "Quéméneur", "Salaün", "Pellé", "Chrétien", "Bréhier", "Lefranc");

    public static readonly string[] StreetTypes =
    [
        "rue", "rue", "rue", "rue", "rue", "avenue", "avenue", "boulevard", "allée", "impasse",
        "place", "chemin", "route", "square", "quai",
    ];

    public static readonly string[] StreetNames =
    [
        "des Lilas", "Jean Jaurès", "Victor Hugo", "de la République", "du Général de Gaulle", "Pasteur", "Jules Ferry",
        "de la Gare", "des Écoles", "du Moulin", "de l'Église", "des Chênes", "des Mimosas", "des Tilleuls", "du Port",
        "de la Mairie", "Gambetta", "Aristide Briand", "Émile Zola", "Anatole France", "de Verdun", "du 8 Mai 1945",
        "de la Libération", "des Roses", "Saint-Michel", "Sainte-Anne", "de Bretagne", "de Normandie", "des Peupliers",
        "du Stade", "de la Fontaine", "des Acacias", "Paul Bert", "des Hortensias", "du Château d'Eau", "des Genêts",
        "de la Croix Verte", "des Ajoncs", "de Paris", "de la Forêt",
    ];

    // Hamlets: Breton-sounding for the Breton départements, generic elsewhere.
    public static readonly string[] BretonLieuxDits =
    [
        "Kerhuel", "Kermorvan", "Penhoat", "Kervennec", "Lannuon", "Keraudren", "Ty Nevez", "Kerbriant", "Pen ar Hoat", "Kerlann",
    ];

    public static readonly string[] OtherLieuxDits =
    [
        "Le Bourg", "La Croix Blanche", "Les Landes", "La Haye", "Le Mesnil", "La Brosse", "Les Vignes", "La Rivière",
        "Le Petit Bois", "La Ferme Neuve",
    ];

    public static readonly string[] Residences =
    [
        "Résidence Les Tilleuls", "Résidence du Parc", "Résidence Les Hortensias", "Résidence Ker Avel", "Les Jardins de la Gare",
    ];

    // Real communes with their real postcodes, by INSEE département code.
    public static readonly IReadOnlyDictionary<string, Commune[]> CommunesByDepartment = new Dictionary<string, Commune[]>(StringComparer.Ordinal)
    {
        ["22"] = [new("22000", "Saint-Brieuc"), new("22100", "Dinan"), new("22300", "Lannion"), new("22200", "Guingamp"), new("22500", "Paimpol"), new("22600", "Loudéac")],
        ["29"] = [new("29200", "Brest"), new("29000", "Quimper"), new("29600", "Morlaix"), new("29900", "Concarneau"), new("29300", "Quimperlé"), new("29800", "Landerneau"), new("29100", "Douarnenez")],
        ["35"] = [new("35000", "Rennes"), new("35400", "Saint-Malo"), new("35300", "Fougères"), new("35500", "Vitré"), new("35170", "Bruz"), new("35510", "Cesson-Sévigné"), new("35600", "Redon")],
        ["56"] = [new("56000", "Vannes"), new("56100", "Lorient"), new("56300", "Pontivy"), new("56400", "Auray"), new("56700", "Hennebont"), new("56600", "Lanester"), new("56800", "Ploërmel")],
        ["14"] = [new("14000", "Caen"), new("14100", "Lisieux"), new("14400", "Bayeux"), new("14200", "Hérouville-Saint-Clair"), new("14600", "Honfleur")],
        ["27"] = [new("27000", "Évreux"), new("27200", "Vernon"), new("27300", "Bernay"), new("27400", "Louviers"), new("27500", "Pont-Audemer")],
        ["50"] = [new("50100", "Cherbourg-en-Cotentin"), new("50000", "Saint-Lô"), new("50400", "Granville"), new("50200", "Coutances"), new("50300", "Avranches")],
        ["61"] = [new("61000", "Alençon"), new("61100", "Flers"), new("61200", "Argentan"), new("61300", "L'Aigle")],
        ["76"] = [new("76000", "Rouen"), new("76600", "Le Havre"), new("76200", "Dieppe"), new("76300", "Sotteville-lès-Rouen"), new("76400", "Fécamp"), new("76500", "Elbeuf")],
        ["18"] = [new("18000", "Bourges"), new("18100", "Vierzon"), new("18200", "Saint-Amand-Montrond")],
        ["28"] = [new("28000", "Chartres"), new("28100", "Dreux"), new("28200", "Châteaudun"), new("28400", "Nogent-le-Rotrou")],
        ["36"] = [new("36000", "Châteauroux"), new("36100", "Issoudun"), new("36200", "Argenton-sur-Creuse"), new("36300", "Le Blanc")],
        ["37"] = [new("37000", "Tours"), new("37300", "Joué-lès-Tours"), new("37400", "Amboise"), new("37500", "Chinon"), new("37170", "Chambray-lès-Tours")],
        ["41"] = [new("41000", "Blois"), new("41100", "Vendôme"), new("41200", "Romorantin-Lanthenay")],
        ["45"] = [new("45000", "Orléans"), new("45200", "Montargis"), new("45400", "Fleury-les-Aubrais"), new("45300", "Pithiviers"), new("45500", "Gien"), new("45160", "Olivet")],
    };

    // Overseas départements (regulation.md §7.1: 971 Guadeloupe, 972 Martinique, 974 La Réunion); mail there is domestic.
    public static readonly OverseasCommune[] OverseasCommunes =
    [
        new("971", "97110", "Pointe-à-Pitre", "0590", "0690"), new("971", "97139", "Les Abymes", "0590", "0690"), new("971", "97100", "Basse-Terre", "0590", "0690"),
        new("972", "97200", "Fort-de-France", "0596", "0696"), new("972", "97232", "Le Lamentin", "0596", "0696"),
        new("974", "97400", "Saint-Denis", "0262", "0692"), new("974", "97410", "Saint-Pierre", "0262", "0692"), new("974", "97430", "Le Tampon", "0262", "0693"),
    ];

    // Foreign addresses keep their own postcode format: 4 digits in Belgium, 5 in Germany; street name before number.
    public static readonly ForeignCommune[] ForeignCommunes =
    [
        new("BELGIQUE", "1000", "Bruxelles", "131"), new("BELGIQUE", "4000", "Liège", "131"), new("BELGIQUE", "5000", "Namur", "131"), new("BELGIQUE", "7000", "Mons", "131"),
        new("ALLEMAGNE", "10115", "Berlin", "109"), new("ALLEMAGNE", "66111", "Saarbrücken", "109"), new("ALLEMAGNE", "76131", "Karlsruhe", "109"), new("ALLEMAGNE", "50667", "Köln", "109"),
    ];

    public static readonly string[] BelgianStreets = ["Rue de la Station", "Avenue Louise", "Rue des Champs", "Chaussée de Namur"];

    public static readonly string[] GermanStreets = ["Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Gartenweg"];

    // INSEE country codes (the 3 digits after 99) for NIRs of people born abroad.
    public static readonly string[] BirthCountryCodes = ["109", "131", "134", "139", "127", "350", "351", "352", "341", "126"];

    // Share of French blood groups, roughly (per mille): A+ 370, O+ 360, B+ 90, A− 70, O− 60, AB+ 30, B− 10, AB− 10.
    public static readonly (string Group, int PerMille)[] BloodGroups =
    [
        ("A+", 370), ("O+", 360), ("B+", 90), ("A-", 70), ("O-", 60), ("AB+", 30), ("B-", 10), ("AB-", 10),
    ];

    // Invented insurers; avoids naming real organisations in a leak demo.
    public static readonly string[] HealthInsurers =
    [
        "Mutuelle des Pins", "Mutuelle des Trois Rivières", "Mutuelle de la Lande", "Prévoyance des Mouettes", "Mutuelle du Phare",
        "Mutuelle des Bruyères", "Mutuelle Ar Vro", "Entraide des Marais", "Mutuelle du Val Fleuri", "Solidarité des Coteaux",
        "Mutuelle des Embruns", "Caisse Mutuelle des Vergers",
    ];

    // Health data as found in the leaked file (regulation.md §0): pregnancy, treatments, HIV, cancers, genetic diseases.
    // A few comments contain ';', '"' or a line break, as free text typed in lab software does; the CSV must quote them.
    public static readonly string[] GeneralComments =
    [
        "Contrôle INR sous AVK", "Suivi sérologie VIH", "Bilan thyroïdien", "Bilan lipidique à jeun", "HbA1c trimestrielle",
        "Dépistage IST", "Bilan pré-opératoire", "NFS de contrôle", "Ferritine basse, contrôle dans 3 mois", "Suivi charge virale hépatite C",
        "Clairance de la créatinine", "Prélèvement à domicile", "Patient à jeun ; prélèvement difficile", "Note du préleveur : \"tubes hémolysés\", à refaire",
        "Allergie pénicilline\r\nPrévenir le prescripteur", "Suivi chimiothérapie", "Recherche mutation BRCA1", "Bilan martial",
    ];

    public static readonly string[] PregnancyComments = ["Test de grossesse", "Bilan prénatal", "Sérologie toxoplasmose (grossesse)"];

    public static readonly string[] OlderMenComments = ["Dosage PSA", "Suivi PSA après prostatectomie"];

    public static readonly string[] ChildComments = ["Bilan de croissance", "Bilan allergologique", "NFS avant vaccination"];

    public static readonly string[] TeenComments = ["Dépistage IST", "Contraception : bilan initial", "Sérologie VIH (à la demande de la patiente)"];

    public static readonly string[] Treatments =
    [
        "Lévothyroxine 75 µg", "Fluindione (AVK)", "Warfarine 5 mg", "Metformine 1000 mg x2", "Insuline glargine", "Aspirine 75 mg",
        "Atorvastatine 20 mg", "Ramipril 5 mg", "Ténofovir/emtricitabine (PrEP)", "Méthotrexate 15 mg/semaine", "Contraception orale",
        "Trithérapie antirétrovirale", "Tamoxifène 20 mg", "Fer per os ; vitamine D",
    ];

    public static readonly string[] Pathologies =
    [
        "Diabète de type 2", "Hypothyroïdie", "VIH", "Hépatite C", "Drépanocytose", "Mucoviscidose", "Cancer du sein",
        "Insuffisance rénale chronique", "Fibrillation auriculaire", "Maladie de Crohn", "Lymphome", "HTA ; dyslipidémie",
        "Hémochromatose", "Polyarthrite rhumatoïde",
    ];

    public static readonly string[] EmailDomains = ["example.org", "example.net", "example.com"];

    // Landline area codes (02 + 2 digits) in north-west France, by département of residence.
    public static readonly IReadOnlyDictionary<string, string> LandlinePrefixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["22"] = "0296", ["29"] = "0298", ["35"] = "0299", ["56"] = "0297",
        ["14"] = "0231", ["27"] = "0232", ["50"] = "0233", ["61"] = "0233", ["76"] = "0235",
        ["18"] = "0248", ["28"] = "0237", ["36"] = "0254", ["37"] = "0247", ["41"] = "0254", ["45"] = "0238",
    };

    public static int Era(int birthYear) => birthYear switch
    {
        < 1950 => 0,
        < 1985 => 1,
        _ => 2,
    };

    public static string ToAsciiSlug(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static Name[] Names(params string[] names) => Array.ConvertAll(names, n => new Name(n, ToAsciiSlug(n)));
}

// A name and its lower-case ASCII form for e-mail local parts ("Le Guen" → "leguen", "Hélène" → "helene").
internal sealed record Name(string Display, string Ascii);

internal sealed record Commune(string PostalCode, string Name);

internal sealed record OverseasCommune(string Department, string PostalCode, string Name, string LandlinePrefix, string MobilePrefix);

internal sealed record ForeignCommune(string Country, string PostalCode, string Name, string InseeCountryCode);
