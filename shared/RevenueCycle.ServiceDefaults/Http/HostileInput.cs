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
/// lists of objects and strings are read here and a null element is a 400 naming the list.
/// </summary>
public sealed class NoNullElementsConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type type)
    {
        if (!type.IsGenericType || ElementOf(type) is not { } element || element.IsValueType) return false;
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IReadOnlyList<>) || definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IEnumerable<>)
            || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>);
    }

    static Type? ElementOf(Type type) => type.GetGenericArguments() is [var element] ? element : null;

    public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<,>).MakeGenericType(type, ElementOf(type)!))!;

    sealed class Converter<TList, T> : JsonConverter<TList> where TList : class, IEnumerable<T> where T : class
    {
        public override TList? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("must be an array.");
            var list = new List<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null) throw new JsonException($"must not contain null (element {list.Count}).");
                list.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
            }
            return (TList)(object)list;
        }

        public override void Write(Utf8JsonWriter writer, TList value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
            writer.WriteEndArray();
        }
    }
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
