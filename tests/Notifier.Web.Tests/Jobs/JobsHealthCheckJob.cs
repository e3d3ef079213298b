using System.Collections.Concurrent;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;

namespace Notifier.Web.Tests.Jobs;

// The smallest job with the house shape (ids in, scoped services from DI, explicit retries): it counts the users of the
// app's database through its own scope and reports the count to the test that expects its probe id.
public sealed class JobsHealthCheckJob(NotifierDbContext db)
{
    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource<int>> Probes = new();

    public static (Guid Id, Task<int> Ran) Expect()
    {
        var id = Guid.NewGuid();
        var ran = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Probes[id] = ran;
        return (id, ran.Task);
    }

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid probeId, CancellationToken ct)
    {
        var users = await db.Users.CountAsync(ct);
        if (Probes.TryGetValue(probeId, out var ran))
        {
            ran.TrySetResult(users);
        }
    }
}
