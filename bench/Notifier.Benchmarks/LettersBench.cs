using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Notifier.Core.Import;
using Notifier.Core.Laboratories;
using Notifier.Core.Letters;
using Notifier.Core.Subjects;
using Notifier.Core.Synthetic;
using Notifier.Web.Features.Letters;
using Notifier.Web.Infrastructure;
using Notifier.Web.Infrastructure.Pdf;
using Notifier.Web.Infrastructure.Seeding;

namespace Notifier.Benchmarks;

// Letters benchmark (issue 6, "Scale"): the full synthetic case (491,840 persons over 28 laboratories) rendered into
// postal batches of 1,000 through the app's own code — each person's payload decrypted (AES-GCM, as stored), assessed,
// composed (LetterComposer, with its safety check), rendered (PdfLetterRenderer into LetterBatchDocument) and zipped
// with its manifest — then the same letter content as HTML through headless Chromium's print-to-PDF and wkhtmltopdf,
// 1,000 letters in one document each, against PDFsharp on the same 1,000 letters on one thread.
public static class LettersBench
{
    public static async Task<int> RunAsync(Dictionary<string, string> o)
    {
        var count = int.Parse(o.GetValueOrDefault("count", "491840"), CultureInfo.InvariantCulture);
        var labs = int.Parse(o.GetValueOrDefault("labs", "28"), CultureInfo.InvariantCulture);
        var batchSize = int.Parse(o.GetValueOrDefault("batch", "1000"), CultureInfo.InvariantCulture);
        var compare = int.Parse(o.GetValueOrDefault("compare", "1000"), CultureInfo.InvariantCulture);
        var threads = int.Parse(o.GetValueOrDefault("threads", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var work = o.GetValueOrDefault("work", Path.GetTempPath());
        var keys = new EncryptionOptions
        {
            ActiveKeyId = 1,
            Keys = new() { ["1"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray()) },
            BlindIndexKey = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray()),
        };
        using var cipher = Protection.CreateCipher(keys);

        // The stored form: one encrypted payload per person, with the clear workflow columns the import computes.
        Console.WriteLine($"Preparing {count:N0} synthetic persons over {labs} laboratories (encrypted as stored)...");
        var prep = Stopwatch.StartNew();
        var perLab = new List<(LetterContext Context, List<DataSubject> Subjects)>();
        var today = new DateOnly(2021, 3, 1);
        for (var lab = 0; lab < labs; lab++)
        {
            var n = count / labs + (lab < count % labs ? 1 : 0);
            var options = new SyntheticPatientOptions { Count = n, Seed = lab + 1, LabCode = $"L{lab + 1:D2}" };
            var subjects = new List<DataSubject>(n);
            foreach (var p in SyntheticPatients.Generate(options))
            {
                var payload = SyntheticPatientMapping.ToPayload(p);
                var id = Guid.CreateVersion7();
                var s = new DataSubject(id, Guid.Empty, cipher.SealSubject(id, payload), DateTime.UtcNow) { LetterCode = LetterCodes.New() };
                SubjectRecord.Apply(s, SubjectRecord.Assess(payload, today), new SubjectKeys(null, null, null));
                if (s.ReviewReason == ReviewReason.None && s.Channel is NotificationChannel.Post or NotificationChannel.EmailAndPost)
                {
                    subjects.Add(s);
                }
            }

            var context = new LetterContext($"Laboratoire de biologie médicale n° {lab + 1}",
                new PostalAddress { Line1 = $"{lab + 1} place de la République", PostalCode = "35000", City = "Rennes" },
                new ContactPoint { Name = "Délégué à la protection des données", Email = $"dpo{lab + 1}@labo.example", Phone = "02 99 00 00 00" },
                $"MEGA-2021-L{lab + 1:D2}", "https://notifier.example/verifier");
            perLab.Add((context, subjects));
        }

        var letters = perLab.Sum(l => l.Subjects.Count);
        Console.WriteLine($"  {letters:N0} persons need a paper letter (others: manual review or no usable address), prepared in {prep.Elapsed.TotalSeconds:F1} s");

        // Full case into batches, as the job does it: sort by postal code then street (decrypting), split, render, zip.
        GC.Collect();
        var template = DefaultLetterTemplates.French;
        var batches = new List<(LetterContext Context, DataSubject[] Subjects)>();
        var sortWatch = Stopwatch.StartNew();
        foreach (var (context, subjects) in perLab)
        {
            var sorted = subjects.Select(s =>
            {
                var p = cipher.OpenSubject(s.Id, s.Payload);
                var a = AddressBlock.Normalise(p.AddressLine1, p.AddressLine2, p.AddressLine3, p.PostalCode, p.City, p.Country);
                return (Zone: PostalBatch.ZoneOf(a), Postal: a.PostalCode ?? "", Street: a.Lines.Count >= 2 ? a.Lines[^2] : "", S: s);
            }).OrderBy(x => x.Zone).ThenBy(x => x.Postal, StringComparer.Ordinal).ThenBy(x => x.Street, StringComparer.Ordinal).ToList();
            foreach (var zone in sorted.GroupBy(x => x.Zone))
            {
                batches.AddRange(zone.Chunk(batchSize).Select(c => (context, c.Select(x => x.S).ToArray())));
            }
        }

        var sortSeconds = sortWatch.Elapsed.TotalSeconds;
        long bytes = 0, pages = 0;
        var rendered = 0;
        var load = LoadAverage();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = threads }, (batch, _) =>
        {
            using var doc = new LetterBatchDocument("Lot", forZip: true);
            var manifest = new StringWriter(CultureInfo.InvariantCulture);
            var batchPages = 0;
            foreach (var s in batch.Subjects)
            {
                var p = cipher.OpenSubject(s.Id, s.Payload);
                var c = LetterComposer.Compose(batch.Context, new LetterRecipient(p, s.ExposedCategories, s.ReviewReason), template, s.LetterCode!, today);
                if (c.Letter is not { } letter)
                {
                    continue;
                }

                var n = doc.Add(letter);
                batchPages += n;
                PostalBatchService.WriteManifestLine(manifest, batchPages, letter, "", "", n);
                Interlocked.Increment(ref rendered);
            }

            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var s = archive.CreateEntry("lot.pdf", CompressionLevel.Fastest).Open())
                {
                    doc.Save(s);
                }

                using var w = new StreamWriter(archive.CreateEntry("manifest.csv").Open(), new UTF8Encoding(true));
                w.Write(manifest.ToString());
            }

