using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Emails;

namespace Notifier.Web.Features.EmailCampaigns;

// A message the server accepted (its 250), waiting for its "sent" mark. ChannelSubjectId is set when the person's
// channel and status follow the email (InsteadOfLetter, or a letter that came back): EmailChannel.Sent is applied in the
// same transaction as the mark.
public sealed record SentMark(Guid MessageId, Guid ClaimToken, DateTime SentAtUtc, string Answer, Guid? ChannelSubjectId);

// Group commit of the "sent" marks of one chunk job, overlapped with SMTP (ADR-0014). The send loop reserves a slot
// before each SMTP exchange and hands the accepted message over; a commit writes, in ONE transaction on the writer's own
// connection, every mark waiting when it begins — while the loop already sends the next messages. A commit begins once
// `group` marks wait or the first of them has waited `linger`, whichever comes first (a flush begins it at once): one
// commit per message would cost a transaction, a parse and a disk sync per message. At most MarkBatchMax messages of the
// job are accepted by the server and not yet committed at any instant (ReserveAsync waits for a slot): that is the
// duplicate window after a crash, per job thread; the group is never larger.
//
// The marks are written with CancellationToken.None: a graceful shutdown (Hangfire cancelling the job) still records
// what the server accepted. A failed commit is retried twice; if it still fails the marks are lost — the messages stay
// claimed and are sent again once their claim is stale, as after a crash — and the next call of the job's loop throws.
public sealed class EmailMarkWriter : IAsyncDisposable
{
    private readonly IDbContextFactory<NotifierDbContext> _factory;
    private readonly EmailPolicy _policy;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly int _group;
    private readonly TimeSpan _linger;
    private readonly Lock _gate = new();
    private List<SentMark> _pending = [];
    private Task _committing = Task.CompletedTask;
    private bool _running;
    private bool _flushing;
    private TaskCompletionSource? _full;
    private NotifierDbContext? _db;
    private volatile Exception? _failure;

    public EmailMarkWriter(IDbContextFactory<NotifierDbContext> factory, int batchMax, int group, TimeSpan linger, EmailPolicy policy, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchMax, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(group, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(linger, TimeSpan.Zero);
        _factory = factory;
        _group = Math.Min(group, batchMax);
        _linger = linger;
        _policy = policy;
        _logger = logger;
        _slots = new SemaphoreSlim(batchMax, batchMax);
        BatchMax = batchMax;
    }

    public int BatchMax { get; }

    // Marks committed so far, and the number of commits (for the logs and the tests).
    public int Committed { get; private set; }

    public int Commits { get; private set; }

    // Before an SMTP exchange: waits while MarkBatchMax accepted messages of this job are not yet committed.
    public async Task ReserveAsync(CancellationToken ct)
    {
        ThrowIfFailed();
        await _slots.WaitAsync(ct);
        ThrowIfFailed();
    }

    // The SMTP exchange did not end with a 250 (refused, deferred, connection lost): nothing to mark.
    public void Release() => _slots.Release();

    // After the 250: queued for the next commit, which begins when the group is full or the linger is over. Never waits.
    public void Add(SentMark mark)
    {
        lock (_gate)
        {
            _pending.Add(mark);
            if (!_running)
            {
                _running = true;
                _committing = Task.Run(CommitLoopAsync, CancellationToken.None);
            }
            else if (_pending.Count >= _group)
            {
                _full?.TrySetResult();
            }
        }
    }

    // Every mark handed over so far is committed when this returns (or the commit failed and this throws).
    public async Task FlushAsync()
    {
        Task running;
        lock (_gate)
        {
            running = _committing;
            _flushing = true;
            _full?.TrySetResult();
        }

        try
        {
            await running;
        }
        finally
        {
            lock (_gate)
            {
                _flushing = false;
            }
        }

        ThrowIfFailed();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await FlushAsync();
        }
        catch (Exception e)
        {
            // The job is already failing or returning; the messages whose marks were lost are sent again after StaleClaimAfter.
            _logger.LogError(e, "Email marks could not be committed");
        }

        if (_db is not null)
        {
            try
            {
                await EmailConnections.ReleaseAsync(_db);
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "The mark writer's connection could not be reset");
            }

            await _db.DisposeAsync();
        }

