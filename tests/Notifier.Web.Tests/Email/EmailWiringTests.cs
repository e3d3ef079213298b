using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifier.Web.Infrastructure.Email;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Email;

// AddNotifierEmail through the real host: the default transport, the SMTP choice, and validation on start.
public sealed class EmailWiringTests
{
    [Fact]
    public void The_default_transport_writes_to_the_mail_folder_under_the_data_folder()
    {
        using var app = new NotifierApp();

        var sender = Assert.IsType<PickupEmailSender>(app.Services.GetRequiredService<IEmailSender>());
        Assert.Equal(Path.Combine(app.DataFolder, "mail"), sender.Folder);
    }

    [Fact]
    public void Smtp_transport_registers_the_MailKit_sender()
    {
        using var app = new NotifierApp();
        using var smtp = app.WithWebHostBuilder(b => b
            .UseSetting("Email:Transport", "Smtp")
            .UseSetting("Email:Smtp:Host", "127.0.0.1")
            .UseSetting("Email:Smtp:Security", "None"));

        Assert.IsType<MailKitEmailSender>(smtp.Services.GetRequiredService<IEmailSender>());
        Assert.Same(smtp.Services.GetRequiredService<IEmailSender>(), smtp.Services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void Smtp_transport_without_a_host_stops_the_start()
    {
        using var app = new NotifierApp();
        using var smtp = app.WithWebHostBuilder(b => b.UseSetting("Email:Transport", "Smtp"));

        var e = Record.Exception(() => smtp.Services);
        var validation = Assert.IsType<OptionsValidationException>(e is AggregateException a ? a.InnerException : e);
        Assert.Contains("Email:Smtp:Host is required", validation.Message, StringComparison.Ordinal);
    }
}
