using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>
/// A JSON string may not carry NUL (U+0000): PostgreSQL text cannot store it (22021), so it is refused while reading, as a 400 naming
/// the field, before any endpoint sees it.
/// </summary>
public sealed class NoNulStringConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetString();
        if (value is not null && value.Contains('\0')) throw new JsonException("must not contain the NUL character (\\u0000).");
        return value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
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

/// <summary>A query parameter (name or value) carrying NUL is refused as a 400 naming it: nothing downstream could store or compare it.</summary>
public sealed class QueryGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
            if (name.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
            {
                var field = name.Replace("\0", "\\u0000", StringComparison.Ordinal);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = ["must not contain the NUL character (%00)."] })
                    .ExecuteAsync(context);
                return;
            }
        await next(context);
    }
}
