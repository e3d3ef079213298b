using Microsoft.EntityFrameworkCore;

namespace Notifier.Web.Infrastructure;

// The intermediate commits of a long job that resumes from what it has committed (an import's chunks, a postal batch's
// codes and progress): they need not wait for the disk. On SQLite in WAL mode, synchronous=NORMAL never corrupts the
// database, it only lets the last commits be lost on a power cut (not on a process crash); on PostgreSQL,
// synchronous_commit=off for this session only, which can lose the last commits but never half-apply one. Either way
// the job starts again from the state on disk (ADR-0011, ADR-0014).
//
// The connection is opened and kept for the job (a PRAGMA or SET applies to one connection). Durable() restores the
// defaults before a commit that must be on disk when it returns — on both engines that commit also makes every earlier
// one of the connection durable (one WAL, written in order) — and End() restores them and gives the connection back
// to the pool as every other connection is.
public static class RelaxedCommits
{
    // largeCache: a 64 MiB page cache and fewer checkpoints, for a writer that rewrites the same index pages at every
    // chunk (the import); restored at the end.
    public static async Task BeginAsync(DbContext db, bool largeCache, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync(largeCache
                ? "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384;"
                : "PRAGMA synchronous = NORMAL;", ct);
        }
        else if (db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("SET synchronous_commit = off;", ct);
        }
    }

    // The defaults again, connection kept: the next commit waits for the disk, and with it every earlier one.
    public static async Task DurableAsync(DbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            return;
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = FULL; PRAGMA cache_size = -2000; PRAGMA wal_autocheckpoint = 1000;", ct);
        }
        else if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("RESET synchronous_commit;", ct);
        }
    }

    // The defaults again and the connection back to the pool (also on a failed or cancelled job).
    public static async Task EndAsync(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection().State != System.Data.ConnectionState.Open)
        {
            return;
        }

        await DurableAsync(db, CancellationToken.None);
        await db.Database.CloseConnectionAsync();
    }
}
