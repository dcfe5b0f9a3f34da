using System.Text.Json;
using RevenueCycle.Coding.CodeSets;
using RevenueCycle.Coding.Edits;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Coding.Worklist;

/// <summary>The statuses of a coding item: received, codes saved but not final, finalized (EncounterCoded sent).</summary>
public static class CodingStatus
{
    public const string Ready = "ready";
    public const string InProgress = "in-progress";
    public const string Coded = "coded";

    public static bool IsKnown(string? status) => status is Ready or InProgress or Coded;
}

/// <summary>One row of <c>coding_items</c>; the jsonb columns arrive as text.</summary>
public sealed record CodingItemRow
{
    public Guid Id { get; init; }
    public Guid TenantId { get; init; }
    public Guid EncounterId { get; init; }
    public Guid PatientId { get; init; }
    public string PatientName { get; init; } = "";
    public DateOnly PatientBirthDate { get; init; }
    public string PatientSex { get; init; } = "";
    public Guid ProviderId { get; init; }
    public string ProviderName { get; init; } = "";
    public DateOnly DateOfService { get; init; }
    public string PlaceOfService { get; init; } = "";
    public string? Note { get; init; }
    public string Encounter { get; init; } = "{}";
    public string Status { get; init; } = "";
    public string Diagnoses { get; init; } = "[]";
    public string Procedures { get; init; } = "[]";
    public string Edits { get; init; } = "[]";
    public string? CodedBy { get; init; }
    public DateTimeOffset? SavedAt { get; init; }
    public string? FinalizedBy { get; init; }
    public DateTimeOffset? FinalizedAt { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }

    public EncounterFacts Facts() => new(DateOfService, PlaceOfService, PatientBirthDate, SexCodes.Parse(PatientSex));

    public CodingSubmission Coding() => new(StoredJson.Read<List<string>>(Diagnoses), StoredJson.Read<List<ProcedureLine>>(Procedures));

    public EncounterCompleted CompletedEvent() => StoredJson.Read<EncounterCompleted>(Encounter);

    public const string Columns = """
        id, tenant_id, encounter_id, patient_id, patient_name, patient_birth_date, patient_sex, provider_id, provider_name,
        date_of_service, place_of_service, note, encounter::text AS encounter, status, diagnoses::text AS diagnoses,
        procedures::text AS procedures, edits::text AS edits, coded_by, saved_at, finalized_by, finalized_at, received_at
        """;
}

/// <summary>How the service writes its jsonb columns: the web defaults (camelCase), the same as the outbox.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}
