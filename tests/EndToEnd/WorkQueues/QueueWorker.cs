// Every call here is bounded by the HttpClient timeout.
#pragma warning disable xUnit1051
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RevenueCycle.EndToEnd.WorkQueues;

/// <summary>
/// A biller working one queue through the gateway: its list (<paramref name="list"/>, with or without a query), the item mechanics under
/// /api/work-queues/{queue}/items/{id}, and the counts of GET /api/work-queues. <paramref name="idOf"/> reads an item's id off a list item.
/// </summary>
public sealed class QueueWorker(HttpClient client, string queue, string list, Func<JsonElement, Guid> idOf)
{
    public static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public HttpClient Client => client;
    public string Queue => queue;
    public string Item(Guid id) => $"/api/work-queues/{queue}/items/{id}";

    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every item of the list with <paramref name="query"/> (all pages).</summary>
    public async Task<List<JsonElement>> ListAsync(string query = "")
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var separator = list.Contains('?') ? '&' : '?';
            var url = $"{list}{separator}limit=200{(query.Length == 0 ? "" : "&" + query)}{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}";
            var page = await Json(await client.GetAsync(url), HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.String ? page.GetProperty("nextCursor").GetString() : null;
        } while (cursor is not null);
        return items;
    }

    public async Task<List<Guid>> IdsAsync(string query = "") => [.. (await ListAsync(query)).Select(idOf)];

    public async Task<JsonElement> ListedAsync(Guid id, string query = "") => (await ListAsync(query)).Single(i => idOf(i) == id);

    public async Task<JsonElement> CountsAsync()
    {
        var all = await Json(await client.GetAsync("/api/work-queues"), HttpStatusCode.OK);
        var mine = all.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("queue").GetString() == queue);
        Assert.True(mine.GetProperty("available").GetBoolean(), $"the {queue} queue's counts are unavailable");
        return mine;
    }

    public static int Count(JsonElement counts, string field) => counts.GetProperty(field).GetInt32();

    public static int AssignedTo(JsonElement counts, string assignee) =>
        counts.GetProperty("byAssignee").EnumerateArray().Where(a => a.GetProperty("assignee").GetString() == assignee).Select(a => a.GetProperty("count").GetInt32()).SingleOrDefault();

    public Task<HttpResponseMessage> AssignAsync(Guid id, string? assignee) => client.PutAsJsonAsync($"{Item(id)}/assignment", new { assignee });
    public Task<HttpResponseMessage> UnassignAsync(Guid id) => client.DeleteAsync($"{Item(id)}/assignment");
    public Task<HttpResponseMessage> PendAsync(Guid id, string? until, string? reason = null) => client.PutAsJsonAsync($"{Item(id)}/pend", new { until, reason });
    public Task<HttpResponseMessage> UnpendAsync(Guid id) => client.DeleteAsync($"{Item(id)}/pend");
    public Task<HttpResponseMessage> CommentAsync(Guid id, string? body) => client.PostAsJsonAsync($"{Item(id)}/comments", new { body });

    /// <summary>
    /// Assignment, comments, pending and their counts on <paramref name="item"/>, the only item of its practice's queue that is worked here:
    /// <paramref name="open"/> is how many items the queue holds for the practice, <paramref name="author"/> the API key id comments carry.
    /// </summary>
    public async Task WorkOneItemAsync(Guid item, int open, Guid author)
    {
        var before = await CountsAsync();
        Assert.Equal((open, 0, open), (Count(before, "open"), Count(before, "pended"), Count(before, "unassigned")));
        var listed = await ListedAsync(item);
        Assert.Equal(0, listed.GetProperty("commentCount").GetInt32());
        Assert.False(listed.TryGetProperty("assignee", out _));

        // Assigned: the list by assignee shows it, unassigned does not; counted for the assignee.
        var assignee = "user-" + Guid.NewGuid().ToString("N")[..8];
        var state = await Json(await AssignAsync(item, assignee), HttpStatusCode.OK);
        Assert.Equal(assignee, state.GetProperty("assignee").GetString());
        Assert.Equal(author.ToString(), state.GetProperty("assignedBy").GetString());
        Assert.Contains(item, await IdsAsync($"assignee={assignee}"));
        Assert.DoesNotContain(item, await IdsAsync("assignee=none"));
        Assert.DoesNotContain(item, await IdsAsync("assignee=someone-else"));
        Assert.Equal(open - 1, (await IdsAsync("assignee=none")).Count);
        Assert.Equal(assignee, (await ListedAsync(item)).GetProperty("assignee").GetString());
        var assigned = await CountsAsync();
        Assert.Equal((open, open - 1, 1), (Count(assigned, "open"), Count(assigned, "unassigned"), AssignedTo(assigned, assignee)));

        // Comments: author and time, oldest first, counted on the list.
        var first = await Json(await CommentAsync(item, "Called the payer: claim not on file."), HttpStatusCode.Created);
        var second = await Json(await CommentAsync(item, "Resubmitted\nwith the corrected member id."), HttpStatusCode.Created);
        Assert.Equal(author.ToString(), first.GetProperty("author").GetString());
        var comments = (await Json(await client.GetAsync($"{Item(item)}/comments"), HttpStatusCode.OK)).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Called the payer: claim not on file.", "Resubmitted\nwith the corrected member id."], comments.Select(c => c.GetProperty("body").GetString()));
        Assert.All(comments, c => Assert.Equal(author.ToString(), c.GetProperty("author").GetString()));
        Assert.True(comments[0].GetProperty("createdAt").GetDateTimeOffset() <= comments[1].GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(Math.Abs((comments[1].GetProperty("createdAt").GetDateTimeOffset() - DateTimeOffset.UtcNow).TotalMinutes) < 5);
        var paged = await Json(await client.GetAsync($"{Item(item)}/comments?limit=1"), HttpStatusCode.OK);
        Assert.Equal(first.GetProperty("id").GetGuid(), paged.GetProperty("items")[0].GetProperty("id").GetGuid());
        var next = await Json(await client.GetAsync($"{Item(item)}/comments?limit=1&cursor={Uri.EscapeDataString(paged.GetProperty("nextCursor").GetString()!)}"), HttpStatusCode.OK);
        Assert.Equal(second.GetProperty("id").GetGuid(), next.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(2, (await ListedAsync(item)).GetProperty("commentCount").GetInt32());

        // Pended until a date after today: hidden from the list (unless includePended), counted apart; unpended: back.
        var until = Today.AddDays(10);
        var pended = await Json(await PendAsync(item, until.ToString("yyyy-MM-dd"), "Waiting for the payer's callback"), HttpStatusCode.OK);
        Assert.True(pended.GetProperty("pended").GetBoolean());
        Assert.DoesNotContain(item, await IdsAsync());
        Assert.DoesNotContain(item, await IdsAsync($"assignee={assignee}"));
        var shown = await ListedAsync(item, "includePended=true");
        Assert.Equal(until, DateOnly.Parse(shown.GetProperty("pendedUntil").GetString()!));
        var whilePended = await CountsAsync();
        Assert.Equal((open - 1, 1, 0), (Count(whilePended, "open"), Count(whilePended, "pended"), AssignedTo(whilePended, assignee)));
        await Json(await UnpendAsync(item), HttpStatusCode.OK);
        Assert.Contains(item, await IdsAsync());
        Assert.Equal((open, 0), (Count(await CountsAsync(), "open"), Count(await CountsAsync(), "pended")));

        // Unassigned: back among the unassigned.
        await Json(await UnassignAsync(item), HttpStatusCode.OK);
        Assert.Contains(item, await IdsAsync("assignee=none"));
        var after = await CountsAsync();
        Assert.Equal((open, open), (Count(after, "open"), Count(after, "unassigned")));

        // Who did what when.
        var history = (await Json(await client.GetAsync(Item(item)), HttpStatusCode.OK));
        Assert.Equal(2, history.GetProperty("commentCount").GetInt32());
        Assert.Equal(["assigned", "pended", "unpended", "unassigned"], history.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.Equal(assignee, history.GetProperty("history")[0].GetProperty("assignee").GetString());
        Assert.Equal(until, DateOnly.Parse(history.GetProperty("history")[1].GetProperty("pendedUntil").GetString()!));
        Assert.All(history.GetProperty("history").EnumerateArray(), h => Assert.Equal(author.ToString(), h.GetProperty("by").GetString()));
    }

    /// <summary>Another practice's item and an unknown id are 404 on every item operation; bad input names its field.</summary>
    public async Task RefusesAsync(Guid othersItem, Guid item)
    {
        foreach (var id in new[] { othersItem, Guid.NewGuid() })
        {
            await Json(await client.GetAsync(Item(id)), HttpStatusCode.NotFound);
            await Json(await client.GetAsync($"{Item(id)}/comments"), HttpStatusCode.NotFound);
            await Json(await AssignAsync(id, "user-1"), HttpStatusCode.NotFound);
            await Json(await UnassignAsync(id), HttpStatusCode.NotFound);
            await Json(await PendAsync(id, Today.AddDays(3).ToString("yyyy-MM-dd")), HttpStatusCode.NotFound);
            await Json(await UnpendAsync(id), HttpStatusCode.NotFound);
            await Json(await CommentAsync(id, "Not mine."), HttpStatusCode.NotFound);
        }
        await Json(await client.GetAsync($"/api/work-queues/no-such-queue/items/{item}"), HttpStatusCode.NotFound);
        await Json(await client.PutAsJsonAsync($"/api/work-queues/no-such-queue/items/{item}/assignment", new { assignee = "user-1" }), HttpStatusCode.NotFound);

        async Task Names(HttpResponseMessage response, string field)
        {
            var problem = await Json(response, HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name '{field}': {problem}");
        }
        await Names(await AssignAsync(item, ""), "assignee");
        await Names(await AssignAsync(item, "   "), "assignee");
        await Names(await AssignAsync(item, null), "assignee");
        await Names(await AssignAsync(item, new string('u', 101)), "assignee");
        await Names(await AssignAsync(item, "none"), "assignee");
        await Names(await PendAsync(item, Today.ToString("yyyy-MM-dd")), "until");
        await Names(await PendAsync(item, Today.AddDays(-1).ToString("yyyy-MM-dd")), "until");
        await Names(await PendAsync(item, "next tuesday"), "until");
        await Names(await PendAsync(item, null), "until");
        await Names(await PendAsync(item, Today.AddDays(2).ToString("yyyy-MM-dd"), new string('r', 501)), "reason");
        await Names(await CommentAsync(item, ""), "body");
        await Names(await CommentAsync(item, new string('b', 4001)), "body");
        await Names(await client.GetAsync($"{Item(item)}/comments?cursor=not-a-cursor"), "cursor");
        await Names(await client.GetAsync($"{list}{(list.Contains('?') ? '&' : '?')}assignee={new string('u', 101)}"), "assignee");
        // Nothing of the refused changes was kept.
        var state = await Json(await client.GetAsync(Item(item)), HttpStatusCode.OK);
        Assert.False(state.TryGetProperty("assignee", out _));
        Assert.False(state.GetProperty("pended").GetBoolean());
        Assert.Equal(0, state.GetProperty("commentCount").GetInt32());
    }
}
