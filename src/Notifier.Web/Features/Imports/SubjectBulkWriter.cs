using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Notifier.Core.Data;
using Notifier.Core.Subjects;
using Npgsql;
using SQLitePCL;
using System.Text;
using NpgsqlTypes;

namespace Notifier.Web.Features.Imports;

// Inserts DataSubjects without EF change tracking: EF AddRange/SaveChanges manages ~21k rows/s, an import of 491,840 rows
// needs the provider's own bulk path (issue 4, "Scale"). Each call is atomic: either all rows of the list are stored or none.
// Values are written exactly as the EF model stores them (enum names as strings, ExposedCategories as int, UTC instants),
// so that EF reads the rows back unchanged. The batch size is the caller's.
public interface ISubjectBulkWriter
{
    Task<int> InsertAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct);

    // Rewrites the import-owned columns of existing rows (a person matched again by a later import or a duplicate
    // row): ImportId, Payload, the indexes, PersonId, the derived columns, Status and UpdatedAtUtc. LetterCode and
    // CreatedAtUtc never change. Atomic like InsertAsync.
    Task<int> UpdateAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct);
}

public static class SubjectBulkWriter
{
    // Column order shared by every provider; names are the EF property names (DataSubjectConfiguration).
    internal const string Columns =
        "\"Id\", \"ControllerCaseId\", \"ImportId\", \"Payload\", \"LabPatientIdIndex\", \"NirIndex\", \"IdentityIndex\", \"PersonId\", " +
        "\"ExposedCategories\", \"IsMinor\", \"ReviewReason\", \"HasEmail\", \"Channel\", \"Status\", \"LetterCode\", " +
        "\"CreatedAtUtc\", \"UpdatedAtUtc\"";

    // Parameters @p0..@p13 in this order: Id, ImportId, Payload, LabPatientIdIndex, NirIndex, IdentityIndex, PersonId,
    // ExposedCategories, IsMinor, ReviewReason, HasEmail, Channel, Status, UpdatedAtUtc.
    internal static string UpdateSql(char prefix, Func<string, string> quote) =>
        $"UPDATE {quote("DataSubjects")} SET {quote("ImportId")} = {prefix}p1, {quote("Payload")} = {prefix}p2, " +
        $"{quote("LabPatientIdIndex")} = {prefix}p3, {quote("NirIndex")} = {prefix}p4, {quote("IdentityIndex")} = {prefix}p5, " +
        $"{quote("PersonId")} = {prefix}p6, {quote("ExposedCategories")} = {prefix}p7, {quote("IsMinor")} = {prefix}p8, " +
        $"{quote("ReviewReason")} = {prefix}p9, {quote("HasEmail")} = {prefix}p10, {quote("Channel")} = {prefix}p11, " +
        $"{quote("Status")} = {prefix}p12, {quote("UpdatedAtUtc")} = {prefix}p13 WHERE {quote("Id")} = {prefix}p0";

    internal static object?[] UpdateValues(DataSubject s, Func<Guid, object> guid, Func<bool, object> flag, Func<DateTime, object> instant) =>
    [
        guid(s.Id),
        s.ImportId is { } importId ? guid(importId) : DBNull.Value,
        s.Payload,
        (object?)s.LabPatientIdIndex ?? DBNull.Value,
        (object?)s.NirIndex ?? DBNull.Value,
        (object?)s.IdentityIndex ?? DBNull.Value,
        s.PersonId is { } personId ? guid(personId) : DBNull.Value,
        (int)s.ExposedCategories,
        flag(s.IsMinor),
        s.ReviewReason.ToString(),
        flag(s.HasEmail),
        s.Channel.ToString(),
        s.Status.ToString(),
        instant(EnsureUtc(s.UpdatedAtUtc)),
    ];

    public static ISubjectBulkWriter For(NotifierDbContext db)
    {
        if (db.Database.IsSqlite())
        {
            return SqliteSubjectBulkWriter.Instance;
        }

        if (db.Database.IsNpgsql())
        {
            return PostgresSubjectBulkWriter.Instance;
        }

        return db.Database.IsSqlServer()
            ? SqlServerSubjectBulkWriter.Instance
            : throw new NotSupportedException($"No bulk writer for the provider {db.Database.ProviderName}.");
    }

