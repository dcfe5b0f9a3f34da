using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// What a text value of the API may hold: no NUL (PostgreSQL text cannot store it, 22021), no other control character but tab and line
/// breaks (C0 and DEL are outside the X12.6 basic and extended character sets a claim is sent in, and no person types them), and at
/// most <see cref="MaxLength"/> characters (a clinical note fits; a megabyte name does not).
/// </summary>
public static class PlainText
{
    public const int MaxLength = 65_536;

    static readonly SearchValues<char> Controls = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\u007F']);

    /// <summary>Why <paramref name="value"/> is refused, or null.</summary>
    public static string? Problem(string value) =>
        value.Contains('\0') ? "must not contain the NUL character (\\u0000)."
        : value.AsSpan().ContainsAny(Controls) ? "must not contain control characters (U+0001 to U+001F other than tab and line breaks, U+007F)."
        : value.Length > MaxLength ? $"must not be longer than {MaxLength} characters."
        : null;
}

/// <summary>A JSON string that is not <see cref="PlainText"/> is refused while reading, as a 400 naming the field, before any endpoint sees it.</summary>
public sealed class PlainTextStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && PlainText.Problem(value) is { } problem) throw new JsonException(problem);
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

public static class PlainTextOpenApi
{
    /// <summary>
    /// A type read by a custom converter is published as the empty schema <c>{}</c>, and every string is read by
    /// <see cref="PlainTextStringConverter"/>: say in the document that a string is a string (nullable where the field is).
    /// </summary>
    public static Microsoft.AspNetCore.OpenApi.OpenApiOptions PublishStringsAsStrings(this Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(string) && schema.Type is null)
                schema.Type = context.JsonPropertyInfo is { IsSetNullable: true }
                    ? Microsoft.OpenApi.JsonSchemaType.String | Microsoft.OpenApi.JsonSchemaType.Null
                    : Microsoft.OpenApi.JsonSchemaType.String;
            return Task.CompletedTask;
        });
}

/// <summary>
/// A list in a request may not hold null (<c>{"items": [null]}</c>): nullable annotations are not enforced on collection elements, so
/// once an object is read, each of its lists of objects or strings is checked, and a null element is a 400 naming the list.
/// </summary>
public static class NoNullElements
{
    public static void Reject(System.Text.Json.Serialization.Metadata.JsonTypeInfo info)
    {
        if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return;
        var lists = info.Properties.Where(p => p.Get is not null && HoldsReferences(p.PropertyType)).ToList();
        if (lists.Count == 0) return;
        var previous = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            foreach (var list in lists)
                if (list.Get!(value) is System.Collections.IEnumerable items && items.Cast<object?>().Any(item => item is null))
                    throw new JsonException($"{list.Name}: must not contain null.");
            previous?.Invoke(value);
        };
    }

    static bool HoldsReferences(Type type) =>
        type != typeof(string) && type.GetInterfaces().Append(type)
            .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && !i.GetGenericArguments()[0].IsValueType);
}

/// <summary>
/// A query parameter (name or value) or a route value (<c>{payerId}</c>) that is not <see cref="PlainText"/> is refused as a 400 naming it:
/// nothing downstream could store or compare it.
/// </summary>
public sealed class QueryGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
            if ((PlainText.Problem(name) ?? values.Select(v => v is null ? null : PlainText.Problem(v)).FirstOrDefault(p => p is not null)) is { } problem)
            {
                await RefuseAsync(context, name, problem);
                return;
            }
        foreach (var (name, value) in context.Request.RouteValues)
            if (value is string text && PlainText.Problem(text) is { } problem)
            {
                await RefuseAsync(context, name, problem);
                return;
            }
        await next(context);
    }

    static async Task RefuseAsync(HttpContext context, string name, string problem)
    {
        var field = string.Concat(name.Take(100).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [problem] }).ExecuteAsync(context);
    }
}
