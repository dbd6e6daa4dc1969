using Microsoft.Data.Sqlite;

namespace MlOps.Sdk.Local;

/// <summary>
/// Reads and writes of the local state database inside one write transaction (<c>BEGIN IMMEDIATE</c>), so a
/// read-check-write sequence cannot interleave with another process's.
/// </summary>
internal sealed class LocalStateTransaction(SqliteConnection connection, SqliteTransaction transaction)
{
    internal T? Get<T>(string kind, string name)
        where T : class
    {
        using var command = Command("SELECT doc FROM resources WHERE kind = $kind AND name = $name");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is string json ? LocalJson.Deserialize<T>(json) : null;
    }

    internal T? GetByArn<T>(string kind, string arn)
        where T : class
    {
        using var command = Command("SELECT doc FROM resources WHERE kind = $kind AND arn = $arn");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$arn", arn.ToLowerInvariant());
        return command.ExecuteScalar() is string json ? LocalJson.Deserialize<T>(json) : null;
    }

    internal List<T> List<T>(string kind)
        where T : class
    {
        using var command = Command("SELECT doc FROM resources WHERE kind = $kind ORDER BY created, name");
        command.Parameters.AddWithValue("$kind", kind);
        using var reader = command.ExecuteReader();
        var items = new List<T>();
        while (reader.Read())
        {
            items.Add(LocalJson.Deserialize<T>(reader.GetString(0)));
        }

        return items;
    }

    internal bool ArnExists(string arn)
    {
        using var command = Command("SELECT 1 FROM resources WHERE arn = $arn");
        command.Parameters.AddWithValue("$arn", arn.ToLowerInvariant());
        return command.ExecuteScalar() is not null;
    }

    /// <summary>Inserts a resource; returns false when one of that kind and name (or that ARN) exists already.</summary>
    internal bool TryInsert<T>(string kind, string name, string arn, DateTimeOffset created, T doc)
    {
        using var command = Command(
            "INSERT INTO resources(kind, name, arn, created, doc) VALUES($kind, $name, $arn, $created, $doc) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$arn", arn.ToLowerInvariant());
        command.Parameters.AddWithValue("$created", created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$doc", LocalJson.Serialize(doc));
        return command.ExecuteNonQuery() == 1;
    }

    internal void Replace<T>(string kind, string name, T doc)
    {
        using var command = Command("UPDATE resources SET doc = $doc WHERE kind = $kind AND name = $name");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$doc", LocalJson.Serialize(doc));
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes a resource and its tags; returns whether it existed.</summary>
    internal bool Delete(string kind, string name)
    {
        using var tags = Command("DELETE FROM tags WHERE arn IN (SELECT arn FROM resources WHERE kind = $kind AND name = $name)");
        tags.Parameters.AddWithValue("$kind", kind);
        tags.Parameters.AddWithValue("$name", name);
        tags.ExecuteNonQuery();
        using var command = Command("DELETE FROM resources WHERE kind = $kind AND name = $name");
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    internal void SetTag(string arn, string key, string value)
    {
        using var command = Command("INSERT INTO tags(arn, key, value) VALUES($arn, $key, $value) ON CONFLICT(arn, key) DO UPDATE SET value = excluded.value");
        command.Parameters.AddWithValue("$arn", arn.ToLowerInvariant());
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }

    internal List<KeyValuePair<string, string>> ListTags(string arn)
    {
        using var command = Command("SELECT key, value FROM tags WHERE arn = $arn ORDER BY key");
        command.Parameters.AddWithValue("$arn", arn.ToLowerInvariant());
        using var reader = command.ExecuteReader();
        var tags = new List<KeyValuePair<string, string>>();
        while (reader.Read())
        {
            tags.Add(new(reader.GetString(0), reader.GetString(1)));
        }

        return tags;
    }

    /// <summary>Every tagged resource's ARN (as stored: lowercase) with its tags, in one query.</summary>
    internal Dictionary<string, List<KeyValuePair<string, string>>> ListAllTags()
    {
        using var command = Command("SELECT t.arn, t.key, t.value FROM tags t JOIN resources r ON r.arn = t.arn ORDER BY t.arn, t.key");
        using var reader = command.ExecuteReader();
        var tags = new Dictionary<string, List<KeyValuePair<string, string>>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var arn = reader.GetString(0);
            if (!tags.TryGetValue(arn, out var list))
            {
                tags[arn] = list = [];
            }

            list.Add(new(reader.GetString(1), reader.GetString(2)));
        }

        return tags;
    }

    /// <summary>The alarm of that exact name (alarm names are case-sensitive), or null.</summary>
    internal LocalAlarmRecord? GetAlarm(string name)
    {
        using var command = Command("SELECT doc FROM alarms WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is string json ? LocalJson.Deserialize<LocalAlarmRecord>(json) : null;
    }

    /// <summary>Stores an alarm, replacing the one of that name.</summary>
    internal void PutAlarm(LocalAlarmRecord alarm)
    {
        using var command = Command("INSERT INTO alarms(name, doc) VALUES($name, $doc) ON CONFLICT(name) DO UPDATE SET doc = excluded.doc");
        command.Parameters.AddWithValue("$name", alarm.Alarm.AlarmName);
        command.Parameters.AddWithValue("$doc", LocalJson.Serialize(alarm));
        command.ExecuteNonQuery();
    }

    /// <summary>Deletes an alarm; returns whether it existed.</summary>
    internal bool DeleteAlarm(string name)
    {
        using var command = Command("DELETE FROM alarms WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Every alarm, in name order (as DescribeAlarms lists them).</summary>
    internal List<LocalAlarmRecord> ListAlarms()
    {
        using var command = Command("SELECT doc FROM alarms ORDER BY name");
        using var reader = command.ExecuteReader();
        var alarms = new List<LocalAlarmRecord>();
        while (reader.Read())
        {
            alarms.Add(LocalJson.Deserialize<LocalAlarmRecord>(reader.GetString(0)));
        }

        return alarms;
    }

    private SqliteCommand Command(string text)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        return command;
    }
}
