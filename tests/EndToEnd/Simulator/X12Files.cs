using System.Globalization;

namespace RevenueCycle.EndToEnd.Simulator;

/// <summary>One service line of a test claim.</summary>
public sealed record Line(string Code, decimal Charge, DateOnly Date, params string[] Pointers);

/// <summary>A test claim: what varies between the simulator's scenarios; the rest is a fixed, valid 837P.</summary>
public sealed record TestClaim(string PatientControlNumber, string PayerId, string MemberId, params Line[] Lines)
{
    public string[] Diagnoses { get; init; } = ["J449"];
    public int Frequency { get; init; } = 1;
    public string? PayerClaimNumber { get; init; }
    public string? PriorAuthorization { get; init; }
    public string Responsibility { get; init; } = "P";

    /// <summary>2320/2330 of a secondary claim: the primary paid this and left this patient responsibility (claim-level CAS PR).</summary>
    public (decimal Paid, decimal Contractual, decimal PatientResponsibility)? Primary { get; init; }

    /// <summary>2320 AMT*EAF with <see cref="Primary"/>: the patient liability the primary left (X222A1 remaining patient liability).</summary>
    public bool PrimaryRemainingLiability { get; init; }

    /// <summary>CLM05-1.</summary>
    public string PlaceOfService { get; init; } = "11";

    /// <summary>2310C NM1*77 with N3/N4: the facility where care was given.</summary>
    public string? ServiceFacility { get; init; }

    /// <summary>2000B SBR09.</summary>
    public string ClaimFilingCode { get; init; } = "CI";

    /// <summary>2000B SBR05 (e.g. 12, working aged: Medicare secondary to an employer plan).</summary>
    public string? InsuranceTypeCode { get; init; }

    public decimal Total => Lines.Sum(l => l.Charge);
}

/// <summary>
/// Real X12 text for the simulator's tests, written segment by segment from the implementation guides
/// (X222A1 for the 837P, X279A1 for the 270), so the tests do not lean on the library the simulator uses.
/// </summary>
public static class X12Files
{
    static string Money(decimal amount) => amount.ToString("0.##", CultureInfo.InvariantCulture);
    static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Claims(string submitterId, int interchangeControlNumber, IEnumerable<TestClaim> claims, int? segmentCountOverride = null)
    {
        var body = new List<string>
        {
            "BHT*0019*00*BATCH-" + interchangeControlNumber + "*20240315*0930*CH",
            "NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*" + submitterId,
            "PER*IC*BILLING OFFICE*TE*2175550100",
            "NM1*40*2*RCM SIMULATOR*****46*CLEARINGHOUSE",
        };
        var hl = 0;
        foreach (var claim in claims)
        {
            var provider = ++hl;
            body.Add($"HL*{provider}**20*1");
            body.Add("PRV*BI*PXC*207Q00000X");
            body.Add("NM1*85*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893");
            body.Add("N3*12 MAIN ST");
            body.Add("N4*SPRINGFIELD*IL*627010000");
            body.Add("REF*EI*371234567");
            body.Add($"HL*{++hl}*{provider}*22*0");
            body.Add($"SBR*{claim.Responsibility}*18*GRP100**{claim.InsuranceTypeCode}****{claim.ClaimFilingCode}");
            body.Add($"NM1*IL*1*DOE*JANE****MI*{claim.MemberId}");
            body.Add("N3*45 OAK AVE");
            body.Add("N4*SPRINGFIELD*IL*627020000");
            body.Add("DMG*D8*19800512*F");
            body.Add($"NM1*PR*2*PAYER {claim.PayerId}*****PI*{claim.PayerId}");
            body.Add($"CLM*{claim.PatientControlNumber}*{Money(claim.Total)}***{claim.PlaceOfService}:B:{claim.Frequency}*Y*A*Y*Y");
            if (claim.PayerClaimNumber is { } f8) body.Add("REF*F8*" + f8);
            if (claim.PriorAuthorization is { } g1) body.Add("REF*G1*" + g1);
            body.Add("HI*" + string.Join("*", claim.Diagnoses.Select((d, i) => (i == 0 ? "ABK:" : "ABF:") + d)));
            if (claim.ServiceFacility is { } facility)
            {
                body.Add($"NM1*77*2*{facility}*****XX*1457389203");
                body.Add("N3*900 HOSPITAL DR");
                body.Add("N4*SPRINGFIELD*IL*627040000");
            }
            if (claim.Primary is { } primary)
            {
                body.Add("SBR*P*18*******CI");
                body.Add($"CAS*CO*45*{Money(primary.Contractual)}");
                body.Add($"CAS*PR*2*{Money(primary.PatientResponsibility)}");
                body.Add($"AMT*D*{Money(primary.Paid)}");
                if (claim.PrimaryRemainingLiability) body.Add($"AMT*EAF*{Money(primary.PatientResponsibility)}");
                body.Add("OI***Y***Y");
                body.Add("NM1*IL*1*DOE*JANE****MI*PRIMARY1");
                body.Add("NM1*PR*2*PRIMARY PLAN*****PI*PRIM01");
            }
            var number = 0;
            foreach (var line in claim.Lines)
            {
                body.Add($"LX*{++number}");
                var pointers = line.Pointers.Length == 0 ? "1" : string.Join(":", line.Pointers);
                body.Add($"SV1*HC:{line.Code}*{Money(line.Charge)}*UN*1***{pointers}");
                body.Add($"DTP*472*D8*{Date(line.Date)}");
            }
        }
        return Envelope(submitterId, interchangeControlNumber, "HC", "837", "005010X222A1", body, segmentCountOverride);
    }

