using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Contracts.Coding;

/// <summary>A procedure line as coded: code, up to 4 modifiers, units and up to 4 pointers (1-based) into the diagnoses.</summary>
public sealed record CodedProcedure(string Code, IReadOnlyList<string> Modifiers, decimal Units, IReadOnlyList<int> DiagnosisPointers);

/// <summary>
/// A finalized coding of an encounter. Diagnoses are ICD-10-CM with the dot, the first one principal.
/// It carries the encounter as completed, so Claims can build the claim from this event alone.
/// </summary>
public sealed record EncounterCoded(
    Guid TenantId, Guid EncounterId, EncounterCompleted Encounter, IReadOnlyList<string> Diagnoses,
    IReadOnlyList<CodedProcedure> Procedures, string CodedBy, DateTimeOffset CodedAt);
