namespace Notifier.Web.Features.Dossier;

public static class DossierSetup
{
    public static WebApplicationBuilder AddNotifierDossier(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RiskOptions>().BindConfiguration(RiskOptions.Section)
            .Validate(o => Enum.IsDefined(o.NotifyCnilFrom) && Enum.IsDefined(o.InformPersonsFrom), "Risk:NotifyCnilFrom and Risk:InformPersonsFrom must be Low, Medium, High or VeryHigh.")
            .Validate(o => o.NotifyCnilFrom <= o.InformPersonsFrom, "Risk:InformPersonsFrom cannot be below Risk:NotifyCnilFrom: informing the persons (high risk) implies notifying the CNIL.")
            .ValidateOnStart();
        builder.Services.AddScoped<DossierService>();
        builder.Services.AddSingleton<DossierPdf>();
        return builder;
    }
}
