namespace Notifier.Core.Processors;

// The vendor (Art. 4(8) processor). The Art. 33(2) notice delay is contractual, not legal: stored per processor.
public sealed class Processor
{
    public const int NameMax = 200;
    public const int SirenLength = 9;

    private Processor()
    {
    }

    public Processor(Guid id, string name)
    {
        Id = id;
        Name = name;
    }

    public Guid Id { get; private set; }
    public string Name { get; set; } = "";
    public string? Siren { get; set; }
    public string ContactName { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string ContactPhone { get; set; } = "";
    public int? NoticeSlaHours { get; set; }
}

// One processor → controller notice (Art. 33(2)); one record per laboratory when the vendor writes to all of them.
public sealed class ProcessorNotice
{
    public const int ContentMax = 8000;

    private ProcessorNotice()
    {
    }

    public ProcessorNotice(Guid id, Guid processorId, Guid controllerCaseId, DateTime? sentAtUtc, DateTime receivedAtUtc, string content)
    {
        Id = id;
        ProcessorId = processorId;
        ControllerCaseId = controllerCaseId;
        SentAtUtc = sentAtUtc;
        ReceivedAtUtc = receivedAtUtc;
        Content = content;
    }

    public Guid Id { get; private set; }
    public Guid ProcessorId { get; private set; }
    public Guid ControllerCaseId { get; private set; }
    public DateTime? SentAtUtc { get; set; }
    public DateTime ReceivedAtUtc { get; set; }
    public string Content { get; set; } = "";
}
