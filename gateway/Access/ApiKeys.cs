using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace RevenueCycle.Gateway.Access;

public sealed record ResolvedKey(Guid KeyId, Guid TenantId, string[] Roles);

public static class ApiKeys
{
    public const string Prefix = "rcm_";
    const int RandomCharacters = 40;
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>The roles a key may carry; the gateway authorises changes on them (<see cref="RolePolicy"/>).</summary>
    public static readonly string[] KnownRoles = [.. RevenueCycle.ServiceDefaults.Auth.Roles.KeyRoles];

    /// <summary>A new key: 40 random base-62 characters (≈238 bits), so a fast hash is enough to store it.</summary>
    public static string Generate() => Prefix + RandomNumberGenerator.GetString(Alphabet, RandomCharacters);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static async Task<(Guid Id, string Key)> CreateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Guid tenantId, string name, string[] roles)
    {
        var key = Generate();
        var id = Guid.CreateVersion7();
        await connection.ExecuteAsync(
            """
            INSERT INTO api_keys (id, tenant_id, name, key_prefix, key_hash, roles)
            VALUES (@Id, @TenantId, @Name, @KeyPrefix, @Hash, @Roles)
            """, new { Id = id, TenantId = tenantId, Name = name, KeyPrefix = key[..10], Hash = Hash(key), Roles = roles }, tx);
        return (id, key);
    }

    /// <summary>A key as <see cref="Generate"/> makes them: anything else is refused without a look-up.</summary>
    public static bool IsWellFormed(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) && key.Length == Prefix.Length + RandomCharacters;

    /// <summary>The key of this hash, unless it is revoked. Requests resolve keys through <see cref="ApiKeyCache"/>.</summary>
    public static async Task<ResolvedKey?> LookUpAsync(NpgsqlDataSource db, string hash, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT id, tenant_id, roles FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL");
        cmd.Parameters.AddWithValue(hash);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new ResolvedKey(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<string[]>(2))
            : null;
    }
}
