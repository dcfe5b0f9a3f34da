using RevenueCycle.Contracts.PatientBilling;
using RevenueCycle.Payments.Patients;

namespace RevenueCycle.Payments.Tests;

/// <summary>
/// Payments keeps copies of PatientBilling's figures (patients' balances for days in AR, their payments and refunds for the net
/// collection rate) with one statement each and no inbox: the broker delivers at least once, so a redelivered event must leave
/// the copy as it was, and events of one account may arrive in any order. Against a real database.
/// </summary>
public sealed class Copying_patient_balances_and_collections : IAsyncLifetime
{
    readonly PaymentsDatabase db = new();
    readonly Guid tenant = Guid.CreateVersion7(), patient = Guid.CreateVersion7();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => db.InitializeAsync();
    public ValueTask DisposeAsync() => db.DisposeAsync();

    PatientBalanceChanged Balance(long version, decimal owed) =>
        new(tenant, patient, version, owed, 0m, new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(version));

    [Fact]
    public async Task A_balance_delivered_twice_is_kept_once_and_states_arriving_out_of_order_are_all_kept()
    {
        Assert.True(await PatientBalances.RecordAsync(db.DataSource, Balance(2, 40m), Ct));
        Assert.True(await PatientBalances.RecordAsync(db.DataSource, Balance(1, 25m), Ct)); // the older state, later
        Assert.False(await PatientBalances.RecordAsync(db.DataSource, Balance(2, 40m), Ct)); // redelivered

        var rows = await db.QueryAsync<(long Version, decimal Owed)>(
            "SELECT version, owed FROM patient_balances WHERE tenant_id = @tenant AND patient_id = @patient ORDER BY version", new { tenant, patient });
        Assert.Equal([(1L, 25m), (2L, 40m)], rows);
    }

    [Fact]
    public async Task A_payment_or_refund_delivered_twice_is_counted_once_the_refund_negative()
    {
        var payment = Guid.CreateVersion7();
        var refund = Guid.CreateVersion7();
        var day = new DateOnly(2026, 3, 2);
        Assert.True(await PatientCollections.RecordAsync(db.DataSource, tenant, payment, patient, "payment", 30m, "card", "AUTH1", day, Ct));
        Assert.False(await PatientCollections.RecordAsync(db.DataSource, tenant, payment, patient, "payment", 30m, "card", "AUTH1", day, Ct));
        Assert.True(await PatientCollections.RecordAsync(db.DataSource, tenant, refund, patient, "refund", -10m, null, null, day, Ct));
        Assert.False(await PatientCollections.RecordAsync(db.DataSource, tenant, refund, patient, "refund", -10m, null, null, day, Ct));

        Assert.Equal(2L, await db.ScalarAsync<long>("SELECT count(*) FROM patient_collections WHERE tenant_id = @tenant", new { tenant }));
        Assert.Equal(20m, await db.ScalarAsync<decimal>("SELECT sum(amount) FROM patient_collections WHERE tenant_id = @tenant", new { tenant }));
    }
}
