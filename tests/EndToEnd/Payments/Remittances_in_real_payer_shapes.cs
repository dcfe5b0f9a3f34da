using System.Net;
using System.Text.Json;
using RevenueCycle.EndToEnd.Platform;

namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// 835s typed by hand in the shape real payers send, not written by our own <see cref="Era"/> builder (which shares our
/// assumptions): a Medicare Administrative Contractor's ERA with its own delimiters, everything on one line, an LX group per
/// claim with TS3/TS2 provider summaries, NM1*QC/82, MOA, claim dates, AMT*AU, CAS segments carrying several triplets,
/// SVC composites with modifiers and units, REF*6R line control numbers, AMT*B6, LQ*HE remarks, and PLB interest.
/// </summary>
public sealed class Remittances_in_real_payer_shapes(PlatformFixture platform)
{
    static decimal D(JsonElement e, string name) => e.GetProperty(name).GetDecimal();

    static (string?, string?) Carc(JsonElement e) =>
        (e.TryGetProperty("group", out var g) ? g.GetString() : null, e.TryGetProperty("carc", out var c) ? c.GetString() : null);

    // X12 005010X221A1: the delimiters are whatever ISA declares (element = ISA's 4th character, repetition ISA11, component ISA16,
    // segment terminator the character after ISA16), and segments need not be on lines of their own. CAS repeats up to six
    // reason/amount/quantity triplets in one segment (CAS02-CAS19). BPR02 = Σ CLP04 − Σ PLB amounts (§1.10.2.12); PLB L6 is
    // interest paid to the provider (a negative PLB amount raises the payment).
    [Fact]
    public async Task A_Medicare_ERA_with_its_own_delimiters_on_one_line_posts_every_claim_line_by_line_and_its_interest()
    {
        await using var payments = await PaymentsDriver.StartAsync(platform);
        var a = PaymentsDriver.Pcn();
        var b = PaymentsDriver.Pcn();
        var claimA = await payments.SubmitClaimAsync(a, [("99214", 150m, ["25"]), ("36415", 25m, [])], payerId: "12502");
        var claimB = await payments.SubmitClaimAsync(b, [("99213", 100m, [])], payerId: "12502");
        var n = PaymentsDriver.NextControlNumber();
        var trace = "EFT" + a;

        string[] segments =
        [
            $"ISA|00|          |00|          |ZZ|{payments.Sender,-15}|ZZ|{Era.Receiver,-15}|261201|0830|^|00501|{n:D9}|0|P|>",
            $"GS|HP|{payments.Sender}|{Era.Receiver}|20261201|0830|{n}|X|005010X221A1",
            "ST|835|35681|005010X221A1",
            "BPR|I|83.65|C|ACH|CCP|01|011000015|DA|1234567|1512345678||01|021000089|DA|987654321|20261203",
            $"TRN|1|{trace}|1512345678",
            "DTM|405|20261201",
            "N1|PR|NOVITAS SOLUTIONS INC|XV|12502",
            "N3|PO BOX 3702",
            "N4|MECHANICSBURG|PA|170551861",
            "PER|BL|PROVIDER CONTACT CENTER|TE|8557159222",
            "PER|IC||UR|WWW.NOVITAS-SOLUTIONS.COM",
            "N1|PE|RIVERSIDE FAMILY MEDICINE|XX|1234567893",
            "N3|100 RIVER RD",
            "N4|SPRINGFIELD|IL|627011234",
            "REF|TJ|370000001",
            "LX|1",
            "TS3|1234567893|11|20261231|2|275",
            $"CLP|{a}|1|175|82.4|35.6|MB|ICN26335000101|11|1",
            "NM1|QC|1|DOE|JANE|Q|||MI|1EG4TE5MK73",
            "NM1|82|1|CURIE|MARIE||||XX|1558444216",
            "MOA|||MA01",
            "DTM|232|20260301",
            "DTM|233|20260301",
            "DTM|050|20261110",
            "AMT|AU|175",
            "SVC|HC>99214>25|150|74.4||1",
            "DTM|472|20260301",
            "CAS|CO|45|42",
            "CAS|PR|1|15||2|18.6",
            "REF|6R|1",
            "AMT|B6|108",
            "SVC|HC>36415|25|8||1",
            "DTM|472|20260301",
            "CAS|CO|45|15",
            "CAS|PR|2|2",
            "REF|6R|2",
            "AMT|B6|10",
            "LQ|HE|N130",
            "LX|2",
            $"CLP|{b}|4|100|0|0|MB|ICN26335000102|11|1",
            "NM1|QC|1|ROE|RICHARD|||||MI|2FH5UF6NL84",
            "NM1|82|1|CURIE|MARIE||||XX|1558444216",
            "MOA|||MA130",
            "SVC|HC>99213|100|0||1",
            "DTM|472|20260301",
            "CAS|CO|16|100",
            "REF|6R|1",
            "LQ|HE|M51",
            "PLB|1234567893|20261231|L6>ICN26335000101|-1.25",
        ];
        var body = string.Join("~", segments.Concat([$"SE|{segments.Length - 2 + 1}|35681", $"GE|1|{n}", $"IEA|1|{n:D9}"])) + "~";

        var id = await payments.PostAcceptedAsync(body);

        var paid = await payments.AssertBalancedAsync(claimA.ClaimId);
        Assert.Equal((175m, 82.4m, 57m, 35.6m, 0m), (D(paid, "charge"), D(paid, "insurancePaid"), D(paid, "adjustments"), D(paid, "patientResponsibility"), D(paid, "insuranceBalance")));
        var lines = paid.GetProperty("lines").EnumerateArray().ToList();
        Assert.Equal((74.4m, 42m, 33.6m), (D(lines[0], "insurancePaid"), D(lines[0], "adjustments"), D(lines[0], "patientResponsibility")));
        Assert.Equal((8m, 15m, 2m), (D(lines[1], "insurancePaid"), D(lines[1], "adjustments"), D(lines[1], "patientResponsibility")));
        // Deductible (PR-1) and coinsurance (PR-2) arrived as two triplets of one CAS: both are on the ledger.
        var entries = paid.GetProperty("entries").EnumerateArray().ToList();
        Assert.Contains(entries, e => Carc(e) == ("PR", "1") && D(e, "amount") == 15m);
        Assert.Contains(entries, e => Carc(e) == ("PR", "2") && D(e, "amount") == 18.6m);

        var denied = await payments.AssertBalancedAsync(claimB.ClaimId);
        Assert.Equal((0m, 100m, 100m), (D(denied, "insurancePaid"), D(denied, "insuranceBalance"), D(denied, "denied")));

        var reconciliation = (await payments.GetAsync($"/api/remittances/{id}")).GetProperty("reconciliation");
        Assert.Equal((83.65m, 82.4m, 1.25m, 0m, true), (D(reconciliation, "paymentAmount"), D(reconciliation, "claimsPaid"),
            D(reconciliation, "interestIncome"), D(reconciliation, "difference"), reconciliation.GetProperty("balanced").GetBoolean()));
        var payer = Assert.Single((await payments.GetAsync("/api/payments/provider-ledger")).GetProperty("payers").EnumerateArray());
        Assert.Equal(1.25m, D(payer, "interestIncome"));
    }
}
