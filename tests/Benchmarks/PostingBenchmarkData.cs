using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RevenueCycle.X12;
using RevenueCycle.X12.Remittance;

namespace RevenueCycle.Benchmarks;

/// <summary>
/// The claims Payments knows (as ClaimSubmitted leaves them: claims, claim_lines and their charge entries) and one 835 with ONE
/// transaction set paying them, as a big payer sends a single check for many claims. Most claims are primary claims of ACME paid
/// or denied (one in twenty) by it; one in a hundred is a crossover (another payer was primary; ACME pays as secondary under the
/// primary's CLP01, X221A1 1.10.2.3); one in five hundred is paid, reversed (CLP02 22) and paid again corrected in the same ST;
/// one in a thousand names no claim known here (a posting exception); one in two thousand is CLP02 23; the PLB recoups from one
/// claim (WO) and pays interest (L6).
/// </summary>
public static class PostingBenchmarkData
{
    public const string PayerId = "ACME01";
    public const string PayerName = "ACME HEALTH PLAN";
    static readonly string[] Procedures = ["99213", "99214", "80053", "85025", "93000", "71046", "97110", "36415"];
    static readonly DateOnly ServiceDate = new(2026, 3, 2);

    public static string Pcn(int n) => $"BENCH{n:00000000}";
    static bool IsUnknown(int n) => n % 1000 == 999;
    static bool IsCrossover(int n) => n % 100 == 50;
    static bool IsReversed(int n) => n % 500 == 123;
    static bool IsNotOurs(int n) => n % 2000 == 1234;
    static bool IsDenied(int n) => n % 20 == 7;

    sealed record Line(string Code, string[] Modifiers, decimal Charge);

    static Line[] LinesOf(int n)
    {
        var random = new Random(n);
        return [.. Enumerable.Range(0, 1 + random.Next(4)).Select(i => new Line(Procedures[random.Next(Procedures.Length)],
            random.Next(4) == 0 ? ["25"] : [], 40m + random.Next(4000) / 4m))];
    }

