using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace RevenueCycle.ServiceDefaults.Clearinghouse;

/// <summary>
/// The services' side of the clearinghouse protocol (docs/clearinghouse.md): submit 837P files, ask
/// real-time eligibility (270 → 271) and claim status (276 → 277), collect the mailbox (999, 277CA, 835, 271). Every call returns a
/// <see cref="ClearinghouseResult{T}"/>: an unreachable, slow or failing clearinghouse is a
/// <see cref="ClearinghouseFailure"/> with a reason, never an exception, and never waits more than the
/// overall timeout (<see cref="ClearinghouseResilience.TotalTimeout"/>).
/// </summary>
/// <example>
/// <code>
/// var answer = await clearinghouse.RealtimeEligibilityAsync(SubmitterIds.For(tenantId), x270, ct);
/// if (!answer.Succeeded) return new EligibilityCheck { Status = "error", Error = answer.Failure.Reason };
/// var response = Eligibility271Reader.Parse(answer.Value!).Single();
/// </code>
/// </example>
/// <remarks>Every call carries the submitter's credentials (<see cref="SubmitterCredentials"/>): a submitter sees only its own mailbox.</remarks>
public sealed class ClearinghouseClient(HttpClient http, ILogger<ClearinghouseClient> logger, SubmitterCredentials? credentials = null)
{
    public const string X12MediaType = "application/edi-x12";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The clearinghouse's base address, for messages and logs.</summary>
    public Uri? BaseAddress => http.BaseAddress;

    /// <summary>
    /// Sends an 837P interchange. Retried on transient failures: the clearinghouse keeps one file per
    /// (submitter, ISA13), so a retry of a file it already took answers the first file id (<see cref="FileSubmission.Duplicate"/>).
    /// </summary>
    public Task<ClearinghouseResult<FileSubmission>> SubmitFileAsync(string submitterId, string x12, CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/files", HttpMethod.Post, x12, retryable: true, async response =>
        {
            var body = await response.Content.ReadFromJsonAsync<FileBody>(Json, cancellationToken);
            return body is null
                ? null
                : new FileSubmission(body.FileId, body.InterchangeControlNumber, response.StatusCode == HttpStatusCode.OK);
        }, cancellationToken);

