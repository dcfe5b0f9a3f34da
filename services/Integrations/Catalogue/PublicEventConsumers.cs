using MassTransit;
using Npgsql;
using RevenueCycle.Contracts.Claims;
using RevenueCycle.Contracts.Coding;
using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.Contracts.Payments;
using RevenueCycle.Contracts.Registration;

namespace RevenueCycle.Integrations.Catalogue;

/// <summary>
/// One unit of work for every internal event the catalogue publishes: one statement records the message in the inbox and the
/// public event with its deliveries (<see cref="EventLog.AppendAsync"/>), a transaction of its own. A redelivered message finds
/// its inbox row and adds nothing, so an event keeps the one id it was given. An internal event that makes no public one
/// changes nothing, so there is nothing to record.
/// </summary>
public sealed class PublicEvents(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task AppendAsync<T>(ConsumeContext<T> context, EventDraft? draft, string consumer) where T : class
    {
        if (draft is null) return;
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        await using var connection = await db.OpenConnectionAsync(context.CancellationToken);
        await EventLog.AppendAsync(connection, null, draft, clock.GetUtcNow(), inbox: new EventLog.InboxEntry(messageId, consumer));
    }
}

public sealed class PatientRegisteredConsumer(PublicEvents events) : IConsumer<PatientRegistered>
{
    public Task Consume(ConsumeContext<PatientRegistered> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(PatientRegisteredConsumer));
}

public sealed class CoverageChangedConsumer(PublicEvents events) : IConsumer<CoverageChanged>
{
    public Task Consume(ConsumeContext<CoverageChanged> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(CoverageChangedConsumer));
}

public sealed class EligibilityVerifiedConsumer(PublicEvents events) : IConsumer<EligibilityVerified>
{
    public Task Consume(ConsumeContext<EligibilityVerified> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(EligibilityVerifiedConsumer));
}

public sealed class EncounterCompletedConsumer(PublicEvents events) : IConsumer<EncounterCompleted>
{
    public Task Consume(ConsumeContext<EncounterCompleted> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(EncounterCompletedConsumer));
}

public sealed class EncounterCodedConsumer(PublicEvents events) : IConsumer<EncounterCoded>
{
    public Task Consume(ConsumeContext<EncounterCoded> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(EncounterCodedConsumer));
}

public sealed class ClaimCreatedConsumer(PublicEvents events) : IConsumer<ClaimCreated>
{
    public Task Consume(ConsumeContext<ClaimCreated> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimCreatedConsumer));
}

public sealed class ClaimScrubbedConsumer(PublicEvents events) : IConsumer<ClaimScrubbed>
{
    public Task Consume(ConsumeContext<ClaimScrubbed> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimScrubbedConsumer));
}

public sealed class ClaimSubmittedConsumer(PublicEvents events) : IConsumer<ClaimSubmitted>
{
    public Task Consume(ConsumeContext<ClaimSubmitted> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimSubmittedConsumer));
}

public sealed class ClaimAcceptedConsumer(PublicEvents events) : IConsumer<ClaimAccepted>
{
    public Task Consume(ConsumeContext<ClaimAccepted> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimAcceptedConsumer));
}

public sealed class ClaimRejectedConsumer(PublicEvents events) : IConsumer<ClaimRejected>
{
    public Task Consume(ConsumeContext<ClaimRejected> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimRejectedConsumer));
}

public sealed class ClaimDeniedConsumer(PublicEvents events) : IConsumer<ClaimDenied>
{
    public Task Consume(ConsumeContext<ClaimDenied> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimDeniedConsumer));
}

public sealed class ClaimPaidConsumer(PublicEvents events) : IConsumer<ClaimPaid>
{
    public Task Consume(ConsumeContext<ClaimPaid> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimPaidConsumer));
}

public sealed class ClaimStatusCheckedConsumer(PublicEvents events) : IConsumer<ClaimStatusChecked>
{
    public Task Consume(ConsumeContext<ClaimStatusChecked> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(ClaimStatusCheckedConsumer));
}