            Interlocked.Add(ref bytes, zip.Length);
            Interlocked.Add(ref pages, batchPages);
            return ValueTask.CompletedTask;
        });
        var seconds = total.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine();
        Console.WriteLine($"Full case: {rendered:N0} letters ({pages:N0} pages) in {batches.Count:N0} batches, {threads} thread(s)");
        Console.WriteLine($"  sort (decrypt + address) {sortSeconds:F1} s; render + zip {seconds:F1} s => {rendered / seconds:N0} letters/s; end to end {rendered / (seconds + sortSeconds):N0} letters/s");
        // CPU time says what the machine could do when other processes share it (the load average is printed first).
        Console.WriteLine($"  render + zip CPU {cpu:F1} s => {rendered / cpu:N0} letters per CPU-second; load average at start {load}");
        Console.WriteLine($"  ZIP output {bytes / 1e6:N0} MB ({bytes / (double)Math.Max(1, rendered) / 1024:F1} KiB per letter); peak working set {peak / 1e6:N0} MB");

        // Single letter on demand (DPO download): median of 50.
        var one = perLab[0].Subjects[0];
        var single = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var sw = Stopwatch.StartNew();
            var p = cipher.OpenSubject(one.Id, one.Payload);
            var l = LetterComposer.Compose(perLab[0].Context, new LetterRecipient(p, one.ExposedCategories, one.ReviewReason), template, one.LetterCode!, today).Letter!;
            _ = PdfLetterRenderer.Render(l);
            single.Add(sw.Elapsed.TotalMilliseconds);
        }

        single.Sort();
        Console.WriteLine($"  single letter on demand: median {single[single.Count / 2]:F1} ms");

        if (compare <= 0)
        {
            return 0;
        }

        // The same 1,000 letters three ways, one thread each.
        var sample = perLab[0].Subjects.Take(compare).Select(s =>
            LetterComposer.Compose(perLab[0].Context, new LetterRecipient(cipher.OpenSubject(s.Id, s.Payload), s.ExposedCategories, s.ReviewReason), template, s.LetterCode!, today).Letter)
            .Where(l => l is not null).Select(l => l!).ToList();
        var pdfsharp = Stopwatch.StartNew();
        using (var doc = new LetterBatchDocument("Comparaison"))
        {
            foreach (var l in sample)
            {
                doc.Add(l);
            }

            doc.ToBytes();
        }

        var pdfsharpSeconds = pdfsharp.Elapsed.TotalSeconds;
        var html = LetterHtml.Document(sample);
        var dir = Directory.CreateTempSubdirectory("letters-bench");
        var htmlPath = Path.Combine(dir.FullName, "letters.html");
        await File.WriteAllTextAsync(htmlPath, html);

        double? chromiumSeconds = null;
        var chromium = o.GetValueOrDefault("chromium", "/usr/bin/chromium");
        if (File.Exists(chromium))
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync();
            var sw = Stopwatch.StartNew();
            await page.SetContentAsync(html, new() { Timeout = 600_000 });
            var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true });
            chromiumSeconds = sw.Elapsed.TotalSeconds;
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "chromium.pdf"), pdf);
        }

        double? wkSeconds = null;
        if (File.Exists("/usr/bin/wkhtmltopdf"))
        {
            var sw = Stopwatch.StartNew();
            using var proc = Process.Start(new ProcessStartInfo("/usr/bin/wkhtmltopdf", ["--quiet", "--page-size", "A4", "--zoom", "1.3", htmlPath, Path.Combine(dir.FullName, "wk.pdf")])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await proc.WaitForExitAsync();
            wkSeconds = sw.Elapsed.TotalSeconds;
        }

        Console.WriteLine();
        Console.WriteLine($"Same {sample.Count:N0} letters, one document, one thread:");
        Console.WriteLine($"  PDFsharp     {pdfsharpSeconds,7:F2} s  {sample.Count / pdfsharpSeconds,8:N0} letters/s");
        if (chromiumSeconds is { } c)
        {
            Console.WriteLine($"  Chromium     {c,7:F2} s  {sample.Count / c,8:N0} letters/s  PDFsharp is {c / pdfsharpSeconds:F1}x faster");
        }

        if (wkSeconds is { } w2)
        {
            Console.WriteLine($"  wkhtmltopdf  {w2,7:F2} s  {sample.Count / w2,8:N0} letters/s  PDFsharp is {w2 / pdfsharpSeconds:F1}x faster");
        }

        if (o.ContainsKey("keep"))
        {
            Console.WriteLine($"  files kept in {dir.FullName}");
        }
        else
        {
            dir.Delete(recursive: true);
        }

        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}