    /// <summary>Real-time eligibility: the 270 out, the 271 text back. Not retried (the caller's user is waiting); at most the overall timeout.</summary>
    public Task<ClearinghouseResult<string>> RealtimeEligibilityAsync(string submitterId, string x270, CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/realtime", HttpMethod.Post, x270, retryable: false,
            async response => await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// Real-time claim status: the 276 out, the 277 (005010X212) text back, through the same real-time endpoint as eligibility (the
    /// clearinghouse tells them apart by ST01). Not retried; at most the overall timeout.
    /// </summary>
    public Task<ClearinghouseResult<string>> RealtimeClaimStatusAsync(string submitterId, string x276, CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/realtime", HttpMethod.Post, x276, retryable: false,
            async response => await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);

    /// <summary>The files waiting in the submitter's mailbox, oldest first; <paramref name="kind"/> one of <see cref="MailboxKinds"/>, or null for all.</summary>
    public Task<ClearinghouseResult<IReadOnlyList<MailboxItem>>> ListMailboxAsync(string submitterId, string? kind = null, CancellationToken cancellationToken = default)
    {
        var path = $"clearinghouse/{Escape(submitterId)}/mailbox" + (kind is null ? "" : "?kind=" + Uri.EscapeDataString(kind));
        return SendAsync<IReadOnlyList<MailboxItem>>(submitterId, path, HttpMethod.Get, null, retryable: true, async response =>
            (await response.Content.ReadFromJsonAsync<MailboxBody>(Json, cancellationToken))?.Items, cancellationToken);
    }

    /// <summary>A mailbox file's X12 text.</summary>
    public Task<ClearinghouseResult<string>> GetFileAsync(string submitterId, Guid id, CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/mailbox/{id}", HttpMethod.Get, null, retryable: true,
            async response => await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// A mailbox file read as a stream by <paramref name="consume"/> while it downloads (an 835 can be large:
    /// it is never held whole in memory here). A body that breaks off midway surfaces as the exception the read threw.
    /// </summary>
    public Task<ClearinghouseResult<T>> GetFileAsync<T>(string submitterId, Guid id, Func<Stream, CancellationToken, Task<T>> consume,
        CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/mailbox/{id}", HttpMethod.Get, null, retryable: true, async response =>
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return (T?)await consume(body, cancellationToken);
        }, cancellationToken, HttpCompletionOption.ResponseHeadersRead);

    /// <summary>Marks a mailbox file collected, after the caller stored it: collect, store, then delete.</summary>
    public Task<ClearinghouseResult<bool>> DeleteFileAsync(string submitterId, Guid id, CancellationToken cancellationToken = default) =>
        SendAsync(submitterId, $"clearinghouse/{Escape(submitterId)}/mailbox/{id}", HttpMethod.Delete, null, retryable: true,
            _ => Task.FromResult(true), cancellationToken);

    async Task<ClearinghouseResult<T>> SendAsync<T>(string submitterId, string path, HttpMethod method, string? x12, bool retryable,
        Func<HttpResponseMessage, Task<T?>> read, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = credentials?.HeaderFor(submitterId);
        if (x12 is not null)
            request.Content = new StringContent(x12, Encoding.UTF8, X12MediaType);
        request.Options.Set(ClearinghouseResilience.Retryable, retryable);
        try
        {
            using var response = await http.SendAsync(request, completion, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var value = await read(response);
                return value is null
                    ? Fail(ClearinghouseFailureKind.ServerError, $"The clearinghouse answered {method} /{path} with an empty or unreadable body.", (int)response.StatusCode)
                    : ClearinghouseResult<T>.Success(value);
            }
            var detail = await ProblemDetail(response, cancellationToken);
            var kind = (int)response.StatusCode >= 500 ? ClearinghouseFailureKind.ServerError : ClearinghouseFailureKind.Rejected;
            return Fail(kind, $"The clearinghouse answered {(int)response.StatusCode} to {method} /{path}{(detail is null ? "" : ": " + detail)}", (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            return Fail(ClearinghouseFailureKind.CircuitOpen,
                $"The clearinghouse at {http.BaseAddress} failed repeatedly; calls are paused for {ClearinghouseResilience.BreakDuration.TotalSeconds:0} s before trying again.");
        }
        catch (Exception e) when (e is TimeoutRejectedException or TaskCanceledException or OperationCanceledException)
        {
            return Fail(ClearinghouseFailureKind.TimedOut,
                $"The clearinghouse at {http.BaseAddress} did not answer {method} /{path} within {ClearinghouseResilience.TotalTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return Fail(ClearinghouseFailureKind.Unreachable, $"The clearinghouse at {http.BaseAddress} is unreachable: {e.Message}");
        }
        catch (JsonException e)
        {
            return Fail(ClearinghouseFailureKind.ServerError, $"The clearinghouse answered {method} /{path} with a body that is not the expected JSON: {e.Message}");
        }

        ClearinghouseResult<T> Fail(ClearinghouseFailureKind kind, string reason, int? status = null)
        {
            logger.LogWarning("Clearinghouse call failed ({Kind}): {Reason}", kind, reason);
            return ClearinghouseResult<T>.Failed(new ClearinghouseFailure(kind, reason, status));
        }
    }

    static async Task<string?> ProblemDetail(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(text)) return null;
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()
                : doc.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    static string Escape(string submitterId) => Uri.EscapeDataString(submitterId);

    sealed record FileBody(Guid FileId, string InterchangeControlNumber);

    sealed record MailboxBody(IReadOnlyList<MailboxItem> Items);
}
