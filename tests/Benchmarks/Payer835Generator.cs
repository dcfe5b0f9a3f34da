using System.Globalization;
using System.Text;

namespace RevenueCycle.Benchmarks;

/// <summary>The layout of a generated payer file: how many claims each transaction set holds, and the delimiters.</summary>
public sealed record Payer835Shape(
    string Name, int MinClaimsPerTransaction, int MaxClaimsPerTransaction,
    char ElementSeparator = '*', char ComponentSeparator = ':', char RepetitionSeparator = '^', char SegmentTerminator = '~', string LineBreak = "")
{
    /// <summary>The shapes of issue 20: a single check for 50,000 claims, thousands of tiny transaction sets, a line break
    /// after every segment, and the delimiters some payers and clearinghouses choose.</summary>
    public static readonly IReadOnlyDictionary<string, Payer835Shape> All = new Dictionary<string, Payer835Shape>
    {
        ["one-st"] = new("one-st", int.MaxValue, int.MaxValue),
        ["small-sts"] = new("small-sts", 1, 5),
        ["crlf"] = new("crlf", 1000, 1000, LineBreak: "\r\n"),
        ["pipe-apostrophe"] = new("pipe-apostrophe", 1000, 1000, '|', '>', '{', '\''),
        ["pipe-newline"] = new("pipe-newline", 1000, 1000, '|', '^', '!', '\n'),
    };
}

/// <summary>
/// Writes an 835 as a payer's system would, with plain string building and none of our X12Writer: the header,
/// claims and lines laid out as in the X221A1 examples (BPR, TRN, REF*EV, DTM*405, N1*PR with N3/N4/PER*CX/PER*BL,
/// N1*PE with N3/N4/REF*TJ, LX, CLP with CAS*OA, NM1*QC/IL/74/82, MIA or MOA, REF*EA/1L, DTM*232/233/050, AMT*AU,
/// SVC with DTM*472 or DTM*150/151, CAS with several triplets, REF*6R, AMT*B6, LQ*HE; denials, reversals; PLB with
/// WO, 72, L6 and FB), balanced in whole cents, in any of the <see cref="Payer835Shape"/>s.
/// </summary>
public static class Payer835Generator
{
    private static readonly string[] Procedures = ["99213", "99214", "99204", "80053", "85025", "93000", "71046", "97110", "36415", "G0439"];
    private static readonly string[] Remarks = ["N130", "M15", "MA01", "N381", "N59", "M80"];

    public static void Write(TextWriter output, Payer835Shape shape, int claims)
    {
        var random = new Random(20);
        var x = new Writer(output, shape);
        var isa = $"ISA{E}00{E}          {E}00{E}          {E}ZZ{E}BIGPAYER       {E}ZZ{E}RIVERSIDEFM    {E}240315{E}1200{E}{shape.RepetitionSeparator}{E}00501{E}000000835{E}0{E}P{E}{shape.ComponentSeparator}";
        x.Segment(isa.Replace(E, shape.ElementSeparator));
        x.Segment("GS*HP*BIGPAYER*RIVERSIDEFM*20240315*1200*835*X*005010X221A1");
        var written = 0;
        var transactions = 0;
        while (written < claims)
        {
            var count = Math.Min(claims - written, shape.MaxClaimsPerTransaction == int.MaxValue ? claims : random.Next(shape.MinClaimsPerTransaction, shape.MaxClaimsPerTransaction + 1));
            WriteTransaction(x, random, ++transactions, written, count);
            written += count;
        }
        x.Segment($"GE*{transactions}*835");
        x.Segment("IEA*1*000000835");
        output.Flush();
    }

    private const char E = '\u0001'; // stands for the element separator in the ISA, whose fields may hold '*'

