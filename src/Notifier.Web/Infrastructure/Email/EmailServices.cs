using Microsoft.Extensions.Options;
using Notifier.Web.Infrastructure.Email;

// Beside the other AddNotifier* extensions, so that Program.cs needs no extra using.
namespace Notifier.Web.Infrastructure;

public static class EmailServices
{
    public static WebApplicationBuilder AddNotifierEmail(this WebApplicationBuilder builder)
    {
        var dataFolder = Database.DataFolder(builder.Configuration, builder.Environment);
        builder.Services.AddOptions<EmailOptions>()
            .BindConfiguration(EmailOptions.Section)
            .PostConfigure(o => o.PickupFolder = Path.GetFullPath(Path.Combine(dataFolder, o.PickupFolder)))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // One sender per process: MailKitEmailSender keeps its SMTP connection open between messages.
        builder.Services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Transport switch
        {
            EmailTransport.Pickup => ActivatorUtilities.CreateInstance<PickupEmailSender>(sp),
            EmailTransport.Smtp => ActivatorUtilities.CreateInstance<MailKitEmailSender>(sp),
            _ => throw new InvalidOperationException("Unknown Email:Transport."),
        });
        return builder;
    }
}