    public static string Eligibility(string submitterId, int interchangeControlNumber, string payerId, string memberId, DateOnly serviceDate) =>
        Envelope(submitterId, interchangeControlNumber, "HS", "270", "005010X279A1",
        [
            "BHT*0022*13*REQ" + interchangeControlNumber + "*20240315*0930",
            "HL*1**20*1",
            $"NM1*PR*2*PAYER {payerId}*****PI*{payerId}",
            "HL*2*1*21*1",
            "NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893",
            "HL*3*2*22*0",
            "TRN*1*TRACE" + interchangeControlNumber + "*9RIVERSIDE",
            $"NM1*IL*1*DOE*JANE****MI*{memberId}",
            "DMG*D8*19800512*F",
            $"DTP*291*D8*{Date(serviceDate)}",
            "EQ*30",
        ], null);

    /// <summary>A 276 (005010X212) asking about the claim with CLM01 <paramref name="patientControlNumber"/>.</summary>
    public static string ClaimStatus(string submitterId, int interchangeControlNumber, string payerId, string memberId, string patientControlNumber, DateOnly serviceDate) =>
        Envelope(submitterId, interchangeControlNumber, "HR", "276", "005010X212",
        [
            "BHT*0010*13*CS" + interchangeControlNumber + "*20240315*0930",
            "HL*1**20*1",
            $"NM1*PR*2*PAYER {payerId}*****PI*{payerId}",
            "HL*2*1*21*1",
            $"NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*{submitterId}",
            "HL*3*2*19*1",
            "NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893",
            "HL*4*3*22*0",
            "DMG*D8*19800512*F",
            $"NM1*IL*1*DOE*JANE****MI*{memberId}",
            "TRN*1*TRACE" + interchangeControlNumber,
            $"REF*EJ*{patientControlNumber}",
            "AMT*T3*100",
            $"DTP*472*RD8*{Date(serviceDate)}-{Date(serviceDate)}",
        ], null);

    static string Envelope(string submitterId, int control, string functionalCode, string transaction, string version, List<string> body, int? segmentCountOverride)
    {
        var isa13 = control.ToString("D9", CultureInfo.InvariantCulture);
        var segments = new List<string>
        {
            $"ISA*00*          *00*          *ZZ*{submitterId,-15}*ZZ*CLEARINGHOUSE  *240315*0930*^*00501*{isa13}*0*T*:",
            $"GS*{functionalCode}*{submitterId}*CLEARINGHOUSE*20240315*0930*{control}*X*{version}",
            $"ST*{transaction}*0001*{version}",
        };
        segments.AddRange(body);
        segments.Add($"SE*{segmentCountOverride ?? body.Count + 2}*0001");
        segments.Add($"GE*1*{control}");
        segments.Add($"IEA*1*{isa13}");
        return string.Join("~\n", segments) + "~\n";
    }

    /// <summary>Segments as element arrays (element 0 is the id), the way a person reads a file.</summary>
    public static List<string[]> Segments(string x12)
    {
        var text = x12.TrimStart();
        var element = text[3];
        var terminator = text[105];
        return text.Split(terminator).Select(s => s.Trim()).Where(s => s.Length > 0).Select(s => s.Split(element)).ToList();
    }

    public static decimal Amount(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);
}
