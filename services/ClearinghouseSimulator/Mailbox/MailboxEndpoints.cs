using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace RevenueCycle.ClearinghouseSimulator.Mailbox;

/// <summary>
/// The clearinghouse operator's delivery: a file put straight into a submitter's mailbox as it came from a payer or another
/// clearinghouse (a 277CA in a payer's shape, a 999 the platform has never seen, a file re-sent by support), so tests can feed
/// the platform text our own writers did not produce.
/// </summary>
public static class MailboxEndpoints
{
    const int MaxBytes = 5 * 1024 * 1024;

    public static RouteGroupBuilder MapMailboxDelivery(this RouteGroupBuilder group)
    {
        group.MapPost("/mailboxes/{submitterId}/{kind}", Deliver).Accepts<string>("application/edi-x12", "text/plain");
        return group;
    }

    sealed record Delivered(Guid Id, string SubmitterId, string Kind);

    static async Task<Results<Created<Delivered>, ProblemHttpResult>> Deliver(string submitterId, string kind, HttpRequest request, NpgsqlDataSource db)
    {
        if (!Mailbox.Kinds.Contains(kind))
            return TypedResults.Problem(title: "Unknown mailbox kind", detail: $"kind is one of {string.Join(", ", Mailbox.Kinds)}.", statusCode: 400);
        if (submitterId.Length is 0 or > 80)
            return TypedResults.Problem(title: "Invalid submitter", detail: "submitterId is 1 to 80 characters.", statusCode: 400);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var x12 = await reader.ReadToEndAsync();
        if (x12.Length is 0 or > MaxBytes || x12.Contains('\0'))
            return TypedResults.Problem(title: "Invalid file", detail: "The body is the file's text, 1 byte to 5 MB, without NUL.", statusCode: 400);
        await using var connection = await db.OpenConnectionAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var id = await Mailbox.PutAsync(connection, tx, submitterId, kind, "000000000", x12, null);
        await tx.CommitAsync();
        return TypedResults.Created($"/clearinghouse/{submitterId}/mailbox/{id}", new Delivered(id, submitterId, kind));
    }
}
