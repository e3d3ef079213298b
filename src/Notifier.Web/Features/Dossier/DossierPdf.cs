using System.Globalization;
using Notifier.Core;
using Notifier.Core.Notifications;
using Notifier.Web.Infrastructure.Pdf;

namespace Notifier.Web.Features.Dossier;

// Renders a dossier, a health-sector report or the register (all DossierDocument) with the shared PDF foundation
// (Infrastructure/Pdf: embedded Liberation Sans, layout cursor, page numbers). Content comes from the Core composers.
public sealed class DossierPdf
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public sealed record FilingBlock(string FiledAtLocal, string CnilNumber, bool Late, string ReasonsForDelay);

    public static FilingBlock? Filing(CnilNotification n, string timeZoneId)
    {
        ArgumentNullException.ThrowIfNull(n);
        return n.FiledAtUtc is { } at ? new FilingBlock(LabTime.Format(at, timeZoneId, French), n.CnilNumber, n.FiledLate, n.ReasonsForDelay) : null;
    }

    public static string FileName(string caseReference, CnilNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var kind = n.Kind == NotificationKind.Initial ? "initiale" : $"complementaire-{n.Sequence - 1}";
        return $"notification-cnil-{caseReference}-{kind}.pdf";
    }

    public byte[] Render(DossierDocument doc, FilingBlock? filing, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var document = PdfDocuments.Create(doc.Title);
        var producedAt = LabTime.Format(nowUtc, doc.LabTimeZone, French);
        using (var layout = new PdfLayout(document))
        {
            // The footer is cut at 70 % of the line: the lab and the instant, the case reference is in the heading.
            layout.BeginSection(PageNumbering.Always, "Page {0} / {1}", $"{doc.LabName} — {producedAt}");
            layout.Heading(doc.Title, PdfTextStyle.Heading1, spaceBefore: 0, spaceAfter: 4);
            layout.KeyValue(doc.CaseReference.Length > 0 ? "Responsable de traitement" : "Périmètre", doc.LabName);
            if (doc.LabSiren.Length > 0)
            {
                layout.KeyValue("SIREN", doc.LabSiren);
            }

            if (doc.CaseReference.Length > 0)
            {
                layout.KeyValue("Dossier", doc.CaseReference);
            }

            layout.KeyValue("Préparé le", doc.GeneratedAtLocal);
            layout.KeyValue("Document produit le", $"{producedAt} — fuseau {doc.LabTimeZone}");
            if (doc.Checklist.Count > 0)
            {
                layout.KeyValue("Contenu minimal de l'art. 33(3)", doc.Complete ? "Complet"
                    : "INCOMPLET — notification initiale à compléter par une notification complémentaire (art. 33(4))");
            }

            if (filing is not null)
            {
                layout.KeyValue("Déposée sur le site de la CNIL le", filing.FiledAtLocal + (filing.Late ? " (après l'échéance de 72 heures)" : ""));
                layout.KeyValue("Numéro de notification CNIL", filing.CnilNumber);
                if (filing.ReasonsForDelay.Length > 0)
                {
                    layout.KeyValue("Motifs du retard", filing.ReasonsForDelay);
                }
            }

            layout.Space(4);
            layout.HorizontalRule();
            if (doc.Checklist.Count > 0)
            {
                layout.Heading("Vérification de l'art. 33(3)");
                foreach (var item in doc.Checklist)
                {
                    var state = item.State switch
                    {
                        ChecklistState.Present => "renseigné",
                        ChecklistState.UnknownWithReason => "inconnu à ce stade, motif : " + item.Detail,
                        ChecklistState.Missing => "MANQUANT" + (item.Detail.Length > 0 ? " — " + item.Detail : ""),
                    };
                    layout.Bullet($"Art. {item.Article} — {item.Label} : {state}");
                }
            }

            foreach (var section in doc.Sections)
            {
                layout.Heading($"{section.Number}. {section.Title}");
                foreach (var field in section.Fields)
                {
                    layout.KeyValue(field.Label, field.Value.Replace('\n', ' '));
                }
            }

            layout.EndSection();
        }

        return PdfDocuments.ToBytes(document);
    }
}
