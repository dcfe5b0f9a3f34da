using System.Text;

namespace RevenueCycle.ClearinghouseSimulator.Access;

/// <summary>
/// What a real clearinghouse enforces (docs/clearinghouse.md, "Credentials"): a submitter, with its id and secret as HTTP Basic
/// (RFC 7617), sends and collects only under its own <c>/clearinghouse/{submitterId}</c> — another submitter's path is a 404, so
/// nothing tells whether it exists; <c>/simulator/received</c> shows a submitter its own files only; every other <c>/simulator</c>
/// call (payer settings, members, the operator's mailbox delivery) changes what every submitter gets and needs the operator's key as
/// a Bearer token (a submitter's credentials there are a 403). No credentials, or wrong ones, are a 401 before anything is read.
/// </summary>
public sealed class SimulatorAccessMiddleware(RequestDelegate next, SimulatorKeys keys)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        var submitterPath = path.StartsWithSegments("/clearinghouse", out var rest);
        if (!submitterPath && !path.StartsWithSegments("/simulator"))
        {
            await next(context); // health, OpenAPI, and what no route serves
            return;
        }

        var caller = Authenticate(context.Request.Headers.Authorization.ToString());
        if (caller is null)
        {
            await Unauthorized(context, submitterPath);
            return;
        }
        if (submitterPath)
        {
            if (caller.IsOperator)
            {
                await Problem(context, StatusCodes.Status403Forbidden, "Forbidden",
                    "The operator's key does not open a submitter's account; send the submitter's id and secret as HTTP Basic. The operator delivers files with POST /simulator/mailboxes/{submitterId}/{kind}.");
                return;
            }
            var pathSubmitter = rest.Value?.TrimStart('/').Split('/', 2)[0] ?? "";
            if (!string.Equals(pathSubmitter, caller.SubmitterId, StringComparison.Ordinal))
            {
                await Problem(context, StatusCodes.Status404NotFound, "Not Found", $"No submitter account {pathSubmitter} for these credentials.");
                return;
            }
        }
        else if (!caller.IsOperator && !path.StartsWithSegments("/simulator/received"))
        {
            await Problem(context, StatusCodes.Status403Forbidden, "Forbidden",
                "The simulator's settings change what every submitter gets: they need the operator's key (Simulator__OperatorKey) as a Bearer token, not a submitter's credentials.");
            return;
        }
        context.Items[typeof(SimulatorCaller)] = caller;
        await next(context);
    }

    SimulatorCaller? Authenticate(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return keys.IsOperatorKey(header[7..].Trim()) ? SimulatorCaller.Operator : null;
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
        // RFC 7617 §2: the user-id cannot contain a colon; the password is everything after the first.
        var colon = decoded.IndexOf(':');
        if (colon <= 0) return null;
        var submitterId = decoded[..colon];
        return keys.IsSubmitterSecret(submitterId, decoded[(colon + 1)..]) ? new SimulatorCaller(false, submitterId) : null;
    }

    static Task Unauthorized(HttpContext context, bool submitterPath)
    {
        context.Response.Headers.WWWAuthenticate = submitterPath ? "Basic realm=\"clearinghouse\", charset=\"UTF-8\"" : "Bearer";
        return Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized", submitterPath
            ? "A submitter sends its submitter id and secret as HTTP Basic credentials."
            : "The simulator's settings need the operator's key as a Bearer token; /simulator/received also takes a submitter's HTTP Basic credentials.");
    }

    static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
}
