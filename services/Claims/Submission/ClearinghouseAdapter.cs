using RevenueCycle.ServiceDefaults.Clearinghouse;

namespace RevenueCycle.Claims.Submission;

/// <summary>
/// Claims' use of the shared <see cref="ClearinghouseClient"/> (docs/clearinghouse.md): 837P files in, 999 and
/// 277CA out through the submitter's mailbox. A payer routed <c>manual</c> never reaches it (its files stay for
/// download). Retrying a file is safe: the clearinghouse answers the same ISA13 with the first file id.
/// A failure is thrown here so the caller's retry bookkeeping (send_attempts, last_error) sees it.
/// </summary>
public sealed class ClearinghouseAdapter(ClearinghouseClient client)
{
    public sealed record FileAccepted(string FileId, string? InterchangeControlNumber);

    public async Task<FileAccepted> SubmitAsync(string submitterId, string x12, CancellationToken ct)
    {
        var result = await client.SubmitFileAsync(submitterId, x12, ct);
        if (!result.Succeeded) throw new ClearinghouseUnavailableException(result.Failure!.ToString());
        return new FileAccepted(result.Value!.FileId.ToString(), result.Value.InterchangeControlNumber);
    }

    public async Task<IReadOnlyList<MailboxItem>> MailboxAsync(string submitterId, string kind, CancellationToken ct)
    {
        var result = await client.ListMailboxAsync(submitterId, kind, ct);
        return result.Succeeded ? result.Value ?? [] : throw new ClearinghouseUnavailableException(result.Failure!.ToString());
    }

    public async Task<string> ReadAsync(string submitterId, Guid id, CancellationToken ct)
    {
        var result = await client.GetFileAsync(submitterId, id, ct);
        return result.Succeeded ? result.Value! : throw new ClearinghouseUnavailableException(result.Failure!.ToString());
    }

    public async Task DeleteAsync(string submitterId, Guid id, CancellationToken ct)
    {
        var result = await client.DeleteFileAsync(submitterId, id, ct);
        if (!result.Succeeded) throw new ClearinghouseUnavailableException(result.Failure!.ToString());
    }

    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddClearinghouse(configuration);
        services.AddTransient<ClearinghouseAdapter>();
    }
}

public sealed class ClearinghouseUnavailableException(string message) : Exception(message);
