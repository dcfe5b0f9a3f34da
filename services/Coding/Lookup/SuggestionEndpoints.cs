using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Coding.Suggestions;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Coding.Lookup;

public sealed record SuggestionRequest(string? Text, int? Limit = null);

public sealed record SuggestionList(IReadOnlyList<CodeSuggestion> Items);

public static class SuggestionEndpoints
{
    const int MaxNoteLength = 20_000; // Registration's longest note
    const int MaxSuggestions = 50;

    public static RouteGroupBuilder MapSuggestions(this RouteGroupBuilder group)
    {
        group.MapPost("/suggestions", Suggest).WithTags("Suggestions");
        return group;
    }

    static Results<Ok<SuggestionList>, ValidationProblem> Suggest(SuggestionRequest request)
    {
        var v = new Validation();
        if (v.Required(request.Text, "text"))
            v.Check(request.Text!.Length <= MaxNoteLength, "text", $"must be at most {MaxNoteLength} characters.");
        if (request.Limit is not null)
            v.Check(request.Limit is >= 1 and <= MaxSuggestions, "limit", $"must be 1 to {MaxSuggestions}.");
        if (!v.IsValid) return v.Problem();
        return TypedResults.Ok(new SuggestionList(SuggestionEngine.Default.Suggest(request.Text!, request.Limit ?? 10)));
    }
}
