using Notifier.Core.Cases;
using Notifier.Core.Incidents;

namespace Notifier.Web.Features.Shared;

// French labels of the enums (the localizer gives the English ones). Option wording follows the CNIL form as far as
// it is known; regulation.md §4.2 marks the live labels UNCONFIRMED.
public static class Labels
{
    public static string Of(BreachNature n) => n switch
    {
        BreachNature.Confidentiality => "Perte de confidentialité",
        BreachNature.Integrity => "Perte d'intégrité",
        BreachNature.Availability => "Perte de disponibilité",
        _ => "Aucune",
    };

    public static string Of(BreachCertainty c) => c switch
    {
        BreachCertainty.Established => "Violation établie",
        BreachCertainty.Suspected => "Violation supposée",
    };

    public static string Of(IncidentOrigin o) => o switch
    {
        IncidentOrigin.Unknown => "Inconnue à ce stade",
        IncidentOrigin.EquipmentLostOrStolen => "Équipement perdu ou volé",
        IncidentOrigin.PaperLostOrStolen => "Papier perdu, volé ou laissé accessible",
        IncidentOrigin.MailLostOrOpened => "Courrier perdu ou ouvert",
        IncidentOrigin.HackingMalwarePhishing => "Piratage, logiciel malveillant, hameçonnage",
        IncidentOrigin.DisposalWithoutErasure => "Mise au rebut sans destruction ni effacement",
        IncidentOrigin.UnintendedPublication => "Publication non volontaire d'informations",
        IncidentOrigin.WrongPersonDataOnPortal => "Données d'une autre personne affichées",
        IncidentOrigin.SentToWrongRecipient => "Envoi au mauvais destinataire",
        IncidentOrigin.DisclosedVerbally => "Divulgation orale",
        IncidentOrigin.Other => "Autre",
    };

    public static string Of(IncidentCause c) => c switch
    {
        IncidentCause.Unknown => "Inconnue à ce stade",
        IncidentCause.InternalMalicious => "Acte interne malveillant",
        IncidentCause.InternalAccidental => "Acte interne accidentel",
        IncidentCause.ExternalMalicious => "Acte externe malveillant",
        IncidentCause.ExternalAccidental => "Acte externe accidentel",
        IncidentCause.Other => "Autre",
    };

    public static string Of(DataCategories c) => c switch
    {
        DataCategories.Surname => "Nom",
        DataCategories.FirstName => "Prénom",
        DataCategories.Sex => "Sexe",
        DataCategories.BirthDate => "Date de naissance",
        DataCategories.PostalAddress => "Adresse postale",
        DataCategories.Phone => "Téléphone",
        DataCategories.Email => "Adresse e-mail",
        DataCategories.SocialSecurityNumber => "Numéro de sécurité sociale (NIR)",
        DataCategories.TreatingDoctor => "Médecin prescripteur ou traitant",
        DataCategories.ExaminationDate => "Date de l'examen",
        DataCategories.BloodGroup => "Groupe sanguin",
        DataCategories.HealthInsurer => "Mutuelle",
        DataCategories.HealthComments => "Commentaires médicaux",
        DataCategories.Treatments => "Traitements",
        DataCategories.Pathologies => "Pathologies",
        DataCategories.Credentials => "Identifiants du portail patient",
        _ => c.ToString(),
    };

    public static string Of(SignalSource s) => s switch
    {
        SignalSource.Processor => "Prestataire (sous-traitant)",
        SignalSource.Press => "Presse",
        SignalSource.Cnil => "CNIL",
        SignalSource.Patient => "Patient",
        SignalSource.Internal => "Détection interne",
        SignalSource.OtherAuthority => "Autre autorité",
    };

    public static string Of(CaseStatus s) => s switch
    {
        CaseStatus.Investigating => "En investigation",
        CaseStatus.Aware => "Violation constatée",
        CaseStatus.AuthorityNotified => "CNIL notifiée",
        CaseStatus.SubjectsInformed => "Personnes informées",
        CaseStatus.Closed => "Clos",
    };

    public static string Role(string role) => role switch
    {
        Core.Identity.Roles.Admin => "Administrateur",
        Core.Identity.Roles.ComplianceOfficer => "Responsable conformité",
        Core.Identity.Roles.LabDpo => "DPO de laboratoire",
        Core.Identity.Roles.Mailroom => "Service courrier",
        _ => role,
    };

    public static IEnumerable<T> Flags<T>(T value) where T : struct, Enum =>
        Enum.GetValues<T>().Where(f => Convert.ToInt64(f, System.Globalization.CultureInfo.InvariantCulture) != 0 && value.HasFlag(f));

    public static T Combine<T>(IEnumerable<T>? values) where T : struct, Enum =>
        (T)Enum.ToObject(typeof(T), (values ?? []).Aggregate(0L, (acc, v) => acc | Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)));
}
