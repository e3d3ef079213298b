using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;

namespace Notifier.Web.Features.Imports;

// The uploaded file never touches the disk in clear: it is sealed segment by segment into the database while it is
// read from the request, and read back through SealedFileStream by whichever worker runs the job.
public static class ImportFiles
{
    // Associated data: import id + segment number, so that a segment cannot be replayed elsewhere or reordered.
    internal static byte[] AssociatedData(Guid importId, int number)
    {
        var ad = new byte[20];
        importId.TryWriteBytes(ad);
        BinaryPrimitives.WriteInt32BigEndian(ad.AsSpan(16), number);
        return ad;
    }

    // Copies the upload into sealed segments (committed by the caller's SaveChanges) and returns its size and SHA-256.
    public static async Task<(long Size, string Sha256)> StoreAsync(NotifierDbContext db, FieldCipher cipher, Guid importId,
        Stream upload, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cipher);
        ArgumentNullException.ThrowIfNull(upload);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ImportFileSegment.SegmentBytes];
        long size = 0;
        var number = 0;
        while (true)
        {
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = await upload.ReadAsync(buffer.AsMemory(filled), ct)) > 0)
            {
                filled += read;
            }

            if (filled == 0)
            {
                break;
            }

            size += filled;
            if (size > maxBytes)
            {
                throw new ImportFileTooLargeException(maxBytes);
            }

            hash.AppendData(buffer, 0, filled);
            db.ImportFileSegments.Add(new ImportFileSegment(importId, number, cipher.Seal(buffer.AsSpan(0, filled), AssociatedData(importId, number))));
            number++;

            // Each segment goes to the database at once, so an upload of any size holds one segment in memory.
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            if (filled < buffer.Length)
            {
                break;
            }
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public static Task DeleteAsync(NotifierDbContext db, Guid importId, CancellationToken ct) =>
        db.ImportFileSegments.Where(s => s.ImportRunId == importId).ExecuteDeleteAsync(ct);
}

public sealed class ImportFileTooLargeException(long maxBytes)
    : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

// A read-only, seekable view of a sealed upload. One segment (1 MiB) is decrypted at a time; each one is fetched by
// its own query through a context of its own, so the reading does not hold the import's write connection.
public sealed class SealedFileStream : Stream
{
    private readonly Func<int, CancellationToken, Task<byte[]?>> _fetch;
    private readonly FieldCipher _cipher;
    private readonly Guid _importId;
    private readonly long _length;
    private byte[] _segment = [];
    private int _segmentNumber = -1;
    private long _position;

    public SealedFileStream(Func<int, CancellationToken, Task<byte[]?>> fetch, FieldCipher cipher, Guid importId, long length)
    {
        _fetch = fetch;
        _cipher = cipher;
        _importId = importId;
        _length = length;
    }

    public static SealedFileStream Open(IDbContextFactory<NotifierDbContext> factory, FieldCipher cipher, ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(run);
        var id = run.Id;
        return new SealedFileStream(async (number, ct) =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await db.ImportFileSegments.AsNoTracking()
                .Where(s => s.ImportRunId == id && s.Number == number)
                .Select(s => s.SealedBytes)
                .FirstOrDefaultAsync(ct);
        }, cipher, id, run.FileSize);
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= _length || buffer.Length == 0)
        {
            return 0;
        }

        var number = (int)(_position / ImportFileSegment.SegmentBytes);
        if (number != _segmentNumber)
        {
            // The CSV reader is synchronous; the fetch is one small query per MiB.
            var sealedBytes = _fetch(number, CancellationToken.None).GetAwaiter().GetResult()
                ?? throw new InvalidDataException($"Segment {number} of the uploaded file is missing.");
            _segment = _cipher.Open(sealedBytes, ImportFiles.AssociatedData(_importId, number));
            _segmentNumber = number;
        }

        var offset = (int)(_position - ((long)number * ImportFileSegment.SegmentBytes));
        var n = Math.Min(buffer.Length, _segment.Length - offset);
        if (n <= 0)
        {
            throw new InvalidDataException($"Segment {number} of the uploaded file is shorter than expected.");
        }

        _segment.AsSpan(offset, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
