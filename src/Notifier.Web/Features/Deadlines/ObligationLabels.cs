using Notifier.Core.Deadlines;

namespace Notifier.Web.Features.Deadlines;

public static class ObligationLabels
{
    public static string Of(ObligationKind kind) => kind switch
    {
        ObligationKind.CnilNotification => "Notification CNIL (72 h)",
        ObligationKind.CnilComplementary => "Notification complémentaire",
        ObligationKind.ProcessorNotice => "Information par le prestataire",
        ObligationKind.SubjectCommunication => "Information des personnes",
        ObligationKind.HealthSectorReport => "Signalement ARS / CERT Santé",
        ObligationKind.Nis2EarlyWarning => "NIS 2 : alerte précoce (24 h)",
        ObligationKind.Nis2IncidentNotification => "NIS 2 : notification (72 h)",
        ObligationKind.Nis2FinalReport => "NIS 2 : rapport final",
    };

    public static string Brief(ObligationKind kind) => kind switch
    {
        ObligationKind.CnilNotification => "CNIL 72 h",
        ObligationKind.CnilComplementary => "Complémentaire",
        ObligationKind.ProcessorNotice => "Prestataire",
        ObligationKind.SubjectCommunication => "Personnes",
        ObligationKind.HealthSectorReport => "ARS / CERT Santé",
        ObligationKind.Nis2EarlyWarning => "NIS 2 (24 h)",
        ObligationKind.Nis2IncidentNotification => "NIS 2 (72 h)",
        ObligationKind.Nis2FinalReport => "NIS 2 final",
    };

    public static string Of(ObligationStatus status) => status switch
    {
        ObligationStatus.NotApplicable => "Sans objet",
        ObligationStatus.NotStarted => "Non commencé",
        ObligationStatus.InProgress => "En cours",
        ObligationStatus.DoneOnTime => "Fait dans les délais",
        ObligationStatus.DoneLate => "Fait en retard",
        ObligationStatus.Overdue => "En retard",
    };

    public static string Css(Obligation o) => o.Status switch
    {
        ObligationStatus.Overdue => "alert",
        ObligationStatus.DoneLate => "warn",
        ObligationStatus.DoneOnTime => "ok",
        ObligationStatus.NotApplicable => "muted",
        _ when o.DueImmediately => "warn",
        _ when o.Remaining is { } r && r <= TimeSpan.FromHours(24) => "soon",
        _ => "info",
    };
}