// The same letter content as HTML (for the comparison only): what an HTML-to-PDF pipeline would print.
public static class LetterHtml
{
    public static string Document(IReadOnlyList<Letter> letters)
    {
        var sb = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><style>"
            + "@page{size:A4;margin:20mm}body{font-family:'Liberation Sans',Arial,sans-serif;font-size:9.5pt;line-height:1.28}"
            + ".letter{page-break-after:always;position:relative}.head{height:30mm}.addr{position:absolute;left:5mm;top:30mm;font-size:10pt}"
            + ".ref{position:absolute;left:108mm;top:30mm;font-size:9pt}.body{padding-top:50mm;text-align:justify}h2{font-size:10.5pt;margin:6px 0 2px}"
            + ".qr{position:absolute;right:0;top:0;width:24mm;height:24mm;border:1px solid #000}</style></head><body>");
        foreach (var l in letters)
        {
            sb.Append("<div class=\"letter\"><div class=\"head\"><strong>").Append(E(l.SenderName)).Append("</strong><br>")
                .Append(string.Join("<br>", l.SenderLines.Select(E))).Append("</div><div class=\"qr\"></div><div class=\"addr\">")
                .Append(string.Join("<br>", l.AddressBlock.Select(E))).Append("</div><div class=\"ref\">").Append(E(l.LabelReference)).Append(' ')
                .Append(E(l.Reference)).Append("<br>").Append(E(l.LabelCode)).Append(' ').Append(E(LetterCodes.Display(l.Code))).Append("<br>")
                .Append(E(l.DateLine)).Append("</div><div class=\"body\"><p><strong>").Append(E(l.Subject)).Append("</strong></p><p>").Append(E(l.Salutation)).Append("</p>");
            foreach (var s in l.Sections)
            {
                if (s.Heading is { } h)
                {
                    sb.Append("<h2>").Append(E(h)).Append("</h2>");
                }

                foreach (var p in s.Paragraphs)
                {
                    sb.Append("<p>").Append(E(p)).Append("</p>");
                }

                if (s.Bullets.Count > 0)
                {
                    sb.Append("<ul>").Append(string.Concat(s.Bullets.Select(b => "<li>" + E(b) + "</li>"))).Append("</ul>");
                }
            }

            sb.Append("<p>").Append(E(l.Closing)).Append("</p><p style=\"margin-left:95mm\"><strong>").Append(E(l.SignatureRole)).Append("</strong><br>")
                .Append(E(l.Signature)).Append("</p></div></div>");
        }

        return sb.Append("</body></html>").ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
