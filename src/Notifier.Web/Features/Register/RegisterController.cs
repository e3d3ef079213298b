using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Notifications;
using Notifier.Web.Features.Dossier;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Register;

// The Art. 33(5) breach register, per laboratory's case and per incident (only the cases the user may see),
// on screen, as CSV for French Excel and as PDF.
[Authorize(Policy = Policies.ViewCases)]
public sealed class RegisterController(DossierService dossiers, DossierPdf pdf, LabAccess access, TimeProvider clock) : Controller
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> Case(Guid caseId, CancellationToken ct)
    {
        var scope = await CaseScopeAsync(caseId, ct);
        return scope is null ? NotFound() : View("Index", scope);
    }

    public async Task<IActionResult> CaseCsv(Guid caseId, CancellationToken ct)
    {
        var scope = await CaseScopeAsync(caseId, ct);
        return scope is null ? NotFound() : Csv(scope);
    }

    public async Task<IActionResult> CasePdf(Guid caseId, CancellationToken ct)
    {
        var scope = await CaseScopeAsync(caseId, ct);
        return scope is null ? NotFound() : Pdf(scope);
    }

    public async Task<IActionResult> Incident(Guid incidentId, CancellationToken ct)
    {
        var scope = await IncidentScopeAsync(incidentId, ct);
        return scope is null ? NotFound() : View("Index", scope);
    }

    public async Task<IActionResult> IncidentCsv(Guid incidentId, CancellationToken ct)
    {
        var scope = await IncidentScopeAsync(incidentId, ct);
        return scope is null ? NotFound() : Csv(scope);
    }

    public async Task<IActionResult> IncidentPdf(Guid incidentId, CancellationToken ct)
    {
        var scope = await IncidentScopeAsync(incidentId, ct);
        return scope is null ? NotFound() : Pdf(scope);
    }

    // UTF-8 with BOM, ';', CRLF, formula-injection safe (the import error report's cell rule).
    private FileContentResult Csv(RegisterScope scope)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        BreachRegister.WriteCsv(text, scope.Entries);
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
        return File(bytes, "text/csv; charset=utf-8", $"registre-{scope.FileStem}.csv");
    }

    private FileContentResult Pdf(RegisterScope scope) =>
        File(pdf.Render(BreachRegister.ToDocument("Registre des violations de données (RGPD art. 33(5))", scope.Title, scope.TimeZoneId, scope.Entries, Now), null, Now),
            "application/pdf", $"registre-{scope.FileStem}.pdf");

    private async Task<RegisterScope?> CaseScopeAsync(Guid caseId, CancellationToken ct)
    {
        var c = await access.FindCaseAsync(caseId, ct);
        if (c is null)
        {
            return null;
        }

        return new RegisterScope(c.Laboratory!.Name + " — " + c.Reference, c.Reference, c.Laboratory.TimeZoneId, c.Id, c.IncidentId,
            await dossiers.RegisterAsync([c.Id], Now, ct));
    }

    private async Task<RegisterScope?> IncidentScopeAsync(Guid incidentId, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(incidentId, ct);
        if (incident is null)
        {
            return null;
        }

        var ids = await access.Cases().Where(c => c.IncidentId == incidentId).OrderBy(c => c.Reference).Select(c => c.Id).ToListAsync(ct);
        return new RegisterScope("Incident " + incident.Reference, incident.Reference, incident.TimeZoneId, null, incidentId,
            await dossiers.RegisterAsync(ids, Now, ct));
    }
}

public sealed record RegisterScope(string Title, string FileStem, string TimeZoneId, Guid? CaseId, Guid IncidentId, IReadOnlyList<RegisterEntry> Entries);
