using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Letters;

namespace Notifier.Web.Features.Verify;

// The persons' public page (no sign-in): the code printed on a letter confirms that the letter is genuine and shows
// the laboratory's name, its DPO contact and a FAQ — nothing about the person. Rate-limited per client address, and
// logged without the code, so that codes cannot be enumerated and the log holds nothing personal. Never a lookup by
// name or NIR (the private "am I in the file?" sites of 2021).
[AllowAnonymous]
[Route("verifier")]
public sealed class VerifyController(NotifierDbContext db, ILogger<VerifyController> logger) : Controller
{
    // The link of the email (/verifier?code=…) fills the field in; the check itself still takes the person's click (POST,
    // rate-limited), so a GET never looks a code up.
    [HttpGet("")]
    public IActionResult Index(string? code)
    {
        ViewData["Code"] = LetterCodes.Normalise(code) is { } normalised ? LetterCodes.Display(normalised) : null;
        return View(new VerifyPage(null, null, false));
    }

    [HttpPost("")]
    [ValidateAntiForgeryToken]
    [EnableRateLimiting(LettersSetup.VerificationRateLimit)]
    public async Task<IActionResult> Check(string? code, CancellationToken ct)
    {
        var normalised = LetterCodes.Normalise(code);
        VerifiedLetter? found = null;
        if (normalised is not null)
        {
            found = await db.Subjects.AsNoTracking().Where(s => s.LetterCode == normalised)
                .Join(db.Cases, s => s.ControllerCaseId, c => c.Id, (s, c) => c)
                .Select(c => new VerifiedLetter(c.Laboratory!.Name, c.Laboratory.Dpo.Name, c.Laboratory.Dpo.Email, c.Laboratory.Dpo.Phone,
                    c.Laboratory.Address.Line1, c.Laboratory.Address.PostalCode, c.Laboratory.Address.City))
                .FirstOrDefaultAsync(ct);
        }

        var outcome = found is not null ? "genuine" : normalised is null ? "malformed" : "unknown";
        logger.LogInformation("Letter verification: {Outcome}", outcome);
        return View("Index", new VerifyPage(found, outcome, true));
    }
}

public sealed record VerifiedLetter(string Laboratory, string DpoName, string DpoEmail, string DpoPhone, string Line1, string PostalCode, string City);

public sealed record VerifyPage(VerifiedLetter? Letter, string? Outcome, bool Checked);