    private static void WriteTransaction(Writer x, Random random, int number, int firstClaim, int claims)
    {
        // The claims first, into a buffer: BPR02 at the top is their sum.
        var body = new Writer(new StringWriter(CultureInfo.InvariantCulture), x.Shape);
        long paid = 0;
        var lx = 0;
        for (var i = 0; i < claims; i++)
        {
            if (i % 500 == 0)
                body.Segment($"LX*{++lx}");
            paid += WriteClaim(body, random, firstClaim + i + 1);
        }
        var c = x.Shape.ComponentSeparator;
        var adjustments = new List<(string Reason, long Cents)>();
        if (paid > 50_00)
        {
            adjustments.Add(($"WO{c}PCN{firstClaim + 1:00000000} OVERPAYMENT", 25_00));
            adjustments.Add(("L6", -3_17));
            if (random.Next(2) == 0)
                adjustments.Add(($"72{c}REFUND 7781", 10_00));
            if (random.Next(3) == 0)
                adjustments.Add(($"FB{c}BAL FWD", 5_00));
        }
        else if (paid < 0)
        {
            adjustments.Add(($"FB{c}BAL FWD", paid)); // a transaction of reversals only: its negative balance is carried forward
        }
        var payment = paid - adjustments.Sum(a => a.Cents);

        var st = x.Count;
        x.Segment($"ST*835*{number:0000}");
        x.Segment(payment > 0
            ? $"BPR*I*{Money(payment)}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*888888882*DA*98765*20240315"
            : $"BPR*H*{Money(payment)}*C*NON************20240315");
        x.Segment($"TRN*1*EFT{number:00000000}*1512345678");
        x.Segment("REF*EV*RIVERSIDEFM");
        x.Segment("DTM*405*20240314");
        x.Segment("N1*PR*BIG NATIONAL PAYER");
        x.Segment("N3*PO BOX 14079");
        x.Segment("N4*LEXINGTON*KY*405124079");
        x.Segment("REF*2U*BNP01");
        x.Segment("PER*CX*PROVIDER SERVICES*TE*8005550100");
        x.Segment("PER*BL*EDI HELP DESK*TE*8005550199*EM*EDI@BIGPAYER.EXAMPLE");
        x.Segment("N1*PE*RIVERSIDE FAMILY MEDICINE*XX*1234567893");
        x.Segment("N3*12 MAIN ST");
        x.Segment("N4*SPRINGFIELD*IL*627010000");
        x.Segment("REF*TJ*371234567");
        x.Raw(body.Text, body.Count);
        for (var i = 0; i < adjustments.Count; i += 2)
        {
            var pairs = string.Join("*", adjustments.Skip(i).Take(2).Select(a => $"{a.Reason}*{Money(a.Cents)}"));
            x.Segment($"PLB*1234567893*20241231*{pairs}");
        }
        x.Segment($"SE*{x.Count - st + 1}*{number:0000}");
    }

