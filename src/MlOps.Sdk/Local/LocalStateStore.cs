using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MlOps.Sdk.Local;

/// <summary>
/// The local state database: one SQLite file in the home folder, in WAL mode with a busy timeout, so several processes
/// (two CI jobs at once) read and write it safely. Each call opens its own connection: nothing is held between calls.
/// </summary>
internal sealed class LocalStateStore
{
    // Every table is created IF NOT EXISTS when a process first opens the home, so a table added later (alarms) appears
    // in an older state.db on its next open, with nothing else touched. Alarms have a table of their own because their
    // names are case-sensitive in CloudWatch, and resources(name) compares without case, as SageMaker names do.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS resources(
            kind TEXT NOT NULL,
            name TEXT NOT NULL COLLATE NOCASE,
            arn TEXT NOT NULL UNIQUE,
            created INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY(kind, name));
        CREATE TABLE IF NOT EXISTS tags(
            arn TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY(arn, key));
        CREATE TABLE IF NOT EXISTS alarms(
            name TEXT NOT NULL PRIMARY KEY,
            doc TEXT NOT NULL);
        """;

    private readonly string connectionString;
    private readonly int busyTimeoutMilliseconds;
    private readonly SemaphoreSlim initialization = new(1, 1);
    private bool initialized;

    public LocalStateStore(IOptions<LocalOptions> options)
    {
        var value = options.Value;
        Home = value.ResolveHome();
        busyTimeoutMilliseconds = (int)value.StateBusyTimeout.TotalMilliseconds;
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Home, "state.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)value.StateBusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The home folder the database lives in.</summary>
    internal string Home { get; }

    /// <summary>Runs <paramref name="work"/> in one write transaction and commits it, retrying nothing: SQLite's busy timeout does the waiting.</summary>
    internal async Task<T> WriteAsync<T>(Func<LocalStateTransaction, T> work, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var result = work(new LocalStateTransaction(connection, transaction));
        transaction.Commit();
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in one read transaction: a consistent snapshot, never blocking writers (WAL).</summary>
    internal async Task<T> ReadAsync<T>(Func<LocalStateTransaction, T> work, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return work(new LocalStateTransaction(connection, transaction));
    }

    internal Task<T?> GetAsync<T>(string kind, string name, CancellationToken cancellationToken)
        where T : class => ReadAsync(t => t.Get<T>(kind, name), cancellationToken);

    internal Task<List<T>> ListAsync<T>(string kind, CancellationToken cancellationToken)
        where T : class => ReadAsync(t => t.List<T>(kind), cancellationToken);

    /// <summary>Applies <paramref name="change"/> to a stored resource; returning the same instance writes nothing. Returns the stored value afterwards, or null when absent.</summary>
    internal Task<T?> UpdateAsync<T>(string kind, string name, Func<T, T> change, CancellationToken cancellationToken)
        where T : class => WriteAsync(
            t =>
            {
                var current = t.Get<T>(kind, name);
                if (current is null)
                {
                    return null;
                }

                var next = change(current);
                if (!ReferenceEquals(next, current))
                {
                    t.Replace(kind, name, next);
                }

                return next;
            },
            cancellationToken);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref initialized))
        {
            return;
        }

        await initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (initialized)
            {
                return;
            }

            Directory.CreateDirectory(Home);
            using var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                // WAL lets readers run beside one writer across processes; the setting persists in the file.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            using var create = connection.CreateCommand();
            create.Transaction = transaction;
            create.CommandText = Schema;
            create.ExecuteNonQuery();
            transaction.Commit();
            Volatile.Write(ref initialized, true);
        }
        finally
        {
            initialization.Release();
        }
    }
}
