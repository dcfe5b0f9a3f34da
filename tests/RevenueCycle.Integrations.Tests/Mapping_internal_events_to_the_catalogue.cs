using System.Reflection;
using System.Text.Json;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.Integrations.Catalogue;

namespace RevenueCycle.Integrations.Tests;

public sealed class Mapping_internal_events_to_the_catalogue
{
    static readonly Guid Tenant = Guid.CreateVersion7(), Patient = Guid.CreateVersion7(), ClaimId = Guid.CreateVersion7();
    static readonly DateTimeOffset At = new(2026, 12, 1, 15, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_denial_is_claim_denied_about_its_claim_with_the_reason_codes()
    {
        var e = CatalogueMapping.Map(new ClaimDenied(Tenant, ClaimId, Patient, "PCN-1", "50", "N115", "medical-necessity", At));

        Assert.Equal("claim.denied", e.Type);
        Assert.Equal(new ResourceRef("claim", ClaimId), e.Resource);
        Assert.Equal(Tenant, e.TenantId);
        Assert.Equal(At, e.OccurredAt);
        Assert.Equal(ClaimId, e.Data["claimId"]!.GetValue<Guid>());
        Assert.Equal(Patient, e.Data["patientId"]!.GetValue<Guid>());
        Assert.Equal("50", (string?)e.Data["carc"]);
        Assert.Equal("N115", (string?)e.Data["rarc"]);
        Assert.Equal("medical-necessity", (string?)e.Data["category"]);
    }

    [Fact]
    public void A_registered_patient_is_told_by_ids_without_name_birth_date_or_address()
    {
        var e = CatalogueMapping.Map(new PatientRegistered(Tenant, Patient, "MRN-7", "Ada", "Lovelace", new DateOnly(1980, 12, 10), "F",
            new Address("1 Main St", null, "Springfield", "IL", "627011234"), "2175550100", At));

        var json = e.Data.ToJsonString();
        Assert.Equal("patient.registered", e.Type);
        Assert.Equal(["mrn", "patientId"], e.Data.Select(p => p.Key).Order());
        foreach (var phi in new[] { "Ada", "Lovelace", "1980", "Main", "62701", "2175550100" })
            Assert.DoesNotContain(phi, json);
    }

    [Fact]
    public void Only_a_held_scrub_is_public_and_it_lists_the_findings()
    {
        var clean = new ClaimScrubbed(Tenant, ClaimId, "PCN-1", false, [], At);
        var held = clean with { Held = true, Findings = [new ScrubFinding("npi", "error", "The rendering NPI fails its check digit.", "renderingProvider.npi")] };

        Assert.Null(CatalogueMapping.Map(clean));
        var e = CatalogueMapping.Map(held)!;
        Assert.Equal("claim.held", e.Type);
        Assert.Equal("npi", (string?)e.Data["findings"]![0]!["rule"]);
    }

    [Fact]
    public void A_submitted_claim_names_its_payer_charge_and_frequency()
    {
        var e = CatalogueMapping.Map(new ClaimSubmitted(Tenant, ClaimId, Guid.CreateVersion7(), Patient, "PCN-1", null, Guid.CreateVersion7(), "60054",
            "Aetna", "primary", 1, null, new DateOnly(2026, 11, 30), 150.00m,
            [new ClaimLineInfo(1, "99213", [], 1, 150.00m, new DateOnly(2026, 11, 30))], At));

        Assert.Equal("claim.submitted", e.Type);
        Assert.Equal("60054", (string?)e.Data["payerId"]);
        Assert.Equal(150.00m, e.Data["totalCharge"]!.GetValue<decimal>());
        Assert.Equal(1, e.Data["frequency"]!.GetValue<int>());
        Assert.Equal("2026-11-30", (string?)e.Data["dateOfService"]);
    }

    [Fact]
    public void Every_catalogue_type_has_a_mapping_and_every_mapping_gives_a_catalogue_type()
    {
        var produced = new HashSet<string>();
        foreach (var method in typeof(CatalogueMapping).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.Name == "Map"))
        {
            var input = Sample(method.GetParameters().Single().ParameterType);
            var draft = (EventDraft?)method.Invoke(null, [input]);
            if (draft is null) continue;
            Assert.True(EventTypes.IsKnown(draft.Type), $"{method.GetParameters()[0].ParameterType.Name} maps to {draft.Type}, not in the catalogue");
            Assert.Equal(Tenant, draft.TenantId);
            produced.Add(draft.Type);
        }
        Assert.Equal(EventTypes.All.Keys.Order(), produced.Order());
    }

    /// <summary>An internal event with every field filled: the tenant, ids, text and a held scrub, from its JSON.</summary>
    static object Sample(Type type)
    {
        var json = JsonSerializer.Serialize(Fill(type, 0), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return JsonSerializer.Deserialize(json, type, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    static object? Fill(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "X1";
        if (type == typeof(Guid)) return Tenant;
        if (type == typeof(bool)) return true;
        if (type == typeof(int) || type == typeof(long)) return 1;
        if (type == typeof(decimal)) return 1.5m;
        if (type == typeof(DateOnly)) return new DateOnly(2026, 11, 30);
        if (type == typeof(DateTimeOffset)) return At;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = Fill(type.GetGenericArguments()[0], depth + 1);
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()[0]))!;
            list.Add(element);
            return list;
        }
        if (depth > 4) return null;
        var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return ctor.Invoke([.. ctor.GetParameters().Select(p => Fill(p.ParameterType, depth + 1))]);
    }
}
