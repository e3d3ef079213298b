using Notifier.Core.Subjects;

namespace Notifier.Core.Emails;

// Per laboratory: does the email come in addition to the paper letter, or instead of it? Health data make the letter the
// rule (regulation.md §2.5), so "in addition" is the default; "instead" is a recorded choice of the lab's DPO.
public enum EmailPolicy
{
    InAdditionToLetter,
    InsteadOfLetter,
}

public enum EmailCampaignState
{
    Running,
    Paused,
    Completed,
    Cancelled,
}

public enum EmailMessageStatus
{
    Queued,
    Sending,
    Sent,
    Failed,
    Bounced,
    Cancelled,
}

// The laboratory's email settings, and the shared throttle: NextSendAtUtc is the next free sending slot of the lab's
// sender. Every worker takes its slot from this row (compare-and-swap), so N per minute holds across processes.
public sealed class LabEmailSettings
{
    public const int MaxPerMinute = 100_000;

    private LabEmailSettings()
    {
    }

    public LabEmailSettings(Guid laboratoryId, EmailPolicy policy, int perMinute, DateTime updatedAtUtc, Guid? updatedBy)
    {
        LaboratoryId = laboratoryId;
        Policy = policy;
        PerMinute = perMinute;
        UpdatedAtUtc = updatedAtUtc;
        UpdatedByUserId = updatedBy;
    }

    public Guid LaboratoryId { get; private set; }
    public EmailPolicy Policy { get; set; }

    // 0 = no limit (a local relay, the benchmark).
    public int PerMinute { get; set; }
    public DateTime? NextSendAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public Guid? UpdatedByUserId { get; set; }
}

// One email campaign of a laboratory's case: the outbox rows are its messages. The policy and the rate in force when
// it started are recorded with it.
public sealed class EmailCampaign
{
    public const int ChunkSize = 200;

    private EmailCampaign()
    {
    }

    public EmailCampaign(Guid id, Guid controllerCaseId, Guid laboratoryId, int number, EmailPolicy policy, int perMinute, string language,
        DateTime createdAtUtc, Guid? createdBy)
    {
        Id = id;
        ControllerCaseId = controllerCaseId;
        LaboratoryId = laboratoryId;
        Number = number;
        Policy = policy;
        PerMinute = perMinute;
        Language = language;
        CreatedAtUtc = createdAtUtc;
        CreatedByUserId = createdBy;
    }

    public Guid Id { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public Guid LaboratoryId { get; private set; }
    public int Number { get; private set; }
    public EmailCampaignState State { get; private set; } = EmailCampaignState.Running;
    public EmailPolicy Policy { get; private set; }
    public int PerMinute { get; private set; }
    public string Language { get; private set; } = "fr";
    public int MessageCount { get; set; }
    public int ChunkCount { get; set; }
    public DateTime CreatedAtUtc { get; private set; }
    public Guid? CreatedByUserId { get; private set; }
    public DateTime? PausedAtUtc { get; private set; }
    public DateTime? FinishedAtUtc { get; private set; }

    public bool IsActive => State is EmailCampaignState.Running or EmailCampaignState.Paused;

    // Transitions the DPO asks for; null when done, else an error key.
    public string? Pause(DateTime nowUtc)
    {
        if (State != EmailCampaignState.Running)
        {
            return EmailCampaignErrors.NotRunning;
        }

        State = EmailCampaignState.Paused;
        PausedAtUtc = nowUtc;
        return null;
    }

    public string? Resume()
    {
        if (State != EmailCampaignState.Paused)
        {
            return EmailCampaignErrors.NotPaused;
        }

        State = EmailCampaignState.Running;
        PausedAtUtc = null;
        return null;
    }

    public string? Cancel(DateTime nowUtc)
    {
        if (!IsActive)
        {
            return EmailCampaignErrors.Finished;
        }

        State = EmailCampaignState.Cancelled;
        FinishedAtUtc = nowUtc;
        return null;
    }
}

public static class EmailCampaignErrors
{
    public const string NotRunning = "campaign.not-running";
    public const string NotPaused = "campaign.not-paused";
    public const string Finished = "campaign.finished";
}

// One message of a campaign: the outbox row. Its id is the Message-Id of what goes on the wire. It holds no personal
// data: the address and the name are read from the person's encrypted record when the message is sent.
// queued → sending (claimed: ClaimToken + ClaimedAtUtc, in a short transaction before SMTP) → sent (ServerAnswer, right
// after the server's 250) | failed (Failure: permanent 5xx, or transient errors past the last attempt) | bounced (a DSN
// came back) | cancelled. A transient error puts it back to queued with NextAttemptAtUtc later (back-off).
public sealed class EmailOutboxMessage
{
    public const int AnswerMax = 200;
    public const int MaxAttempts = 5;