    // The model's UtcKindConverter refuses other kinds (ADR 0007); the bulk path must not be a way around it.
    internal static DateTime EnsureUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : throw new InvalidOperationException("Only UTC instants may be stored.");

    // Opens the context's connection when EF has not, and reports whether the caller must close it again.
    internal static async Task<bool> OpenAsync(DbConnection connection, CancellationToken ct)
    {
        if (connection.State == ConnectionState.Open)
        {
            return false;
        }

        await connection.OpenAsync(ct);
        return true;
    }

    // Runs work on the context's connection: opens it when EF has not (and closes it again), joins the caller's
    // transaction when there is one, otherwise makes the call its own unit of work — disposing an uncommitted
    // transaction rolls it back, so a failed call leaves none of its rows.
    internal static async Task InTransactionAsync<TConnection, TTransaction>(NotifierDbContext db,
        Func<TConnection, TTransaction, Task> work, CancellationToken ct)
        where TConnection : DbConnection
        where TTransaction : DbTransaction
    {
        var connection = (TConnection)db.Database.GetDbConnection();
        var opened = await OpenAsync(connection, ct);
        try
        {
            var ambient = (TTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
            var own = ambient is null ? (TTransaction)await connection.BeginTransactionAsync(ct) : null;
            try
            {
                await work(connection, ambient ?? own!);
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                }
            }
            finally
            {
                if (own is not null)
                {
                    await own.DisposeAsync();
                }
            }
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}

// One transaction and one prepared INSERT whose parameters are reassigned per row: SQLite's fastest path short of .import.
internal sealed class SqliteSubjectBulkWriter : ISubjectBulkWriter
{
    public static readonly SqliteSubjectBulkWriter Instance = new();

    private const string Insert =
        "INSERT INTO \"DataSubjects\" (" + SubjectBulkWriter.Columns + ") VALUES " +
        "($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16)";

    // The text EF Core's SQLite provider writes for a DateTime (SqliteDateTimeTypeMapping); ordering and comparisons in SQL rely on it.
    private const string DateTimeFormat = @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF";

    public async Task<int> InsertAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        await SubjectBulkWriter.InTransactionAsync<SqliteConnection, SqliteTransaction>(db, (connection, _) =>
        {
            // The raw SQLite API on the connection's handle (inside the transaction just begun on it): Microsoft.Data.Sqlite
            // boxes every value and converts every text to UTF-8 through new strings and arrays — two thirds of the
            // write time of a large import. Texts are encoded into one reused stack buffer instead.
            var handle = connection.Handle!;
            SqliteRaw.Check(handle, raw.sqlite3_prepare_v2(handle, Insert, out var statement));
            using (statement)
            {
                Span<byte> utf8 = stackalloc byte[128];
                foreach (var s in subjects)
                {
                    ct.ThrowIfCancellationRequested();
                    // Guids as upper-case text, as EF's SQLite provider stores them (Microsoft.Data.Sqlite alone would bind a BLOB).
                    BindGuid(statement, 1, s.Id, utf8);
                    BindGuid(statement, 2, s.ControllerCaseId, utf8);
                    BindGuid(statement, 3, s.ImportId, utf8);
                    SqliteRaw.Check(handle, raw.sqlite3_bind_blob(statement, 4, s.Payload));
                    BindText(statement, 5, s.LabPatientIdIndex, utf8);
                    BindText(statement, 6, s.NirIndex, utf8);
                    BindText(statement, 7, s.IdentityIndex, utf8);
                    BindGuid(statement, 8, s.PersonId, utf8);
                    SqliteRaw.Check(handle, raw.sqlite3_bind_int(statement, 9, (int)s.ExposedCategories));
                    SqliteRaw.Check(handle, raw.sqlite3_bind_int(statement, 10, s.IsMinor ? 1 : 0));
                    BindText(statement, 11, Names<ReviewReason>.Of(s.ReviewReason), utf8);
                    SqliteRaw.Check(handle, raw.sqlite3_bind_int(statement, 12, s.HasEmail ? 1 : 0));
                    BindText(statement, 13, Names<NotificationChannel>.Of(s.Channel), utf8);
                    BindText(statement, 14, Names<SubjectNotificationStatus>.Of(s.Status), utf8);
                    BindText(statement, 15, s.LetterCode, utf8);
                    BindInstant(statement, 16, s.CreatedAtUtc, utf8);
                    BindInstant(statement, 17, s.UpdatedAtUtc, utf8);
                    var rc = raw.sqlite3_step(statement);
                    if (rc != raw.SQLITE_DONE)
                    {
                        var error = SqliteRaw.Error(handle, rc);
                        raw.sqlite3_reset(statement);
                        throw error;
                    }

                    SqliteRaw.Check(handle, raw.sqlite3_reset(statement));
                }
            }

            return Task.CompletedTask;
        }, ct);

        return subjects.Count;
    }

    public async Task<int> UpdateAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        await SubjectBulkWriter.InTransactionAsync<SqliteConnection, SqliteTransaction>(db, (connection, transaction) =>
        {
            using var command = Prepare(connection, transaction, SubjectBulkWriter.UpdateSql('$', n => "\"" + n + "\""), 14, out var p);
            foreach (var s in subjects)
            {
                ct.ThrowIfCancellationRequested();
                var values = SubjectBulkWriter.UpdateValues(s, g => Text(g), b => b ? 1 : 0, d => Text(d));
                for (var i = 0; i < p.Length; i++)
                {
                    p[i].Value = values[i];
                }

                command.ExecuteNonQuery();
            }

            return Task.CompletedTask;
        }, ct);

        return subjects.Count;
    }

