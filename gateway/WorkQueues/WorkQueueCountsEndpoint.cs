using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Gateway.Access;
using RevenueCycle.Gateway.Proxy;
using RevenueCycle.Gateway.Staff;
using RevenueCycle.ServiceDefaults.Auth;
using RevenueCycle.ServiceDefaults.WorkQueues;

namespace RevenueCycle.Gateway.WorkQueues;

/// <summary>
/// One queue's counts as <c>GET /api/work-queues</c> reports them; <c>available</c> is false (and the counts absent) when its service did
/// not answer, so one service down never fails the whole answer.
/// </summary>
public sealed record QueueCounts(string Queue, string Service, bool Available, int? Open, int? Pended, int? Unassigned, IReadOnlyList<AssigneeCount>? ByAssignee);

public sealed record WorkQueuesOverview(IReadOnlyList<QueueCounts> Queues);

/// <summary>
/// <c>GET /api/work-queues</c>: every queue's counts for the caller's practice, asked of the services that own them (each queue's own
/// <c>GET /api/work-queues/{queue}</c>, with the caller's signed token), for the queues the caller's roles may read.
/// </summary>
public static class WorkQueueCountsEndpoint
{
    public const string Client = "work-queues";
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddWorkQueueCounts(this IServiceCollection services)
    {
        services.AddHttpClient(Client, c => c.Timeout = Timeout);
        return services;
    }

    public static IEndpointRouteBuilder MapWorkQueueCounts(this IEndpointRouteBuilder app)
    {
        app.MapGet(WorkQueueCatalog.PathPrefix, Overview).WithTags("Work queues")
            .WithDescription("Every work queue's counts for the practice: open items (pended ones excluded), pended, unassigned, and open items per assignee. " +
                             "A queue whose service does not answer is reported with available=false. Each queue's own mechanics are under /api/work-queues/{queue}.");
        return app;
    }

    static async Task<Ok<WorkQueuesOverview>> Overview(HttpContext context, IHttpClientFactory http, IConfiguration configuration, ILogger<WorkQueuesOverview> logger)
    {
        // The caller is an API key or a signed-in staff user (the portal): both are a Caller with roles; a session has no ResolvedKey.
        var caller = (Caller)context.Items[Caller.Item]!;
        var token = (string)context.Items[AccessMiddleware.InternalTokenItem]!;
        var client = http.CreateClient(Client);
        var readable = WorkQueueCatalog.All.Where(q => Policies.Table[q.Policy].Readers.Any(caller.Roles.Contains));
        var queues = await Task.WhenAll(readable.Select(async q =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{Routes.Address(configuration, q.Service)}{WorkQueueCatalog.PathOf(q.Name)}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request, context.RequestAborted);
                response.EnsureSuccessStatusCode();
                var counts = (await response.Content.ReadFromJsonAsync<WorkQueueCounts>(context.RequestAborted))!;
                return new QueueCounts(q.Name, q.Service, true, counts.Open, counts.Pended, counts.Unassigned, counts.ByAssignee);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException && !context.RequestAborted.IsCancellationRequested)
            {
                logger.LogWarning("The {Queue} queue's counts are unavailable from {Service}: {Error}", q.Name, q.Service, e.Message);
                return new QueueCounts(q.Name, q.Service, false, null, null, null, null);
            }
        }));
        return TypedResults.Ok(new WorkQueuesOverview(queues));
    }
}