    /// <summary>Claims 1..n for the tenant, with binary COPY: what n ClaimSubmitted events would have left in Payments' tables.</summary>
    public static async Task SeedAsync(NpgsqlConnection connection, Guid tenant, int count)
    {
        var submitted = new DateTimeOffset(2026, 3, 5, 12, 0, 0, TimeSpan.Zero);
        var claims = new List<(Guid Claim, Guid Encounter, string Pcn, string PayerId, string PayerName, string Responsibility, Line[] Lines)>();
        for (var n = 1; n <= count; n++)
        {
            if (IsUnknown(n)) continue;
            var lines = LinesOf(n);
            var encounter = Guid.CreateVersion7();
            if (IsCrossover(n))
            {
                claims.Add((Guid.CreateVersion7(), encounter, Pcn(n), "OTHER01", "OTHER PLAN", "primary", lines));
                claims.Add((Guid.CreateVersion7(), encounter, Pcn(n) + "S", PayerId, PayerName, "secondary", lines));
            }
            else
                claims.Add((Guid.CreateVersion7(), encounter, Pcn(n), PayerId, PayerName, "primary", lines));
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY claims (tenant_id, claim_id, encounter_id, patient_id, patient_control_number, payer_ref, payer_id, payer_name, payer_responsibility, " +
            "frequency, date_of_service, total_charge, submitted_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in claims)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.Claim, NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.Encounter, NpgsqlDbType.Uuid);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.Pcn, NpgsqlDbType.Text);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(c.PayerId, NpgsqlDbType.Text);
                await copy.WriteAsync(c.PayerName, NpgsqlDbType.Text);
                await copy.WriteAsync(c.Responsibility, NpgsqlDbType.Text);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(ServiceDate, NpgsqlDbType.Date);
                await copy.WriteAsync(c.Lines.Sum(l => l.Charge), NpgsqlDbType.Numeric);
                await copy.WriteAsync(submitted, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY claim_lines (tenant_id, claim_id, line_number, procedure_code, modifiers, units, charge, date_of_service) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in claims)
                for (var i = 0; i < c.Lines.Length; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(c.Claim, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(i + 1, NpgsqlDbType.Integer);
                    await copy.WriteAsync(c.Lines[i].Code, NpgsqlDbType.Text);
                    await copy.WriteAsync(c.Lines[i].Modifiers, NpgsqlDbType.Array | NpgsqlDbType.Text);
                    await copy.WriteAsync(1m, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(c.Lines[i].Charge, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(ServiceDate, NpgsqlDbType.Date);
                }
            await copy.CompleteAsync();
        }
        // The charges, and on a secondary claim what the primary settled (60% of each line), as ClaimSubmittedConsumer enters them.
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY ledger_entries (id, tenant_id, claim_id, line_number, kind, bucket, amount, description) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var c in claims)
                for (var i = 0; i < c.Lines.Length; i++)
                {
                    await Entry(copy, tenant, c.Claim, i + 1, "charge", "charge", c.Lines[i].Charge, $"Charge, line {i + 1} {c.Lines[i].Code}");
                    if (c.Responsibility == "secondary")
                        await Entry(copy, tenant, c.Claim, i + 1, "prior-payer", "adjustment", PrimaryShare(c.Lines[i].Charge), "Settled by the earlier payer(s): OTHER PLAN");
                }
            await copy.CompleteAsync();
        }
        await using var analyze = new NpgsqlCommand("ANALYZE claims; ANALYZE claim_lines; ANALYZE ledger_entries", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    static decimal PrimaryShare(decimal charge) => Math.Round(charge * 0.6m, 2);

    static async Task Entry(NpgsqlBinaryImporter copy, Guid tenant, Guid claim, int line, string kind, string bucket, decimal amount, string description)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
        await copy.WriteAsync(tenant, NpgsqlDbType.Uuid);
        await copy.WriteAsync(claim, NpgsqlDbType.Uuid);
        await copy.WriteAsync(line, NpgsqlDbType.Integer);
        await copy.WriteAsync(kind, NpgsqlDbType.Text);
        await copy.WriteAsync(bucket, NpgsqlDbType.Text);
        await copy.WriteAsync(amount, NpgsqlDbType.Numeric);
        await copy.WriteAsync(description, NpgsqlDbType.Text);
    }

    /// <summary>The 835: one ISA, one GS, ONE ST holding a CLP for each of claims 1..n (three for a reversed one); returns the CLP count.</summary>
    public static int Write835(string path, int count, string trace)
    {
        var claims = new List<ClaimPayment>(count + count / 250);
        for (var n = 1; n <= count; n++)
        {
            var lines = LinesOf(n);
            if (IsNotOurs(n)) claims.Add(Claim(n, lines, ClaimStatusCode.NotOurClaimForwarded, 0m));
            else if (IsCrossover(n)) claims.Add(Claim(n, lines, ClaimStatusCode.ProcessedAsSecondary, 0.6m));
            else if (IsReversed(n))
            {
                var first = Claim(n, lines, ClaimStatusCode.ProcessedAsPrimary, 0m);
                claims.Add(first);
                claims.Add(Negate(first));
                claims.Add(Claim(n, lines, ClaimStatusCode.ProcessedAsPrimary, 0m, extraContractual: 5m));
            }
            else claims.Add(Claim(n, lines, IsDenied(n) ? ClaimStatusCode.Denied : ClaimStatusCode.ProcessedAsPrimary, 0m));
        }
        ValueList<ProviderAdjustment> plb =
        [
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2026, 12, 31), ReasonCode = "WO", Reference = Pcn(3), Amount = 10.00m },
            new() { ProviderIdentifier = "1234567893", FiscalPeriodDate = new DateOnly(2026, 12, 31), ReasonCode = "L6", Amount = -3.05m },
        ];
        var created = new DateTime(2026, 3, 20, 12, 0, 0);
        var envelope = new X12Envelope(
            new InterchangeHeader { SenderId = "ACMEHEALTH", ReceiverId = "RIVERSIDEFM", Created = created, ControlNumber = 1 },
            new FunctionalGroupHeader
            {
                FunctionalIdentifierCode = X12Versions.PaymentGroup, ApplicationSenderCode = "ACMEHEALTH", ApplicationReceiverCode = "RIVERSIDEFM",
                Created = created, ControlNumber = 1, Version = X12Versions.Remittance835,
            }, "0001");
        var remittance = new Remittance835
        {
            Envelope = envelope,
            Payment = new PaymentInformation
            {
                HandlingCode = PaymentInformation.RemittanceOnly, Amount = claims.Sum(c => c.PaymentAmount) - plb.Sum(p => p.Amount),
                PaymentMethod = PaymentInformation.AutomatedClearingHouse, PaymentFormat = "CCP",
                SenderAccount = new BankAccount("01", "999999992", "DA", "123456"), OriginatingCompanyIdentifier = "1512345678",
                ReceiverAccount = new BankAccount("01", "888888882", "DA", "98765"), PaymentDate = new DateOnly(2026, 3, 20),
            },
            TraceNumber = trace, PayerIdentifier = "1512345678", ProductionDate = new DateOnly(2026, 3, 19),
            Payer = new RemittanceParty { Name = PayerName, IdQualifier = "XV", Identifier = PayerId },
            Payee = new RemittanceParty { Name = "RIVERSIDE FAMILY MEDICINE", IdQualifier = "XX", Identifier = "1234567893" },
            ClaimGroups = [new ClaimGroup { AssignedNumber = 1, Claims = claims.ToValueList() }],
            ProviderAdjustments = plb,
        };
        using var file = new StreamWriter(path, append: false, System.Text.Encoding.ASCII, bufferSize: 1 << 16);
        Remittance835Writer.Write(file, remittance, new X12WriterOptions { LineBreak = "\n" });
        return claims.Count;
    }

    /// <summary>A balanced CLP: per line a contractual CO-45 (or CO-50 on a denial), coinsurance PR-2, and OA-23 for a prior payer's share.</summary>
    static ClaimPayment Claim(int n, Line[] lines, ClaimStatusCode status, decimal priorShare, decimal extraContractual = 0m)
    {
        var denied = status == ClaimStatusCode.Denied;
        var services = lines.Select((l, i) =>
        {
            var prior = priorShare > 0 ? PrimaryShare(l.Charge) : 0m;
            var contractual = denied || status == ClaimStatusCode.NotOurClaimForwarded ? l.Charge - prior : Math.Round((l.Charge - prior) * 0.3m, 2) + (i == 0 ? extraContractual : 0m);
            var patient = denied || status == ClaimStatusCode.NotOurClaimForwarded ? 0m : Math.Min(l.Charge - prior - contractual, 10m);
            var cas = new List<Adjustment> { new(AdjustmentGroup.Contractual, denied ? "50" : "45", contractual) };
            if (patient > 0) cas.Add(new Adjustment(AdjustmentGroup.PatientResponsibility, "2", patient));
            if (prior > 0) cas.Add(new Adjustment(AdjustmentGroup.Other, "23", prior));
            return new ServicePayment
            {
                Procedure = ProcedureCode.Cpt(l.Code, l.Modifiers), ChargeAmount = l.Charge, PaymentAmount = l.Charge - prior - contractual - patient,
                Units = 1, ServiceDate = ServiceDate, Adjustments = cas.ToValueList(), LineItemControlNumber = $"L{n}-{i + 1}",
            };
        }).ToList();
        return new ClaimPayment
        {
            PatientControlNumber = Pcn(n), Status = status, ChargeAmount = services.Sum(s => s.ChargeAmount), PaymentAmount = services.Sum(s => s.PaymentAmount),
            PatientResponsibilityAmount = services.Sum(s => s.Adjustments.Where(a => a.Group == AdjustmentGroup.PatientResponsibility).Sum(a => a.Amount)),
            ClaimFilingIndicator = "12", PayerClaimControlNumber = $"ACME{n:0000000000}", FacilityCode = "11", Frequency = ClaimFrequency.Original,
            Patient = EntityName.Person("PATIENT", $"FIRST{n % 997}", "MI", $"MEM{n:000000}"),
            StatementFromDate = ServiceDate, StatementToDate = ServiceDate, ServiceLines = services.ToValueList(),
        };
    }

    /// <summary>CLP02 22: the original's amounts with the opposite sign (X221A1 1.10.2.8).</summary>
    static ClaimPayment Negate(ClaimPayment c) => c with
    {
        Status = ClaimStatusCode.Reversal, ChargeAmount = -c.ChargeAmount, PaymentAmount = -c.PaymentAmount, PatientResponsibilityAmount = -c.PatientResponsibilityAmount,
        ServiceLines = c.ServiceLines.Select(s => s with
        {
            ChargeAmount = -s.ChargeAmount, PaymentAmount = -s.PaymentAmount,
            Adjustments = s.Adjustments.Select(a => a with { Amount = -a.Amount }).ToValueList(),
        }).ToValueList(),
    };

    public static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