    // One prepared command whose parameters $p0..$pN are reassigned per row.
    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, int count, out SqliteParameter[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        parameters = new SqliteParameter[count];
        for (var i = 0; i < count; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "$p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameters[i]);
        }

        command.Prepare();
        return command;
    }

    private static string Text(Guid value) => value.ToString().ToUpperInvariant();

    private static void BindGuid(sqlite3_stmt statement, int index, Guid? value, Span<byte> buffer)
    {
        if (value is not { } guid)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }

        // "D" format in upper case: 36 ASCII characters.
        Span<char> chars = stackalloc char[36];
        guid.TryFormat(chars, out _, "D");
        for (var i = 0; i < 36; i++)
        {
            buffer[i] = (byte)char.ToUpperInvariant(chars[i]);
        }

        raw.sqlite3_bind_text(statement, index, buffer[..36]);
    }

    private static void BindText(sqlite3_stmt statement, int index, string? value, Span<byte> buffer)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
            return;
        }

        if (Encoding.UTF8.TryGetBytes(value, buffer, out var written))
        {
            raw.sqlite3_bind_text(statement, index, buffer[..written]);
            return;
        }

        raw.sqlite3_bind_text(statement, index, value);
    }

    private static void BindInstant(sqlite3_stmt statement, int index, DateTime value, Span<byte> buffer)
    {
        SubjectBulkWriter.EnsureUtc(value).TryFormat(buffer, out var written, DateTimeFormat, CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(statement, index, buffer[..written]);
    }

    // Enum names as EF stores them (HasConversion<string>), computed once per value.
    private static class Names<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Cache = Enum.GetValues<T>().ToDictionary(v => v, v => v.ToString());

        public static string Of(T value) => Cache.TryGetValue(value, out var name) ? name : value.ToString();
    }

    private static string Text(DateTime value) => SubjectBulkWriter.EnsureUtc(value).ToString(DateTimeFormat, CultureInfo.InvariantCulture);
}

// PostgreSQL binary COPY: one statement per call, so a failing row (e.g. a duplicate LetterCode) aborts the whole call.
internal sealed class PostgresSubjectBulkWriter : ISubjectBulkWriter
{
    public static readonly PostgresSubjectBulkWriter Instance = new();

    private const string Copy = "COPY \"DataSubjects\" (" + SubjectBulkWriter.Columns + ") FROM STDIN (FORMAT BINARY)";

