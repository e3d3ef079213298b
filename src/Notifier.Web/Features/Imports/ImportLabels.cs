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

    public static string Css(ImportState state) => state switch
    {
        ImportState.Completed => "ok",
        ImportState.Failed => "alert",
        ImportState.Running or ImportState.Queued => "info",
        _ => "muted",
    };
}
