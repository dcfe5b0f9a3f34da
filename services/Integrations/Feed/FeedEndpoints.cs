using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using RevenueCycle.Integrations.Catalogue;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.Database;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Integrations.Feed;

/// <summary>
/// A page of the change feed. <c>nextCursor</c> is always given: the position after the last event returned (or the
/// <c>after</c> sent, when nothing new came), so a poller keeps it and asks again later; <c>hasMore</c> says another page
/// waits now.
/// </summary>
public sealed record FeedPage(IReadOnlyList<PublicEvent> Items, string NextCursor, bool HasMore);

/// <summary>GET /api/events: the practice's public events in the order they were recorded, kept 30 days, for those who poll.</summary>
public static class FeedEndpoints
{
    public static RouteGroupBuilder MapFeed(this RouteGroupBuilder group)
    {
        group.MapGet("/", Get).WithDescription(
            "The change feed: the same public events webhooks receive (same ids), oldest first, kept 30 days. Pass the nextCursor of " +
            "the previous answer as after (none for the oldest kept); types filters by a comma-separated list; limit (1-500, default 50). " +
            $"API version {EventTypes.ApiVersion}. Event types:\n" + EventTypes.Described());
        return group;
    }

    sealed record Row(long Position, string Body);

    static async Task<Results<FeedPageResult, ValidationProblem>> Get(
        ClaimsPrincipal user, NpgsqlDataSource db, TimeProvider clock, IOptions<IntegrationsOptions> options, string? after, string? types, int? limit)
    {
        var v = new Validation();
        long position = 0;
        v.Check(after is null || long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out position),
            "after", "is not a cursor of this feed (send the nextCursor of an earlier answer).");
        var wanted = (types ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var type in wanted.Where(t => !EventTypes.IsKnown(t)).Take(5))
            v.Error("types", $"'{(type.Length > 60 ? type[..60] + "…" : type)}' is not an event type: {string.Join(", ", EventTypes.All.Keys)}.");
        v.Check(limit is null or (>= 1 and <= Paging.MaxLimit), "limit", $"must be 1 to {Paging.MaxLimit}.");
        if (!v.IsValid) return v.Problem();

        var take = Paging.Clamp(limit);
        await using var connection = await db.OpenSnapshotAsync();
        var rows = (await connection.QueryAsync<Row>(
            """
            SELECT position, body FROM events
            WHERE tenant_id = @Tenant AND in_feed AND position > @After AND created_at >= @Since
              AND (cardinality(@Types) = 0 OR type = ANY(@Types))
            ORDER BY position LIMIT @Take
            """,
            new { Tenant = user.TenantId(), After = position, Since = clock.GetUtcNow() - options.Value.Delivery.Retention, Types = wanted, Take = take + 1 })).ToList();
        var page = rows.Take(take).ToList();
        var next = page.Count > 0 ? page[^1].Position : position;
        return new FeedPageResult(page.Select(r => r.Body).ToList(), next.ToString(System.Globalization.CultureInfo.InvariantCulture), rows.Count > take);
    }

    /// <summary>
    /// A <see cref="FeedPage"/> written with each event's recorded body as it is, not read back into a <see cref="PublicEvent"/>
    /// and written again: the exact text its webhook deliveries carry and sign, at a fraction of the cost per page (issue 20:
    /// a poller's page of 500 events). The document describes it as a <see cref="FeedPage"/>.
    /// </summary>
    public sealed class FeedPageResult(IReadOnlyList<string> bodies, string nextCursor, bool hasMore) : IResult, Microsoft.AspNetCore.Http.Metadata.IEndpointMetadataProvider
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json; charset=utf-8";
            await using (var json = new Utf8JsonWriter(http.Response.BodyWriter))
            {
                json.WriteStartObject();
                json.WriteStartArray("items");
                foreach (var body in bodies) json.WriteRawValue(body, skipInputValidation: true);
                json.WriteEndArray();
                json.WriteString("nextCursor", nextCursor);
                json.WriteBoolean("hasMore", hasMore);
                json.WriteEndObject();
            }
            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }

        public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
            builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(FeedPage), ["application/json"]));
    }
}
