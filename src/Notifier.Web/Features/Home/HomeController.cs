using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Notifier.Core.Identity;

namespace Notifier.Web.Features.Home;

public sealed class HomeController : Controller
{
    // Each role lands where its work is.
    public IActionResult Index() =>
        User.IsInRole(Roles.Mailroom) && !User.IsInRole(Roles.Admin)
            ? RedirectToAction("Index", "Mailroom")
            : RedirectToAction("Index", "Incidents");

    [AllowAnonymous]
    [HttpPost]
    public IActionResult Language(string culture, string? returnUrl)
    {
        var chosen = culture == "en" ? "en-GB" : "fr-FR";
        Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }

    [AllowAnonymous]
    [Route("/Home/Status/{code:int}")]
    public IActionResult Status(int code)
    {
        var feature = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        ViewData["OriginalPath"] = feature?.OriginalPath;
        return View("Status", code);
    }

    [AllowAnonymous]
    public IActionResult Error() => View("Status", 500);
}