    /// <summary>One claim (loop 2100 and its 2110 lines); returns CLP04 in cents.</summary>
    private static long WriteClaim(Writer x, Random random, int number)
    {
        var kind = random.Next(40) switch { 0 => "denied", 1 => "reversal", 2 => "inpatient", _ => "paid" };
        var lineCount = kind == "inpatient" ? 1 : 1 + random.Next(4);
        var lines = new List<(string Procedure, long Charge, long Paid, List<(string Group, string Reason, long Cents)> Adjustments, long Allowed)>();
        for (var i = 0; i < lineCount; i++)
        {
            var charge = 40_00 + random.Next(4000) * 25L;
            var adjustments = new List<(string, string, long)>();
            if (kind == "denied")
            {
                adjustments.Add(("CO", "50", charge));
            }
            else
            {
                var contractual = charge * (20 + random.Next(30)) / 100;
                adjustments.Add(("CO", "45", contractual));
                var allowed = charge - contractual;
                var sequestration = allowed * 2 / 100;
                if (sequestration > 0)
                    adjustments.Add(("CO", "253", sequestration));
                var deductible = random.Next(5) == 0 ? Math.Min(allowed / 2, 50_00) : 0;
                var coinsurance = random.Next(2) == 0 ? allowed / 5 : 0;
                var copay = random.Next(3) == 0 ? Math.Min(20_00, allowed - deductible - coinsurance - sequestration) : 0;
                var patient = new List<(string, string, long)>();
                if (deductible > 0) patient.Add(("PR", "1", deductible));
                if (coinsurance > 0) patient.Add(("PR", "2", coinsurance));
                if (copay > 0) patient.Add(("PR", "3", copay));
                adjustments.AddRange(patient);
            }
            var paid = charge - adjustments.Sum(a => a.Item3);
            lines.Add((Procedures[random.Next(Procedures.Length)], charge, paid, adjustments, kind == "denied" ? 0 : charge - adjustments.Where(a => a.Item1 == "CO").Sum(a => a.Item3)));
        }
        var sign = kind == "reversal" ? -1 : 1;
        var priorPayer = kind == "paid" && random.Next(25) == 0 ? 15_00L : 0L; // claim-level CAS*OA*23: paid by a prior payer
        var charge0 = lines.Sum(l => l.Charge);
        var paid0 = lines.Sum(l => l.Paid) - priorPayer;
        if (paid0 < 0) { priorPayer = 0; paid0 = lines.Sum(l => l.Paid); }
        var patientShare = lines.Sum(l => l.Adjustments.Where(a => a.Group == "PR").Sum(a => a.Cents));
        var status = kind switch { "denied" => "4", "reversal" => "22", _ => "1" };
        x.Segment($"CLP*PCN{number:00000000}*{status}*{Money(sign * charge0)}*{Money(sign * paid0)}*{Money(sign * patientShare)}*{(kind == "inpatient" ? "MA" : "12")}*{number:0000000000}12*{(kind == "inpatient" ? "11" : "11")}*{(kind == "reversal" ? "8" : "1")}");
        if (priorPayer > 0)
            x.Segment($"CAS*OA*23*{Money(priorPayer)}");
        x.Segment($"NM1*QC*1*PATIENT{number % 997}*JANE*Q***MI*MEM{number % 50000:0000000}");
        if (number % 7 == 0)
            x.Segment($"NM1*IL*1*SUBSCRIBER{number % 991}*JOHN****MI*MEM{number % 50000:0000000}");
        if (number % 97 == 0)
            x.Segment($"NM1*74*1*PATIENT{number % 997}*JANIE****C*MEM{number % 50000:0000000}A");
        x.Segment($"NM1*82*1*SMITH*JOHN****XX*{1987654300 + number % 25}");
        if (kind == "inpatient")
            x.Segment("MIA*0***12.5");
        else if (number % 5 == 0)
            x.Segment($"MOA***{Remarks[number % Remarks.Length]}");
        if (number % 3 == 0)
            x.Segment($"REF*EA*MR{number:0000000}");
        if (number % 4 == 0)
            x.Segment("REF*1L*GRP0042");
        x.Segment("DTM*232*20240201");
        x.Segment("DTM*233*20240202");
        x.Segment("DTM*050*20240305");
        if (kind != "denied")
            x.Segment($"AMT*AU*{Money(sign * charge0)}");
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var modifier = (number + i) % 4 == 0 ? $"{x.Shape.ComponentSeparator}25" : "";
            x.Segment($"SVC*HC{x.Shape.ComponentSeparator}{line.Procedure}{modifier}*{Money(sign * line.Charge)}*{Money(sign * line.Paid)}**1");
            if ((number + i) % 6 == 0)
            {
                x.Segment("DTM*150*20240201");
                x.Segment("DTM*151*20240202");
            }
            else
            {
                x.Segment($"DTM*472*202402{1 + (number + i) % 28:00}");
            }
            foreach (var group in line.Adjustments.GroupBy(a => a.Group))
                x.Segment($"CAS*{group.Key}*{string.Join("*", group.Select(a => $"{a.Reason}*{Money(sign * a.Cents)}*"))}".TrimEnd('*'));
            x.Segment($"REF*6R*{number}-{i + 1}");
            if (kind != "denied")
                x.Segment($"AMT*B6*{Money(sign * line.Allowed)}");
            if (kind == "denied")
                x.Segment("LQ*HE*N130");
            else if ((number + i) % 3 == 0)
                x.Segment($"LQ*HE*{Remarks[(number + i) % Remarks.Length]}");
        }
        return sign * paid0;
    }

    private static string Money(long cents) =>
        cents % 100 == 0 ? (cents / 100).ToString(CultureInfo.InvariantCulture) : (cents / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Writes segments with the shape's delimiters (segments are written here with '*' between elements) and counts them.</summary>
    private sealed class Writer(TextWriter output, Payer835Shape shape)
    {
        private readonly StringBuilder _segment = new();
        public Payer835Shape Shape { get; } = shape;
        public int Count { get; private set; }
        public string Text => output.ToString()!;

        public void Segment(string text)
        {
            _segment.Clear().Append(text);
            if (Shape.ElementSeparator != '*' && !text.StartsWith("ISA", StringComparison.Ordinal))
                _segment.Replace('*', Shape.ElementSeparator);
            _segment.Append(Shape.SegmentTerminator).Append(Shape.LineBreak);
            output.Write(_segment);
            Count++;
        }

        public void Raw(string text, int segments)
        {
            output.Write(text);
            Count += segments;
        }
    }
}
