using Notifier.Core.Incidents;

namespace Notifier.Core.Notifications;

// The CNIL form's option lists (regulation.md §4.2). Their live labels are UNCONFIRMED and may change, so they are
// reference data an administrator edits; the codes are stable and are what the facts store.
public enum OptionList
{
    Origin,
    Cause,
    SubjectCategory,
    DataCategory,
    StorageMedium,
    Consequence,
    Harm,
}

public sealed class ReferenceOption
{
    public const int CodeMax = 40;
    public const int LabelMax = 300;

    private ReferenceOption()
    {
    }

    public ReferenceOption(Guid id, OptionList list, string code, string label, int sortOrder)
    {
        Id = id;
        List = list;
        Code = code;
        Label = label;
        SortOrder = sortOrder;
        Active = true;
    }

    public Guid Id { get; private set; }
    public OptionList List { get; private set; }
    public string Code { get; private set; } = "";
    public string Label { get; set; } = "";
    public int SortOrder { get; set; }
    public bool Active { get; set; }
}

// The seed: labels as seen in open-source clones of the CNIL form (regulation.md §4.2, SEC/UNCONFIRMED).
public static class ReferenceDefaults
{
    public static IReadOnlyList<(OptionList List, string Code, string Label)> All { get; } =
    [
        (OptionList.Origin, nameof(IncidentOrigin.EquipmentLostOrStolen), "Équipement perdu ou volé"),
        (OptionList.Origin, nameof(IncidentOrigin.PaperLostOrStolen), "Papier perdu, volé ou laissé accessible dans un endroit non sécurisé"),
        (OptionList.Origin, nameof(IncidentOrigin.MailLostOrOpened), "Courrier perdu ou ouvert avant d'être retourné à l'envoyeur"),
        (OptionList.Origin, nameof(IncidentOrigin.HackingMalwarePhishing), "Piratage, logiciel malveillant (par exemple rançongiciel) et/ou hameçonnage"),
        (OptionList.Origin, nameof(IncidentOrigin.DisposalWithoutErasure), "Mise au rebut de documents papier ou d'appareils sans destruction ou effacement sécurisé"),
        (OptionList.Origin, nameof(IncidentOrigin.UnintendedPublication), "Publication non volontaire d'informations"),
        (OptionList.Origin, nameof(IncidentOrigin.WrongPersonDataOnPortal), "Données de la mauvaise personne affichées sur le portail du client"),
        (OptionList.Origin, nameof(IncidentOrigin.SentToWrongRecipient), "Données personnelles envoyées à un mauvais destinataire"),
        (OptionList.Origin, nameof(IncidentOrigin.DisclosedVerbally), "Informations personnelles divulguées de façon verbale"),
        (OptionList.Origin, nameof(IncidentOrigin.Other), "Autre"),
        (OptionList.Origin, nameof(IncidentOrigin.Unknown), "Ne sait pas"),
        (OptionList.Cause, nameof(IncidentCause.InternalMalicious), "Acte interne malveillant"),
        (OptionList.Cause, nameof(IncidentCause.InternalAccidental), "Acte interne accidentel"),
        (OptionList.Cause, nameof(IncidentCause.ExternalMalicious), "Acte externe malveillant"),
        (OptionList.Cause, nameof(IncidentCause.ExternalAccidental), "Acte externe accidentel"),
        (OptionList.Cause, nameof(IncidentCause.Other), "Autre"),
        (OptionList.Cause, nameof(IncidentCause.Unknown), "Ne sait pas"),
        (OptionList.SubjectCategory, "clients", "Clients / usagers"),
        (OptionList.SubjectCategory, "prospects", "Prospects"),
        (OptionList.SubjectCategory, "employes", "Salariés"),
        (OptionList.SubjectCategory, "mandataires", "Mandataires sociaux"),
        (OptionList.SubjectCategory, "prestataires", "Prestataires"),
        (OptionList.SubjectCategory, "fournisseurs", "Fournisseurs"),
        (OptionList.SubjectCategory, "patients", "Personnes vulnérables : patients"),
        (OptionList.SubjectCategory, "mineurs", "Personnes vulnérables : mineurs"),
        (OptionList.SubjectCategory, "autres", "Autres"),
        (OptionList.DataCategory, "nom", "Nom"),
        (OptionList.DataCategory, "prenom", "Prénom"),
        (OptionList.DataCategory, "date_naissance", "Date de naissance"),
        (OptionList.DataCategory, "etat_civil", "État civil"),
        (OptionList.DataCategory, "liens_familiaux", "Liens familiaux"),
        (OptionList.DataCategory, "genre", "Genre"),
        (OptionList.DataCategory, "nir", "Numéro de sécurité sociale"),
        (OptionList.DataCategory, "coordonnees", "Coordonnées (adresse postale, téléphone, e-mail)"),
        (OptionList.DataCategory, "ip", "Adresse IP"),
        (OptionList.DataCategory, "connexion", "Données de transaction, de connexion et de localisation"),
        (OptionList.DataCategory, "documents_officiels", "Documents officiels"),
        (OptionList.DataCategory, "infractions", "Infractions et condamnations"),
        (OptionList.DataCategory, "economiques", "Données économiques et financières"),
        (OptionList.DataCategory, "comportementales", "Données comportementales"),
        (OptionList.DataCategory, "sensibles", "Données sensibles (dont données de santé et génétiques)"),
        (OptionList.DataCategory, "autres", "Autres"),
        (OptionList.StorageMedium, "serveur", "Serveur"),
        (OptionList.StorageMedium, "poste_fixe", "Poste fixe"),
        (OptionList.StorageMedium, "portable", "Ordinateur portable"),
        (OptionList.StorageMedium, "disque_sauvegarde", "Disque de sauvegarde"),
        (OptionList.StorageMedium, "cle_usb", "Clé USB"),
        (OptionList.StorageMedium, "telephone", "Téléphone mobile"),
        (OptionList.StorageMedium, "papier", "Document papier"),
        (OptionList.StorageMedium, "autre", "Autre"),
        (OptionList.Consequence, "diffusion", "Les données ont été diffusées plus que nécessaire et ont échappé à la maîtrise des personnes concernées"),
        (OptionList.Consequence, "croisement", "Les données peuvent être croisées ou rapprochées avec d'autres informations"),
        (OptionList.Consequence, "detournement", "Les données peuvent être exploitées à d'autres fins ou de manière malveillante"),
        (OptionList.Consequence, "falsification", "Les données peuvent être falsifiées"),
        (OptionList.Harm, "perte_controle", "Perte de contrôle sur leurs données personnelles"),
        (OptionList.Harm, "limitation_droits", "Limitation de leurs droits"),
        (OptionList.Harm, "discrimination", "Discrimination"),
        (OptionList.Harm, "usurpation", "Vol ou usurpation d'identité"),
        (OptionList.Harm, "fraude", "Fraude"),
        (OptionList.Harm, "pseudonymisation", "Levée non autorisée de la pseudonymisation"),
        (OptionList.Harm, "perte_financiere", "Pertes financières"),
        (OptionList.Harm, "reputation", "Atteinte à la réputation"),
        (OptionList.Harm, "vie_privee", "Atteinte à la vie privée"),
        (OptionList.Harm, "secret_professionnel", "Perte de la confidentialité de données protégées par un secret professionnel (secret médical)"),
    ];

    // The lab software's data categories mapped to the CNIL form's list (§4.2 item 10).
    public static IReadOnlyList<string> CnilDataCodes(DataCategories c)
    {
        var codes = new List<string>();
        void Add(DataCategories flags, string code)
        {
            if ((c & flags) != 0 && !codes.Contains(code))
            {
                codes.Add(code);
            }
        }

        Add(DataCategories.Surname, "nom");
        Add(DataCategories.FirstName, "prenom");
        Add(DataCategories.BirthDate, "date_naissance");
        Add(DataCategories.Sex, "genre");
        Add(DataCategories.SocialSecurityNumber, "nir");
        Add(DataCategoryGroups.Contact, "coordonnees");
        Add(DataCategories.Credentials, "connexion");
        Add(DataCategoryGroups.Health, "sensibles");
        Add(DataCategories.HealthInsurer, "autres");
        return codes;
    }

    public static IReadOnlyList<string> SplitCodes(string? codes) =>
        string.IsNullOrWhiteSpace(codes) ? [] : codes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string JoinCodes(IEnumerable<string> codes) => string.Join(';', codes.Where(c => !string.IsNullOrWhiteSpace(c)).Distinct());
}
