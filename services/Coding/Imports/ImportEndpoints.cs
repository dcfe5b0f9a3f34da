using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.ServiceDefaults.Http;

namespace RevenueCycle.Coding.Imports;

/// <summary>
/// <c>POST /api/coding/code-sets/imports/{kind}</c> with an official CMS file as the body (what <c>./rcm codesets import</c>
/// sends). The body is read as it arrives, straight into the importer's COPY, so the ~75,000-line ICD-10-CM order file
/// is never held in memory; a broken line answers 400 with its line number and nothing is imported.
/// </summary>
public static class ImportEndpoints
{
    const long MaxFileBytes = 512L * 1024 * 1024;

    public static readonly IReadOnlyList<string> Kinds = ["icd10cm", "hcpcs", "ncci-ptp", "mue"];

    public static RouteGroupBuilder MapImports(this RouteGroupBuilder group)
    {
        group.MapPost("/code-sets/imports/{kind}", Import).WithTags("Code sets");
        return group;
    }

    static async Task<Results<Ok<ImportReport>, ValidationProblem, ProblemHttpResult>> Import(
        string kind, HttpContext context, CodeSetImporter importer, ILoggerFactory loggers, TimeProvider clock,
        string? effective = null, string? source = null, bool? complete = null)
    {
        // Only the operator's token gets here (Policies.CodeSets on the group): no practice changes shared code sets.
        var v = new Validation();
        v.Check(Kinds.Contains(kind), "kind", $"'{kind}' is not an import kind; use one of {string.Join(", ", Kinds)}.");
        DateOnly releaseEffective = default;
        if (effective is not null)
            v.Check(DateOnly.TryParseExact(effective, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out releaseEffective),
                "effective", "must be a date, YYYY-MM-DD.");
        if (source is not null) v.Check(source.Length is > 0 and <= 200, "source", "must be 1 to 200 characters.");
        // The ICD-10-CM order file and the HCPCS annual file are whole releases: a code missing from them is retired.
        v.Check(!(complete == false && kind is "icd10cm" or "hcpcs"), "complete",
            $"a {kind} file is a complete release (codes missing from it are retired); partial loads apply to ncci-ptp and mue.");
        if (!v.IsValid) return v.Problem();

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var name = source ?? $"{kind} upload {now:yyyy-MM-ddTHH:mm:ssZ}";
        var logger = loggers.CreateLogger("RevenueCycle.Coding.Imports");
        var progress = new Progress<long>(lines => logger.LogInformation("Importing {Kind} from {Source}: {Lines} records read", kind, name, lines));

        // The CMS readers pull lines synchronously; the body is read on this request's own thread as it streams in.
        if (context.Features.Get<IHttpBodyControlFeature>() is { } body) body.AllowSynchronousIO = true;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxFileBytes;
        using var reader = new StreamReader(context.Request.Body, Encoding.Latin1, detectEncodingFromByteOrderMarks: true);
        try
        {
            var report = kind switch
            {
                "icd10cm" => await importer.ImportIcd10CmOrderFileAsync(reader, name,
                    effective is null ? Icd10CmReleaseFor(today) : releaseEffective, progress, context.RequestAborted),
                "hcpcs" => await importer.ImportHcpcsFileAsync(reader, name,
                    effective is null ? new DateOnly(today.Year, 1, 1) : releaseEffective, progress, context.RequestAborted),
                "ncci-ptp" => await importer.ImportNcciPtpFileAsync(reader, name, complete ?? false, progress, context.RequestAborted),
                _ => await importer.ImportMueFileAsync(reader, name, complete ?? true, progress, context.RequestAborted),
            };
            logger.LogInformation("Imported {Kind} from {Source}: {Lines} records, {Added} added, {Changed} changed, {Retired} retired",
                kind, name, report.Lines, report.Added, report.Changed, report.Retired);
            return TypedResults.Ok(report);
        }
        catch (CodeSetFormatException e)
        {
            return TypedResults.Problem(title: "The file has a broken line; nothing was imported.", detail: e.Message,
                statusCode: StatusCodes.Status400BadRequest,
                extensions: new Dictionary<string, object?>
                {
                    ["line"] = e.LineNumber,
                    ["errors"] = new Dictionary<string, string[]> { ["body"] = [$"line {e.LineNumber}: {e.Reason}"] },
                });
        }
    }

    /// <summary>ICD-10-CM releases take effect on 1 October, the start of the federal fiscal year.</summary>
    static DateOnly Icd10CmReleaseFor(DateOnly today) => today.Month >= 10 ? new DateOnly(today.Year, 10, 1) : new DateOnly(today.Year - 1, 10, 1);
}
