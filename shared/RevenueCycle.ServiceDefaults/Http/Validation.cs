using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>Collects every field error of a request, so the client fixes them all in one go.</summary>
public sealed class Validation
{
    readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public Validation Error(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
        return this;
    }

    /// <summary>Records <paramref name="message"/> against <paramref name="field"/> when <paramref name="ok"/> is false.</summary>
    public bool Check(bool ok, string field, string message)
    {
        if (!ok) Error(field, message);
        return ok;
    }

    public bool Required(string? value, string field) =>
        Check(!string.IsNullOrWhiteSpace(value), field, "is required.");

    /// <summary>A date given as text (a query parameter): null when absent, or when not YYYY-MM-DD (recorded against <paramref name="field"/>).</summary>
    public DateOnly? Date(string? value, string field) =>
        value is null ? null
        : Check(DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day),
            field, "is a date, YYYY-MM-DD.") ? day : null;

    public ValidationProblem Problem(string title = "The request has invalid fields.") =>
        TypedResults.ValidationProblem(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), title: title);
}

public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(title: "Conflict", detail: detail, statusCode: StatusCodes.Status409Conflict, extensions: extensions);

    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(title: "The request cannot be processed", detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity, extensions: extensions);
}