    private EmailOutboxMessage()
    {
    }

    public EmailOutboxMessage(Guid id, Guid campaignId, Guid dataSubjectId, int chunk)
    {
        Id = id;
        EmailCampaignId = campaignId;
        DataSubjectId = dataSubjectId;
        Chunk = chunk;
    }

    public Guid Id { get; private set; }
    public Guid EmailCampaignId { get; private set; }
    public Guid DataSubjectId { get; private set; }
    public int Chunk { get; private set; }
    public EmailMessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAtUtc { get; set; }
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }
    public string? ServerAnswer { get; set; }
    public string? Failure { get; set; }
    public DateTime? BouncedAtUtc { get; set; }

    // Transient SMTP trouble: 1, 4, 16, 64 minutes.
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Pow(4, Math.Clamp(attempts - 1, 0, 4)));
}

// What a failed or bounced email does to the person: back to the paper letter when they have a usable postal address,
// else into the lab's unreachable count (the same model as a returned letter, PostalBatchService.RecordReturnsAsync).
public static class EmailChannel
{
    public static void ToPaper(DataSubject subject, bool postable, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(subject);
        subject.UpdatedAtUtc = nowUtc;
        if (subject.Status == SubjectNotificationStatus.Returned || !postable)
        {
            // The letter already came back (or there is no usable address): neither channel reaches the person.
            subject.Channel = NotificationChannel.None;
            if (subject.Status is not (SubjectNotificationStatus.LetterQueued or SubjectNotificationStatus.LetterPosted))
            {
                subject.Status = SubjectNotificationStatus.Unreachable;
            }

            return;
        }

        subject.Channel = NotificationChannel.Post;
        if (subject.Status == SubjectNotificationStatus.EmailSent)
        {
            // The email replaced the letter: the person goes back to the queue of the next postal batch.
            subject.Status = SubjectNotificationStatus.Pending;
        }
    }

    // After the server accepted the message.
    public static void Sent(DataSubject subject, EmailPolicy policy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Status is SubjectNotificationStatus.Returned
            || (policy == EmailPolicy.InsteadOfLetter && subject.Status == SubjectNotificationStatus.Pending))
        {
            subject.Status = SubjectNotificationStatus.EmailSent;
            subject.UpdatedAtUtc = nowUtc;
        }
    }
}

public enum EmailChunkState
{
    // Not yet handed to Hangfire: at most EmailCampaigns:Parallelism chunks of a campaign are in the queue at a time.
    Waiting,
    Enqueued,
    Done,
}

// One chunk (~200 messages) of a campaign, the unit of a Hangfire job. The job beats HeartbeatAtUtc while it works; an
// enqueued chunk without a recent heartbeat has lost its job, and the sweep enqueues it again (ADR-0004).
public sealed class EmailCampaignChunk
{
    private EmailCampaignChunk()
    {
    }

    public EmailCampaignChunk(Guid campaignId, int number, int messageCount)
    {
        EmailCampaignId = campaignId;
        Number = number;
        MessageCount = messageCount;
    }

    public Guid EmailCampaignId { get; private set; }
    public int Number { get; private set; }
    public int MessageCount { get; private set; }
    public EmailChunkState State { get; set; }
    public DateTime? EnqueuedAtUtc { get; set; }
    public DateTime? HeartbeatAtUtc { get; set; }
}
