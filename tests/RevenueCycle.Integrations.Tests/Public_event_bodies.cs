using System.Text.Json;
using System.Text.Json.Nodes;
using RevenueCycle.Integrations.Catalogue;

namespace RevenueCycle.Integrations.Tests;

/// <summary>
/// An event is recorded in one statement, which joins its body around the sequence (and the patient) only the statement knows
/// (<see cref="EventLog.BodyPieces"/>): the joined text must be exactly what serializing the numbered event gives, as that
/// text is what is signed and delivered.
/// </summary>
public sealed class Public_event_bodies
{
    static readonly Guid Tenant = Guid.CreateVersion7(), Claim = Guid.CreateVersion7(), Patient = Guid.CreateVersion7();

    static PublicEvent Unnumbered(JsonObject data) =>
        new(Guid.CreateVersion7(), "claim.accepted", EventTypes.ApiVersion, Tenant, new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero),
            new PublicResource("claim", Claim), 0, data);

    static string Serialized(PublicEvent e) => JsonSerializer.Serialize(e, EventLog.Json);

    [Theory]
    [InlineData(1L)]
    [InlineData(42L)]
    [InlineData(9_007_199_254_740_993L)]
    public void Joined_around_its_sequence_a_body_is_the_numbered_events_serialization(long sequence)
    {
        var e = Unnumbered(new JsonObject { ["claimId"] = Claim, ["patientId"] = Patient, ["note"] = "total \"sequence\":0, paid" });

        var pieces = EventLog.BodyPieces.Of(e, withPatientLookUp: false);

        Assert.Equal(Serialized(e with { Sequence = sequence }), pieces.Head + sequence + pieces.Tail);
        Assert.Null(pieces.PatientHead);
    }

    [Fact]
    public void A_patient_looked_up_is_added_to_the_data_as_setting_the_property_adds_it()
    {
        var e = Unnumbered(new JsonObject { ["claimId"] = Claim, ["payerClaimNumber"] = "PCN-1" });

        var pieces = EventLog.BodyPieces.Of(e, withPatientLookUp: true);

        var expected = (JsonObject)e.Data.DeepClone();
        expected["patientId"] = Patient;
        Assert.Equal(Serialized(e with { Sequence = 7, Data = expected }), pieces.Head + 7 + pieces.PatientHead + Patient + pieces.PatientTail);
        // None found: the body is the event as it came.
        Assert.Equal(Serialized(e with { Sequence = 7 }), pieces.Head + 7 + pieces.Tail);
        Assert.False(e.Data.ContainsKey("patientId"), "the event's own data is left as it was");
    }

    [Fact]
    public void A_patient_named_as_null_is_replaced_where_it_stands_and_empty_data_gets_it_alone()
    {
        var withNull = Unnumbered(new JsonObject { ["patientId"] = null, ["claimId"] = Claim });
        var pieces = EventLog.BodyPieces.Of(withNull, withPatientLookUp: true);
        Assert.Equal(Serialized(withNull with { Sequence = 3, Data = new JsonObject { ["patientId"] = Patient, ["claimId"] = Claim } }),
            pieces.Head + 3 + pieces.PatientHead + Patient + pieces.PatientTail);

        var empty = Unnumbered([]);
        pieces = EventLog.BodyPieces.Of(empty, withPatientLookUp: true);
        Assert.Equal(Serialized(empty with { Sequence = 3, Data = new JsonObject { ["patientId"] = Patient } }),
            pieces.Head + 3 + pieces.PatientHead + Patient + pieces.PatientTail);
    }
}