    public async Task<int> InsertAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = await SubjectBulkWriter.OpenAsync(connection, ct);
        try
        {
            // Types match the migration: uuid, bytea, character varying(n), integer, boolean, timestamp with time zone.
            await using var writer = await connection.BeginBinaryImportAsync(Copy, ct);

            // Synchronous writes into the importer's buffer: it flushes to the socket as it fills. The async
            // overloads cost a state machine per field (17 per row), which was measurable at 500,000 rows; this
            // runs on a worker thread of the import job, never on a request thread.
            foreach (var s in subjects)
            {
                ct.ThrowIfCancellationRequested();
                writer.StartRow();
                writer.Write(s.Id, NpgsqlDbType.Uuid);
                writer.Write(s.ControllerCaseId, NpgsqlDbType.Uuid);
                WriteGuid(writer, s.ImportId);
                writer.Write(s.Payload, NpgsqlDbType.Bytea);
                WriteText(writer, s.LabPatientIdIndex);
                WriteText(writer, s.NirIndex);
                WriteText(writer, s.IdentityIndex);
                WriteGuid(writer, s.PersonId);
                writer.Write((int)s.ExposedCategories, NpgsqlDbType.Integer);
                writer.Write(s.IsMinor, NpgsqlDbType.Boolean);
                WriteText(writer, s.ReviewReason.ToString());
                writer.Write(s.HasEmail, NpgsqlDbType.Boolean);
                WriteText(writer, s.Channel.ToString());
                WriteText(writer, s.Status.ToString());
                WriteText(writer, s.LetterCode);
                writer.Write(SubjectBulkWriter.EnsureUtc(s.CreatedAtUtc), NpgsqlDbType.TimestampTz);
                writer.Write(SubjectBulkWriter.EnsureUtc(s.UpdatedAtUtc), NpgsqlDbType.TimestampTz);
            }

            // Without CompleteAsync, disposing the importer cancels the COPY and nothing of this call is stored.
            await writer.CompleteAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }

        return subjects.Count;
    }

    // Batches of statements in one round trip each; within the caller's transaction when there is one.
    public async Task<int> UpdateAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        var sql = SubjectBulkWriter.UpdateSql('@', n => "\"" + n + "\"");
        await SubjectBulkWriter.InTransactionAsync<NpgsqlConnection, NpgsqlTransaction>(db, async (connection, transaction) =>
        {
            foreach (var part in subjects.Chunk(500))
            {
                await using var batch = new NpgsqlBatch(connection, transaction);
                foreach (var s in part)
                {
                    var command = new NpgsqlBatchCommand(sql);
                    var values = SubjectBulkWriter.UpdateValues(s, g => g, b => b, d => d);
                    for (var i = 0; i < values.Length; i++)
                    {
                        command.Parameters.Add(new NpgsqlParameter("p" + i.ToString(CultureInfo.InvariantCulture), values[i]) { NpgsqlDbType = UpdateTypes[i] });
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(ct);
            }
        }, ct);

        return subjects.Count;
    }

    private static readonly NpgsqlDbType[] UpdateTypes =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Bytea, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.Varchar,
        NpgsqlDbType.Uuid, NpgsqlDbType.Integer, NpgsqlDbType.Boolean, NpgsqlDbType.Varchar, NpgsqlDbType.Boolean,
        NpgsqlDbType.Varchar, NpgsqlDbType.Varchar, NpgsqlDbType.TimestampTz,
    ];

    private static void WriteText(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Varchar);
        }
    }

    private static void WriteGuid(NpgsqlBinaryImporter writer, Guid? value)
    {
        if (value is { } guid)
        {
            writer.Write(guid, NpgsqlDbType.Uuid);
        }
        else
        {
            writer.WriteNull();
        }
    }
}

// NOT EXECUTED BY THE TEST SUITE: no SQL Server on the build machines (the SubjectBulkWriter tests cover SQLite and PostgreSQL).
// SqlBulkCopy from a DataTable in one batch inside a transaction, so a failing row leaves none of the call's rows.
internal sealed class SqlServerSubjectBulkWriter : ISubjectBulkWriter
{
    public static readonly SqlServerSubjectBulkWriter Instance = new();

