using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Emails;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.EmailCampaigns;

// The laboratory's DPO only (the persons' email addresses are personal data of that lab): LabAccess.FindCaseForPersonsAsync.
[ApiController]
[Route("api/v1")]
[Authorize(Policy = Policies.LabPersons)]
[IgnoreAntiforgeryToken]
public sealed class EmailCampaignsApiController(NotifierDbContext db, LabAccess access, EmailCampaignService campaigns) : ControllerBase
{
    [HttpPost("cases/{caseId:guid}/email-campaigns")]
    [EndpointSummary("Start an email campaign for the laboratory's persons who need an email")]
    [EndpointDescription("Persons with an email address, not minors, not in manual review and not yet emailed get one message each, "
        + "sent by background jobs of ~200 messages under the laboratory's policy (in addition to or instead of the letter) and rate. "
        + "`language` is fr (default) or en. Answers 201 with `{ id }`, or 409 when nobody needs an email.")]
    [ProducesResponseType<CreatedId>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Create(Guid caseId, [FromBody] CreateEmailCampaignRequest? request, CancellationToken ct)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var campaign = await campaigns.CreateAsync(@case, request?.Language, access.UserId, ct);
        return campaign is null
            ? Problem(statusCode: StatusCodes.Status409Conflict, detail: "Aucune personne de ce laboratoire n'attend de courriel.")
            : StatusCode(StatusCodes.Status201Created, new CreatedId(campaign.Id));
    }

    [HttpGet("email-campaigns/{id:guid}")]
    [EndpointSummary("State (running, paused, completed, cancelled) and counts of an email campaign")]
    [ProducesResponseType<EmailCampaignDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(Guid id, CancellationToken ct)
    {
        var (campaign, @case) = await FindAsync(db, access, id, tracked: false, ct);
        return campaign is null ? NotFound() : Ok(EmailCampaignDto.From(await campaigns.ProgressAsync(campaign, ct), @case!));
    }

    [HttpPost("email-campaigns/{id:guid}/pause")]
    [EndpointSummary("Pause a running campaign: messages already claimed finish, the others wait")]
    [ProducesResponseType<EmailCampaignDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Pause(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.PauseAsync, ct);

    [HttpPost("email-campaigns/{id:guid}/resume")]
    [EndpointSummary("Resume a paused campaign")]
    [ProducesResponseType<EmailCampaignDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Resume(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.ResumeAsync, ct);

    [HttpPost("email-campaigns/{id:guid}/cancel")]
    [EndpointSummary("Cancel a running or paused campaign: queued messages are cancelled (under the policy 'instead of the letter', those persons get their letter back)")]
    [ProducesResponseType<EmailCampaignDto>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status404NotFound)]
    [ProducesResponseType(StatusCodes.Status409Conflict)]
    public Task<IActionResult> Cancel(Guid id, CancellationToken ct) => ChangeAsync(id, campaigns.CancelAsync, ct);

    private async Task<IActionResult> ChangeAsync(Guid id, Func<EmailCampaign, CancellationToken, Task<string?>> change, CancellationToken ct)
    {
        var (campaign, @case) = await FindAsync(db, access, id, tracked: true, ct);
        if (campaign is null)
        {
            return NotFound();
        }

        var error = await change(campaign, ct);
        return error is not null
            ? Problem(statusCode: StatusCodes.Status409Conflict, detail: EmailCampaignLabels.Error(error))
            : Ok(EmailCampaignDto.From(await campaigns.ProgressAsync(campaign, ct), @case!));
    }

    // A campaign with its case, when the user is a DPO of that laboratory.
    public static async Task<(EmailCampaign? Campaign, ControllerCase? Case)> FindAsync(NotifierDbContext db, LabAccess access, Guid id, bool tracked,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(access);
        var query = tracked ? db.EmailCampaigns : db.EmailCampaigns.AsNoTracking();
        var campaign = await query.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
        {
            return (null, null);
        }

        var @case = await access.FindCaseForPersonsAsync(campaign.ControllerCaseId, ct);
        return @case is null ? (null, null) : (campaign, @case);
    }
}

public sealed record CreateEmailCampaignRequest(string? Language);

public sealed record CreatedId(Guid Id);

public sealed record EmailCampaignCountsDto(int Total, int Queued, int Sending, int Sent, int Failed, int Bounced, int Cancelled);

public sealed record EmailCampaignDto(Guid Id, Guid CaseId, int Number, string State, string Policy, int RatePerMinuteLimit, string Language,
    EmailCampaignCountsDto Counts, int ProgressPercent, double SentPerMinute, DateTimeOffset? EstimatedEnd, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public static EmailCampaignDto From(CampaignProgress p, ControllerCase @case)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(@case);
        var c = p.Campaign;
        var n = p.Counts;
        var tz = @case.Laboratory!.TimeZoneId;
        return new EmailCampaignDto(c.Id, c.ControllerCaseId, c.Number, EmailCampaignLabels.ApiState(c.State), EmailCampaignLabels.ApiPolicy(c.Policy),
            c.PerMinute, c.Language, new EmailCampaignCountsDto(n.Total, n.Queued, n.Sending, n.Sent, n.Failed, n.Bounced, n.Cancelled), n.ProgressPercent,
            Math.Round(p.PerMinute, 1), Local(p.EstimatedEndUtc, tz), Local(c.CreatedAtUtc, tz)!.Value, Local(c.FinishedAtUtc, tz));
    }

    private static DateTimeOffset? Local(DateTime? utc, string tz) => utc is { } u ? Core.LabTime.ToLocal(u, tz) : null;
}
