using Dapper;
using Npgsql;

namespace RevenueCycle.Integrations.Subscriptions;

/// <summary>POST and PUT of a webhook endpoint. <c>events</c> lists catalogue types, or <c>*</c> for every one.</summary>
public sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Events, string? Description, bool? Enabled);

/// <summary>
/// A webhook endpoint as its practice sees it: never its secret. <c>disabledReason</c> says why the platform disabled it
/// (deliveries failing for 3 days) or that someone did; <c>previousSecretExpiresAt</c> is when the secret before the last
/// rotation stops signing.
/// </summary>
public sealed record Webhook
{
    public Guid Id { get; init; }
    public string Url { get; init; } = "";
    public string[] Events { get; init; } = [];
    public string? Description { get; init; }
    public bool Enabled { get; init; }
    public string? DisabledReason { get; init; }
    public DateTimeOffset? DisabledAt { get; init; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public const string Columns =
        "id, url, events, description, enabled, disabled_reason, disabled_at, previous_secret_expires_at, last_success_at, created_at, updated_at";

    public static Task<Webhook?> FindAsync(NpgsqlConnection connection, Guid tenant, Guid id, NpgsqlTransaction? tx = null, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<Webhook>(
            $"SELECT {Columns} FROM webhooks WHERE tenant_id = @Tenant AND id = @Id{(forUpdate ? " FOR UPDATE" : "")}",
            new { Tenant = tenant, Id = id }, tx);
}

/// <summary>The answer to POST /api/webhooks: the endpoint and its signing secret, shown this once.</summary>
public sealed record CreatedWebhook(
    Guid Id, string Url, IReadOnlyList<string> Events, string? Description, bool Enabled, string Secret, DateTimeOffset CreatedAt);

/// <summary>The answer to a rotation: the new secret (shown this once); the previous one signs too until <c>previousSecretExpiresAt</c>.</summary>
public sealed record RotatedSecret(Guid Id, string Secret, DateTimeOffset PreviousSecretExpiresAt);
