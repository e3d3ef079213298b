using System.Buffers.Binary;
using System.Data;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Protection;
using SQLitePCL;

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
    // (segment number, destination, ct) → bytes written, or -1 when the segment does not exist.
    private readonly Func<int, byte[], CancellationToken, Task<int>> _fetch;
    private readonly FieldCipher _cipher;
    private readonly Guid _importId;
    private readonly long _length;
    private readonly byte[] _sealed = new byte[ImportFileSegment.SegmentBytes + 64];
    private readonly byte[] _segment = new byte[ImportFileSegment.SegmentBytes];
    private int _segmentLength;
    private int _segmentNumber = -1;
    private long _position;

    public SealedFileStream(Func<int, byte[], CancellationToken, Task<int>> fetch, FieldCipher cipher, Guid importId, long length)
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
        return new SealedFileStream(async (number, destination, ct) =>
        {
            // Plain ADO.NET read into the stream's reused buffer: EF would materialise a new 1 MiB array per segment,
            // and those large-object-heap arrays forced full garbage collections all through a large import.
            await using var db = await factory.CreateDbContextAsync(ct);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            const string Sql = "SELECT \"SealedBytes\" FROM \"ImportFileSegments\" WHERE \"ImportRunId\" = @run AND \"Number\" = @number";
            if (connection is SqliteConnection sqlite)
            {
                // Microsoft.Data.Sqlite's GetBytes copies the whole blob into a new array first: read it in place.
                return ReadSqliteSegment(sqlite, Sql, id, number, destination);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Sql;
            var runParameter = command.CreateParameter();
            runParameter.ParameterName = "@run";
            runParameter.Value = id;
            command.Parameters.Add(runParameter);
            var numberParameter = command.CreateParameter();
            numberParameter.ParameterName = "@number";
            numberParameter.Value = number;
            command.Parameters.Add(numberParameter);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess | CommandBehavior.SingleRow, ct);
            if (!await reader.ReadAsync(ct))
            {
                return -1;
            }

            var total = 0;
            long read;
            while (total < destination.Length && (read = reader.GetBytes(0, total, destination, total, destination.Length - total)) > 0)
            {
                total += (int)read;
            }

            return total;
        }, cipher, id, run.FileSize);
    }

    private static int ReadSqliteSegment(SqliteConnection connection, string sql, Guid importId, int number, byte[] destination)
    {
        var handle = connection.Handle!;
        SqliteRaw.Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            // EF's SQLite provider stores Guids as upper-case text.
            SqliteRaw.Check(handle, raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@run"), importId.ToString().ToUpperInvariant()));
            SqliteRaw.Check(handle, raw.sqlite3_bind_int(statement, raw.sqlite3_bind_parameter_index(statement, "@number"), number));
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
            {
                return -1;
            }

            if (rc != raw.SQLITE_ROW)
            {
                throw SqliteRaw.Error(handle, rc);
            }

            var blob = raw.sqlite3_column_blob(statement, 0);
            blob.CopyTo(destination);
            return blob.Length;
        }
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
            var sealedLength = _fetch(number, _sealed, CancellationToken.None).GetAwaiter().GetResult();
            if (sealedLength < 0)
            {
                throw new InvalidDataException($"Segment {number} of the uploaded file is missing.");
            }

            _segmentNumber = -1;
            _segmentLength = _cipher.Open(_sealed.AsSpan(0, sealedLength), _segment, ImportFiles.AssociatedData(_importId, number));
            _segmentNumber = number;
        }

        var offset = (int)(_position - ((long)number * ImportFileSegment.SegmentBytes));
        var n = Math.Min(buffer.Length, _segmentLength - offset);
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