public sealed class RemittanceReceivedConsumer(PublicEvents events) : IConsumer<RemittanceReceived>
{
    public Task Consume(ConsumeContext<RemittanceReceived> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(RemittanceReceivedConsumer));
}

public sealed class PatientBalanceChangedConsumer(PublicEvents events) : IConsumer<PatientBalanceChanged>
{
    public Task Consume(ConsumeContext<PatientBalanceChanged> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(PatientBalanceChangedConsumer));
}

public sealed class StatementIssuedConsumer(PublicEvents events) : IConsumer<StatementIssued>
{
    public Task Consume(ConsumeContext<StatementIssued> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(StatementIssuedConsumer));
}

public sealed class PatientPaymentReceivedConsumer(PublicEvents events) : IConsumer<PatientPaymentReceived>
{
    public Task Consume(ConsumeContext<PatientPaymentReceived> c) => events.AppendAsync(c, CatalogueMapping.Map(c.Message), nameof(PatientPaymentReceivedConsumer));
}

/// <summary>
/// Every internal event the catalogue takes comes through one queue, handled one at a time: Integrations then records a
/// service's events in the order its outbox published them (claim.created, claim.held, claim.submitted of one claim), so
/// their per-resource sequence numbers and their deliveries follow that order. A consumer with a queue of its own would
/// overtake its neighbours.
/// </summary>
public static class PublicEventConsumers
{
    public const string DefaultQueue = "integrations-public-events";

    /// <summary>
    /// Deliveries the broker may push ahead of the one being handled. Handling stays one at a time and in queue order: MassTransit
    /// 8.5 opens the endpoint's channel with a consumer dispatch concurrency of its <c>ConcurrentMessageLimit</c> (1), and each
    /// delivery's handler is awaited to its acknowledgement before the next starts. Without it (a prefetch of 1), every event
    /// waited a broker round trip for the next after its commit, and under load the queue backed up to ~3,000 events (issue 20).
    /// A consumer that stops hands its unacknowledged deliveries back to the queue in their order.
    /// </summary>
    public const int Prefetch = 64;

    /// <summary><c>Integrations:Queue</c>: another deployment of Integrations on the same broker (or a test's) takes the events on a queue of its own.</summary>
    public static string QueueName(IConfiguration configuration) => configuration["Integrations:Queue"] ?? DefaultQueue;

    public static void Add(IBusRegistrationConfigurator bus, string queue)
    {
        void Ordered<T>(IBusRegistrationConfigurator registration) where T : class, IConsumer =>
            registration.AddConsumer<T>().Endpoint(e =>
            {
                e.Name = queue;
                e.ConcurrentMessageLimit = 1;
                e.PrefetchCount = Prefetch;
            });

        // Several Integrations replicas (they share the deliveries): one of them consumes the queue at a time, the others stand
        // by and take over when it goes (RabbitMQ's single active consumer), so the order holds across replicas too.
        bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
        {
            if (name == queue && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SingleActiveConsumer = true;
        });
        Ordered<PatientRegisteredConsumer>(bus);
        Ordered<CoverageChangedConsumer>(bus);
        Ordered<EligibilityVerifiedConsumer>(bus);
        Ordered<EncounterCompletedConsumer>(bus);
        Ordered<EncounterCodedConsumer>(bus);
        Ordered<ClaimCreatedConsumer>(bus);
        Ordered<ClaimScrubbedConsumer>(bus);
        Ordered<ClaimSubmittedConsumer>(bus);
        Ordered<ClaimAcceptedConsumer>(bus);
        Ordered<ClaimRejectedConsumer>(bus);
        Ordered<ClaimDeniedConsumer>(bus);
        Ordered<ClaimPaidConsumer>(bus);
        Ordered<ClaimStatusCheckedConsumer>(bus);
        Ordered<RemittanceReceivedConsumer>(bus);
        Ordered<PatientBalanceChangedConsumer>(bus);
        Ordered<StatementIssuedConsumer>(bus);
        Ordered<PatientPaymentReceivedConsumer>(bus);
    }
}
