using Notifier.Core.Emails;

namespace Notifier.Web.Features.EmailCampaigns;

// French labels of the email feature (keys of the English dictionary, Resources/en.json); API codes in lower case.
public static class EmailCampaignLabels
{
    public static string ApiState(EmailCampaignState s) => s.ToString().ToLowerInvariant();

    public static string StatusCode(EmailMessageStatus s) => s.ToString().ToLowerInvariant();

    public static string ApiPolicy(EmailPolicy p) => p == EmailPolicy.InsteadOfLetter ? "instead-of-letter" : "in-addition-to-letter";

    public static string Of(EmailCampaignState s) => s switch
    {
        EmailCampaignState.Running => "En cours",
        EmailCampaignState.Paused => "En pause",
        EmailCampaignState.Completed => "Terminée",
        EmailCampaignState.Cancelled => "Annulée",
    };

    public static string Of(EmailPolicy p) => p switch
    {
        EmailPolicy.InAdditionToLetter => "Courriel en plus du courrier postal",
        EmailPolicy.InsteadOfLetter => "Courriel à la place du courrier postal",
    };

    public static string Error(string rule) => rule switch
    {
        EmailCampaignErrors.NotRunning => "La campagne n'est pas en cours : elle ne peut pas être mise en pause.",
        EmailCampaignErrors.NotPaused => "La campagne n'est pas en pause : elle ne peut pas être reprise.",
        EmailCampaignErrors.Finished => "La campagne est terminée ou annulée.",
        _ => "Action impossible sur cette campagne.",
    };
}
