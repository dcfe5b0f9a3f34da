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
            case BadHttpRequestException bad:
                status = bad.StatusCode;
                title = "The request could not be read.";
                detail = bad.Message;
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
