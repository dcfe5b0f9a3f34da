using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RevenueCycle.ServiceDefaults.Auth;

namespace RevenueCycle.ServiceDefaults.Http;

/// <summary>The patients one response disclosed, gathered while it is built.</summary>
public sealed class DisclosedPatients
{
    public HashSet<Guid> PatientIds { get; } = [];
    public HashSet<Guid> ClaimIds { get; } = [];
}

/// <summary>A service whose answers name claims rather than patients (Payments) says whose claims they are.</summary>
public interface IPatientsOfClaims
{
    Task<IEnumerable<Guid>> PatientsOfClaimsAsync(Guid tenantId, IReadOnlyCollection<Guid> claimIds, CancellationToken ct);
}

/// <summary>
/// Whose claims they are, from the service's own <c>claims</c> table (tenant_id, patient_id and the claim's id in
/// <paramref name="claimIdColumn"/>): Claims keeps its claims by <c>id</c>, Payments its copy from ClaimSubmitted by <c>claim_id</c>.
/// </summary>
public sealed class PatientsOfClaimsTable(Npgsql.NpgsqlDataSource db, string claimIdColumn) : IPatientsOfClaims
{
    readonly string sql = $"SELECT DISTINCT patient_id FROM claims WHERE tenant_id = @Tenant AND {claimIdColumn} = ANY(@Claims)";

    public async Task<IEnumerable<Guid>> PatientsOfClaimsAsync(Guid tenantId, IReadOnlyCollection<Guid> claimIds, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await Dapper.SqlMapper.QueryAsync<Guid>(connection, new Dapper.CommandDefinition(sql,
            new { Tenant = tenantId, Claims = claimIds.ToArray() }, cancellationToken: ct));
    }
}

public static class PatientDisclosure
{
    /// <summary>The response header the gateway takes off every answer and records with its audit row.</summary>
    public const string Header = "X-Disclosed-Patients";

    /// <summary>Ids in one header (37 bytes each, well under the 64 KB the gateway's proxy reads); the rest are counted in <see cref="OmittedHeader"/>.</summary>
    public const int MaxInHeader = 1000;
    public const string OmittedHeader = "X-Disclosed-Patients-Omitted";

    /// <summary>
    /// Names patients an answer discloses that its JSON does not name as <c>patientId</c> (a patient resource's own <c>id</c>, an
    /// HTML statement, an X12 file).
    /// </summary>
    public static void DisclosePatients(this HttpContext context, IEnumerable<Guid> patientIds)
    {
        if (context.Features.Get<DisclosedPatients>() is { } disclosed) disclosed.PatientIds.UnionWith(patientIds);
    }

    public static void DisclosePatients(this HttpContext context, params Guid[] patientIds) => context.DisclosePatients((IEnumerable<Guid>)patientIds);

    /// <summary>Names claims an answer discloses without a <c>claimId</c> in JSON (a raw 835), for <see cref="IPatientsOfClaims"/>.</summary>
    public static void DiscloseClaims(this HttpContext context, IEnumerable<Guid> claimIds)
    {
        if (context.Features.Get<DisclosedPatients>() is { } disclosed) disclosed.ClaimIds.UnionWith(claimIds);
    }

    /// <summary>Every <c>patientId</c> (and <c>claimId</c>, for <see cref="IPatientsOfClaims"/>) a JSON answer holds, at any depth.</summary>
    internal static void Scan(ReadOnlySpan<byte> json, DisclosedPatients into)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var property = Property.Other;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.ValueTextEquals("patientId"u8) ? Property.Patient : reader.ValueTextEquals("claimId"u8) ? Property.Claim : Property.Other;
                        break;
                    case JsonTokenType.String when property != Property.Other && reader.TryGetGuid(out var id):
                        (property == Property.Patient ? into.PatientIds : into.ClaimIds).Add(id);
                        property = Property.Other;
                        break;
                    case JsonTokenType.StartArray:
                        break;
                    default:
                        property = Property.Other;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: what was read is kept.
        }
    }

    enum Property { Other, Patient, Claim }
}

/// <summary>
/// Tells the gateway which patients each answer disclosed (HIPAA §164.312(b) audit controls, §164.528 accounting of disclosures):
/// the ids the endpoint named with <see cref="PatientDisclosure.DisclosePatients(HttpContext, IEnumerable{Guid})"/>, every
/// <c>patientId</c> in a JSON answer, and the patients of every <c>claimId</c> where the service resolves them. A new endpoint whose
/// answer names its patients as <c>patientId</c> cannot forget to disclose them.
/// </summary>
public sealed class PatientDisclosureMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }
        var disclosed = new DisclosedPatients();
        context.Features.Set(disclosed);
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode is >= 200 and < 300
            && context.Response.ContentType is { } type && type.Contains("json", StringComparison.OrdinalIgnoreCase))
            PatientDisclosure.Scan(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), disclosed);
        if (disclosed.ClaimIds.Count > 0 && context.RequestServices.GetService<IPatientsOfClaims>() is { } claims
            && context.User.Identity?.IsAuthenticated == true)
            disclosed.PatientIds.UnionWith(await claims.PatientsOfClaimsAsync(context.User.TenantId(), disclosed.ClaimIds, context.RequestAborted));
        if (disclosed.PatientIds.Count > 0 && !context.Response.HasStarted)
        {
            context.Response.Headers[PatientDisclosure.Header] = string.Join(',', disclosed.PatientIds.Take(PatientDisclosure.MaxInHeader));
            if (disclosed.PatientIds.Count > PatientDisclosure.MaxInHeader)
                context.Response.Headers[PatientDisclosure.OmittedHeader] = (disclosed.PatientIds.Count - PatientDisclosure.MaxInHeader).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}
