using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// Turns what escapes an endpoint into RFC 9457 problem details: a body the framework could not
/// read names the JSON field at fault (400); anything else is logged and answered 500 without detail.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        int status;
        string title, detail;
        Dictionary<string, string[]>? errors = null;
        switch (exception)
        {
            case BadHttpRequestException { InnerException: JsonException json }:
                status = StatusCodes.Status400BadRequest;
                title = "The request body is not valid JSON for this endpoint.";
                var field = JsonField(json.Path);
                detail = field is null ? Clean(json.Message) : $"'{field}': {Clean(json.Message)}";
                errors = new() { [field ?? "body"] = [Clean(json.Message)] };
                break;
            // System.Text.Json's reader itself can fail on a body cut off inside a literal at a buffer boundary ("nu" of null):
            // an IndexOutOfRangeException from Utf8JsonReader, not a JsonException (found by the seeded fuzzer, seed 822009104).
            case IndexOutOfRangeException or ArgumentOutOfRangeException when exception.StackTrace?.StartsWith("   at System.Text.Json.Utf8JsonReader.", StringComparison.Ordinal) == true:
                status = StatusCodes.Status400BadRequest;
                title = "The request body is not valid JSON for this endpoint.";
                detail = "The body ends or breaks off inside a value.";
                errors = new() { ["body"] = [detail] };
                break;
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                title = "The request could not be read.";
                detail = bad.Message;
                break;
            // A value the database cannot take (a number out of a column's range, a character it cannot store, an impossible date) or a
            // race two identical requests ran (a unique key) is the request's fault, never a 500: nothing was changed (the transaction rolled back).
            case Npgsql.PostgresException { SqlState: "22003" or "22021" or "22P05" or "22007" or "22008" or "22001" } pg:
                status = StatusCodes.Status400BadRequest;
                title = "A value is out of the range this API stores.";
                detail = pg.SqlState == "22003" ? "A number is too large." : pg.SqlState == "22001" ? "A text is too long." : "A value cannot be stored (a control character or an impossible date).";
                break;
            case Npgsql.PostgresException { SqlState: "23505" or "40001" or "40P01" }:
                status = StatusCodes.Status409Conflict;
                title = "Conflict";
                detail = "Another request changed the same thing at the same moment; nothing was changed by this one. Send it again.";
                break;
            case UnauthorizedAccessException:
                status = StatusCodes.Status401Unauthorized;
                title = "Unauthorized";
                detail = exception.Message;
                break;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                status = StatusCodes.Status500InternalServerError;
                title = "An unexpected error occurred.";
                detail = "The error was logged; nothing was changed by this request.";
                break;
        }
        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is not null) problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    // System.Text.Json reports "$.address.zip" or "$.procedures[0].units"; clients know "address.zip".
    static string? JsonField(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.") ? path[2..] : path.TrimStart('$');

    // The serializer's messages name .NET types; a client needs to know what to send instead.
    static string Clean(string message)
    {
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return "is not a field of this request.";
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return "has a value of the wrong type or format (dates are YYYY-MM-DD, amounts are numbers, ids are UUIDs).";
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("nullable", StringComparison.OrdinalIgnoreCase))
            return "must not be null.";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