        _slots.Dispose();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } e)
        {
            throw new InvalidOperationException("Les marques « envoyé » des courriels n'ont pas pu être enregistrées.", e);
        }
    }

    // Waits for a group (or the linger, or a flush), commits everything pending, and goes on while marks are waiting.
    private async Task CommitLoopAsync()
    {
        while (true)
        {
            TaskCompletionSource? full = null;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    return;
                }

                if (_pending.Count < _group && !_flushing && _linger > TimeSpan.Zero)
                {
                    full = _full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            if (full is not null)
            {
                // Wall-clock milliseconds, not the app's TimeProvider (which the tests freeze): the linger only groups.
                await Task.WhenAny(full.Task, Task.Delay(_linger, CancellationToken.None));
            }

            List<SentMark> batch;
            lock (_gate)
            {
                _full = null;
                batch = _pending;
                _pending = [];
            }

            try
            {
                await CommitAsync(batch);
                Committed += batch.Count;
                Commits++;
            }
            catch (Exception e)
            {
                _failure ??= e;
                _logger.LogError(e, "{Count} email mark(s) lost; those messages will be sent again once their claim is stale", batch.Count);
            }
            finally
            {
                _slots.Release(batch.Count);
            }
        }
    }

    private async Task CommitAsync(List<SentMark> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (_db is null)
                {
                    _db = await _factory.CreateDbContextAsync(CancellationToken.None);
                    await EmailConnections.HoldAsync(_db, CancellationToken.None);
                }

                await using var tx = await _db.Database.BeginTransactionAsync(CancellationToken.None);
                // One statement for the group (per claim token: one per job run), in one transaction: one commit (one WAL
                // sync) and one prepared statement for the whole group. The same SQL on the three providers: quoted names
                // as EF creates them, the status as its name, the values through EF's type mappings as parameters.
                // At most 200 rows to a statement: 601 parameters, under SQL Server's 2,100.
                foreach (var group in batch.GroupBy(m => m.ClaimToken).SelectMany(g => g.Chunk(200).Select(part => (Token: g.Key, Marks: part))))
                {
                    var (sql, values) = MarkStatement(group.Token, group.Marks);
                    await _db.Database.ExecuteSqlRawAsync(sql, values, CancellationToken.None);
                }

                var channel = batch.Where(m => m.ChannelSubjectId is not null).ToDictionary(m => m.ChannelSubjectId!.Value, m => m.SentAtUtc);
                if (channel.Count > 0)
                {
                    var ids = channel.Keys.ToList();
                    foreach (var subject in await _db.Subjects.Where(s => ids.Contains(s.Id)).ToListAsync(CancellationToken.None))
                    {
                        EmailChannel.Sent(subject, _policy, channel[subject.Id]);
                    }

                    await _db.SaveChangesAsync(CancellationToken.None);
                }

                await tx.CommitAsync(CancellationToken.None);
                _db.ChangeTracker.Clear();
                return;
            }
            catch (Exception e) when (attempt < 3)
            {
                _logger.LogWarning(e, "Commit of {Count} email mark(s) failed (attempt {Attempt}); trying again", batch.Count, attempt);
                _db?.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), CancellationToken.None);
            }
        }
    }
    // UPDATE … SET "SentAtUtc" = CASE "Id" WHEN @id THEN @at … END, "ServerAnswer" = CASE … END WHERE "Id" IN (…) AND
    // "ClaimToken" = @token: a message whose claim was taken over by another run is left alone, as before.
    internal static (string Sql, object[] Values) MarkStatement(Guid claimToken, IReadOnlyList<SentMark> marks)
    {
        var values = new object[marks.Count * 3 + 1];
        var at = new System.Text.StringBuilder();
        var answer = new System.Text.StringBuilder();
        var ids = new System.Text.StringBuilder();
        for (var i = 0; i < marks.Count; i++)
        {
            var p = i * 3;
            values[p] = marks[i].MessageId;
            values[p + 1] = marks[i].SentAtUtc;
            values[p + 2] = marks[i].Answer;
            at.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN {{{p}}} THEN {{{p + 1}}}");
            answer.Append(System.Globalization.CultureInfo.InvariantCulture, $" WHEN {{{p}}} THEN {{{p + 2}}}");
            ids.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"{{{p}}}");
        }

        values[^1] = claimToken;
        var sql = $"UPDATE \"EmailOutboxMessages\" SET \"Status\" = 'Sent', \"Failure\" = NULL, \"SentAtUtc\" = CASE \"Id\"{at} END, "
            + $"\"ServerAnswer\" = CASE \"Id\"{answer} END WHERE \"Id\" IN ({ids}) AND \"ClaimToken\" = {{{values.Length - 1}}}";
        return (sql, values);
    }
}
