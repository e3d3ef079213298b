namespace Notifier.Core.Letters;

public enum LetterBlock
{
    Introduction,
    Nature,
    ExposedData,
    Consequences,
    Measures,
    Advice,
    Contact,
    Verification,
}

public sealed record LetterSection(LetterBlock Block, string? Heading, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Bullets);

public sealed record LetterContact(string Name, string Role, string Email, string Phone, IReadOnlyList<string> PostalLines);

// One patient letter, ready to render: what it says, never how it looks (house style §4.8).
public sealed record Letter
{
    public required string Code { get; init; }
    public required string Reference { get; init; }
    public required DateOnly Date { get; init; }
    public required string DateLine { get; init; }
    public required string Language { get; init; }
    public required int TemplateVersion { get; init; }
    public required string SenderName { get; init; }
    public required IReadOnlyList<string> SenderLines { get; init; }

    // NF Z10-011: at most 6 lines of at most 38 characters in France (7 abroad, the last being the country).
    public required IReadOnlyList<string> AddressBlock { get; init; }
    public required bool ToLegalRepresentatives { get; init; }
    public required string Subject { get; init; }
    public required string Salutation { get; init; }
    public required IReadOnlyList<LetterSection> Sections { get; init; }
    public required LetterContact Contact { get; init; }
    public required string Closing { get; init; }
    public required string Signature { get; init; }
    public required string SignatureRole { get; init; }
    public required string LabelController { get; init; }
    public required string LabelReference { get; init; }
    public required string LabelCode { get; init; }
    public required string LabelPage { get; init; }

    public LetterSection Section(LetterBlock block) => Sections.First(s => s.Block == block);

    public bool Has(LetterBlock block) => Sections.Any(s => s.Block == block && (s.Paragraphs.Count > 0 || s.Bullets.Count > 0));

    // Everything printed, for the safety checks.
    public string AllText() => string.Join('\n', new[] { Code, Reference, DateLine, SenderName, Subject, Salutation, Closing, Signature, SignatureRole,
            Contact.Name, Contact.Role, Contact.Email, Contact.Phone, LabelController, LabelReference, LabelCode }
        .Concat(SenderLines).Concat(AddressBlock).Concat(Contact.PostalLines)
        .Concat(Sections.SelectMany(s => new[] { s.Heading ?? "" }.Concat(s.Paragraphs).Concat(s.Bullets))));
}
