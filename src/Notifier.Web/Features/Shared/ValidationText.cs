using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Localization;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Shared;

// IValidatableObject messages do not go through DataAnnotations localization: translate them here.
public static class ValidationText
{
    public static ValidationResult Error(this ValidationContext context, string frenchText, params string[] members)
    {
        var t = context.GetService(typeof(IStringLocalizer<SharedResource>)) as IStringLocalizer;
        return new ValidationResult(t?[frenchText].Value ?? frenchText, members);
    }
}
