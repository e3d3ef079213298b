using Notifier.Core.Letters;

namespace Notifier.Web.Features.Letters;

// French labels of the letters feature (the key of the English dictionary, Resources/en.json).
public static class PostalBatchLabels
{
    public static string ApiState(PostalBatchState s) => s.ToString().ToLowerInvariant();

    public static string ApiZone(PostalZone z) => z.ToString().ToLowerInvariant();

    public static bool TryParseState(string? value, out PostalBatchState state) =>
        Enum.TryParse(value, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(value, out _);

    public static string Of(PostalBatchState s) => s switch
    {
        PostalBatchState.Created => "Créé",
        PostalBatchState.Exported => "Exporté",
        PostalBatchState.Printed => "Imprimé",
        PostalBatchState.Posted => "Posté",
        PostalBatchState.Closed => "Clôturé",
    };

    public static string Of(PostalZone z) => z switch
    {
        PostalZone.Mainland => "Métropole",
        PostalZone.Overseas => "Outre-mer (97x, 98x)",
        PostalZone.Foreign => "Étranger",
    };

    public static string Error(string rule) => rule switch
    {
        PostalBatchErrors.NotGenerated => "Le lot est encore en cours de génération.",
        PostalBatchErrors.Order => "Les états se suivent dans l'ordre : créé, exporté, imprimé, posté, clôturé.",
        PostalBatchErrors.PostedAt => "Indiquez la date et l'heure du dépôt (pas dans le futur).",
        PostalBatchErrors.DepositProof => "Indiquez la référence de la preuve de dépôt (100 caractères au plus).",
        _ => "Action impossible sur ce lot.",
    };

    public static string Refusal(LetterRefusal refusal) => refusal switch
    {
        LetterRefusal.ManualReview => "Cette personne est en revue manuelle : aucun courrier automatique.",
        LetterRefusal.AddressUnusable => "L'adresse postale est inutilisable (NF Z10-011) : corrigez-la avant d'envoyer un courrier.",
        LetterRefusal.IdentityTooLong => "Le nom ne tient pas en 38 caractères sur la ligne 1 de l'adresse : à traiter à la main.",
        LetterRefusal.ContactMissing => "Le laboratoire n'a ni courriel, ni téléphone, ni adresse de contact : complétez la fiche du laboratoire.",
        LetterRefusal.TemplateInvalid => "Le modèle de courrier en vigueur est incomplet : un administrateur doit le corriger.",
        LetterRefusal.SafetyCheck => "Le courrier contiendrait le NIR ou une donnée de santé de la personne : il n'est pas produit. Vérifiez le modèle et la fiche, puis traitez ce courrier à la main.",
        _ => "Courrier impossible.",
    };

    public static string TemplateError(string rule) => rule.Split(':')[0] switch
    {
        LetterTemplateErrors.Required => "Ce bloc est obligatoire (art. 34(2) RGPD ou mise en page).",
        LetterTemplateErrors.TooLong => "Ce bloc dépasse 4 000 caractères.",
        LetterTemplateErrors.UnknownPlaceholder => "Ce bloc contient un champ inconnu : seuls {{laboratoire}}, {{reference}}, {{enfant}}, {{verification}} et {{code}} sont permis.",
        LetterTemplateErrors.VerificationPlaceholders => "Le bloc de vérification doit contenir {{verification}} et {{code}}.",
        LetterTemplateErrors.MinorPlaceholder => "L'introduction pour un mineur doit contenir {{enfant}}.",
        LetterTemplateErrors.PageLabel => "Le libellé de page doit contenir {0} et {1}.",
        _ => "Langue inconnue.",
    };
}