    public async Task<int> InsertAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        using var table = Table(subjects);
        await SubjectBulkWriter.InTransactionAsync<SqlConnection, SqlTransaction>(db, async (connection, transaction) =>
        {
            using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints, transaction)
            {
                DestinationTableName = "[DataSubjects]",
                BatchSize = 0,
                BulkCopyTimeout = 0,
            };
            foreach (DataColumn column in table.Columns)
            {
                bulk.ColumnMappings.Add(column.ColumnName, column.ColumnName);
            }

            await bulk.WriteToServerAsync(table, ct);
        }, ct);

        return subjects.Count;
    }

    // NOT EXECUTED BY THE TEST SUITE. One parameterised statement per row inside the transaction.
    public async Task<int> UpdateAsync(NotifierDbContext db, IReadOnlyList<DataSubject> subjects, CancellationToken ct)
    {
        if (subjects.Count == 0)
        {
            return 0;
        }

        await SubjectBulkWriter.InTransactionAsync<SqlConnection, SqlTransaction>(db, async (connection, transaction) =>
        {
            await using var command = new SqlCommand(SubjectBulkWriter.UpdateSql('@', n => "[" + n + "]"), connection, transaction);
            foreach (var s in subjects)
            {
                command.Parameters.Clear();
                var values = SubjectBulkWriter.UpdateValues(s, g => g, b => b, d => d);
                for (var i = 0; i < values.Length; i++)
                {
                    command.Parameters.AddWithValue("@p" + i.ToString(CultureInfo.InvariantCulture), values[i]);
                }

                await command.ExecuteNonQueryAsync(ct);
            }
        }, ct);

        return subjects.Count;
    }

    private static DataTable Table(IReadOnlyList<DataSubject> subjects)
    {
        var table = new DataTable("DataSubjects") { Locale = CultureInfo.InvariantCulture };
        table.Columns.Add("Id", typeof(Guid));
        table.Columns.Add("ControllerCaseId", typeof(Guid));
        table.Columns.Add("ImportId", typeof(Guid));
        table.Columns.Add("Payload", typeof(byte[]));
        table.Columns.Add("LabPatientIdIndex", typeof(string));
        table.Columns.Add("NirIndex", typeof(string));
        table.Columns.Add("IdentityIndex", typeof(string));
        table.Columns.Add("PersonId", typeof(Guid));
        table.Columns.Add("ExposedCategories", typeof(int));
        table.Columns.Add("IsMinor", typeof(bool));
        table.Columns.Add("ReviewReason", typeof(string));
        table.Columns.Add("HasEmail", typeof(bool));
        table.Columns.Add("Channel", typeof(string));
        table.Columns.Add("Status", typeof(string));
        table.Columns.Add("LetterCode", typeof(string));
        table.Columns.Add("CreatedAtUtc", typeof(DateTime));
        table.Columns.Add("UpdatedAtUtc", typeof(DateTime));
        foreach (var s in subjects)
        {
            table.Rows.Add(
                s.Id,
                s.ControllerCaseId,
                s.ImportId is { } importId ? importId : DBNull.Value,
                s.Payload,
                (object?)s.LabPatientIdIndex ?? DBNull.Value,
                (object?)s.NirIndex ?? DBNull.Value,
                (object?)s.IdentityIndex ?? DBNull.Value,
                s.PersonId is { } personId ? personId : DBNull.Value,
                (int)s.ExposedCategories,
                s.IsMinor,
                s.ReviewReason.ToString(),
                s.HasEmail,
                s.Channel.ToString(),
                s.Status.ToString(),
                (object?)s.LetterCode ?? DBNull.Value,
                SubjectBulkWriter.EnsureUtc(s.CreatedAtUtc),
                SubjectBulkWriter.EnsureUtc(s.UpdatedAtUtc));
        }

        return table;
    }
}

// The raw SQLite API (SQLitePCLRaw) on a Microsoft.Data.Sqlite connection's handle, for the import's hot paths: result
// codes become the SqliteException Microsoft.Data.Sqlite itself would throw.
internal static class SqliteRaw
{
    public static void Check(sqlite3 handle, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(handle, rc);
        }
    }

    public static SqliteException Error(sqlite3 handle, int rc) =>
        new(raw.sqlite3_errmsg(handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(handle));
}
