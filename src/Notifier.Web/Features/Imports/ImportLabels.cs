using Notifier.Core.Import;

namespace Notifier.Web.Features.Imports;

// French labels of the import's enums (the localizer gives the English ones).
public static class IssueLabels
{
    public static string Of(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Error => "Ligne rejetée",
        IssueSeverity.Warning => "Avertissement",
        IssueSeverity.Review => "À revoir",
    };

    public static string Of(ImportState state) => state switch
    {
        ImportState.Draft => "Brouillon",
        ImportState.Queued => "En attente",
        ImportState.Running => "En cours",
        ImportState.Completed => "Terminé",
        ImportState.Failed => "Échoué",
    };

    public static string Css(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Error => "alert",
        IssueSeverity.Review => "info",
        _ => "warn",
    };

    public static string Css(ImportState state) => state switch
    {
        ImportState.Completed => "ok",
        ImportState.Failed => "alert",
        ImportState.Running or ImportState.Queued => "info",
        _ => "muted",
    };
}

public static class SubjectLabels
{
    public static string Of(Core.Subjects.ReviewReason reason) => reason switch
    {
        Core.Subjects.ReviewReason.None => "—",
        Core.Subjects.ReviewReason.MinorConfidentialCare => "Mineur : confidentialité demandée",
        Core.Subjects.ReviewReason.MinorSensitiveRecord => "Mineur : dossier confidentiel",
        Core.Subjects.ReviewReason.ProtectedAdult => "Majeur protégé",
        Core.Subjects.ReviewReason.Deceased => "Personne décédée",
        Core.Subjects.ReviewReason.AddressUnusable => "Adresse inutilisable",
    };

    public static string Of(Core.Subjects.NotificationChannel channel) => channel switch
    {
        Core.Subjects.NotificationChannel.Undecided => "À déterminer",
        Core.Subjects.NotificationChannel.Post => "Courrier",
        Core.Subjects.NotificationChannel.Email => "E-mail",
        Core.Subjects.NotificationChannel.EmailAndPost => "E-mail et courrier",
        Core.Subjects.NotificationChannel.None => "Aucun",
    };

    public static string Of(Core.Subjects.SubjectNotificationStatus status) => status switch
    {
        Core.Subjects.SubjectNotificationStatus.Pending => "À informer",
        Core.Subjects.SubjectNotificationStatus.ManualReview => "Examen manuel",
        Core.Subjects.SubjectNotificationStatus.LetterQueued => "Courrier en préparation",
        Core.Subjects.SubjectNotificationStatus.LetterPosted => "Courrier posté",
        Core.Subjects.SubjectNotificationStatus.EmailSent => "E-mail envoyé",
        Core.Subjects.SubjectNotificationStatus.Returned => "Pli retourné",
        Core.Subjects.SubjectNotificationStatus.Unreachable => "Injoignable",
        Core.Subjects.SubjectNotificationStatus.Informed => "Informée",
    };
}
