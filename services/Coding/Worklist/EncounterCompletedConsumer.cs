using Dapper;
using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Registration;
using RevenueCycle.ServiceDefaults.Messaging;

namespace RevenueCycle.Coding.Worklist;

/// <summary>
/// Puts a completed encounter on the coding work queue, keeping everything the edits and the claim need
/// (the patient's birth date and sex, the date and place of service, the note, the whole event).
/// A redelivered message finds its inbox row; a second EncounterCompleted for the same encounter finds its item.
/// </summary>
public sealed class EncounterCompletedConsumer(NpgsqlDataSource db) : IConsumer<EncounterCompleted>
{
    public async Task Consume(ConsumeContext<EncounterCompleted> context)
    {
        var e = context.Message;
        await using var work = await Inbox.BeginAsync(db, context, nameof(EncounterCompletedConsumer));
        if (work is null) return;
        var (connection, tx) = work;
        await connection.ExecuteAsync(
            """
            INSERT INTO coding_items (id, tenant_id, encounter_id, patient_id, patient_name, patient_birth_date, patient_sex,
                                      provider_id, provider_name, date_of_service, place_of_service, note, encounter)
            VALUES (@Id, @TenantId, @EncounterId, @PatientId, @PatientName, @BirthDate, @Sex,
                    @ProviderId, @ProviderName, @DateOfService, @PlaceOfService, @Note, @Encounter::jsonb)
            ON CONFLICT (encounter_id) DO NOTHING
            """,
            new
            {
                Id = Guid.CreateVersion7(),
                e.TenantId,
                e.EncounterId,
                PatientId = e.Patient.Id,
                PatientName = $"{e.Patient.FirstName} {e.Patient.LastName}",
                BirthDate = e.Patient.DateOfBirth,
                e.Patient.Sex,
                ProviderId = e.RenderingProvider.Id,
                ProviderName = $"{e.RenderingProvider.FirstName} {e.RenderingProvider.LastName}",
                e.DateOfService,
                e.PlaceOfService,
                e.Note,
                Encounter = StoredJson.Write(e),
            }, tx);
        await tx.CommitAsync(context.CancellationToken);
    }
}
