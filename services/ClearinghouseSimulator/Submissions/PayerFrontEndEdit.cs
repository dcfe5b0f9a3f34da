using System.Data.Common;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

/// <summary>
/// The 999 verdict on each transaction set by the payers its 2010BB NM1*PR names, after syntax passed (X231A1):
/// <list type="bullet">
/// <item><see cref="PayerSettings.RejectIn999"/>: IK5 R, an IK3 for each such NM1 (its position in the set, ST = 1, loop 2010BB)
/// with an IK4 for NM109 (code 7, invalid code value, the payer id);</item>
/// <item><see cref="PayerSettings.Acknowledgment999"/> M, W or X: IK5 with that code and, where element 618 has one, its reason in
/// IK502 (13 MAC failed for M, 16 syntax error in decrypted text for X; no code names a failed assurance, so W has none) and no
/// IK3: the fault is in the security structures, not a segment;</item>
/// <item>E: accepted with the error noted as for R (IK3 NM1 2010BB, IK4 NM109 code 7), IK5 E.</item>
/// </list>
/// A set naming several payers takes the gravest verdict (R, then M/W/X, then E). The group's AK9 is summarized again (A, E, P, R,
/// or M/W/X when every set had that one). A set not accepted has no 277CA and no 835.
/// </summary>
public static class PayerFrontEndEdit
{
    const string PayerLoop = "2010BB";
    const string PayerIdElementReference = "67"; // NM109: identification code

    /// <summary>A 2010BB payer name of one transaction set: the group (by order in the file), ST02, position, payer id.</summary>
    public sealed record PayerSegment(int GroupIndex, string TransactionSetControlNumber, int Position, string PayerId);

    public static async Task<IReadOnlyList<FunctionalAcknowledgment999>> ApplyAsync(
        IReadOnlyList<FunctionalAcknowledgment999> acknowledgments, string x12, DbConnection connection, CancellationToken cancellationToken)
    {
        var payers = Scan(x12);
        if (payers.Count == 0) return acknowledgments;
        var verdicts = new Dictionary<string, AcknowledgmentCode>(StringComparer.Ordinal);
        foreach (var payerId in payers.Select(p => p.PayerId).Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var settings = await SettingsStore.PayerAsync(connection, payerId);
            var verdict = settings.RejectIn999 ? AcknowledgmentCode.Rejected : Verdict(settings.Acknowledgment999);
            if (verdict != AcknowledgmentCode.Accepted) verdicts[payerId] = verdict;
        }
        return verdicts.Count == 0 ? acknowledgments : Apply(acknowledgments, payers.Where(p => verdicts.ContainsKey(p.PayerId)).ToList(), id => verdicts[id]);
    }

    public static AcknowledgmentCode Verdict(string acknowledgment999) => acknowledgment999 switch
    {
        Acknowledgment999Codes.AcceptedWithErrors => AcknowledgmentCode.AcceptedWithErrors,
        Acknowledgment999Codes.MacFailed => AcknowledgmentCode.RejectedMacFailed,
        Acknowledgment999Codes.AssuranceFailed => AcknowledgmentCode.RejectedAssuranceFailed,
        Acknowledgment999Codes.ContentNotAnalysed => AcknowledgmentCode.RejectedContentNotAnalysed,
        _ => AcknowledgmentCode.Accepted,
    };

    /// <param name="flagged">The 2010BB names of payers whose verdict is not A.</param>
    /// <param name="verdictOf">R, E, M, W or X for each flagged payer id.</param>
    public static IReadOnlyList<FunctionalAcknowledgment999> Apply(IReadOnlyList<FunctionalAcknowledgment999> acknowledgments,
        IReadOnlyList<PayerSegment> flagged, Func<string, AcknowledgmentCode> verdictOf)
    {
        var result = new List<FunctionalAcknowledgment999>(acknowledgments.Count);
        for (var g = 0; g < acknowledgments.Count; g++)
        {
            var ack = acknowledgments[g];
            var changed = false;
            var sets = new List<TransactionSetResponse999>(ack.TransactionSets.Count);
            foreach (var set in ack.TransactionSets)
            {
                var hits = flagged.Where(p => p.GroupIndex == g && p.TransactionSetControlNumber == set.ControlNumber).ToList();
                // A set already rejected for syntax keeps its own verdict: the front end never saw it.
                if (hits.Count == 0 || set.Status is not (AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors))
                {
                    sets.Add(set);
                    continue;
                }
                changed = true;
                var verdict = hits.Select(h => verdictOf(h.PayerId)).MinBy(Gravity);
                sets.Add(verdict switch
                {
                    AcknowledgmentCode.Rejected or AcknowledgmentCode.AcceptedWithErrors => WithPayerIdErrors(set, verdict, hits.Where(h => verdictOf(h.PayerId) == verdict)),
                    _ => set with { Status = verdict, ErrorCodes = SecurityReason(verdict) is { } reason ? [reason] : [] },
                });
            }
            result.Add(changed
                ? FunctionalAcknowledgment999.Summarize(ack.Envelope, ack.FunctionalIdentifierCode, ack.GroupControlNumber, ack.Version,
                    sets.ToValueList(), ack.TransactionSetsIncluded, ack.GroupErrorCodes)
                : ack);
        }
        return result;
    }

    /// <summary>R first, then the security rejections, then E.</summary>
    static int Gravity(AcknowledgmentCode code) => code switch
    {
        AcknowledgmentCode.Rejected => 0,
        AcknowledgmentCode.AcceptedWithErrors => 2,
        _ => 1,
    };

    /// <summary>IK502 for M and X (element 618: 13 message authentication code failed, 16 syntax error in decrypted text).</summary>
    static string? SecurityReason(AcknowledgmentCode code) => code switch
    {
        AcknowledgmentCode.RejectedMacFailed => TransactionSetResponse999.MessageAuthenticationCodeFailed,
        AcknowledgmentCode.RejectedContentNotAnalysed => TransactionSetResponse999.SyntaxErrorInDecryptedText,
        _ => null,
    };

    static TransactionSetResponse999 WithPayerIdErrors(TransactionSetResponse999 set, AcknowledgmentCode verdict, IEnumerable<PayerSegment> hits) => set with
    {
        Status = set.Status == AcknowledgmentCode.Accepted || verdict == AcknowledgmentCode.Rejected ? verdict : set.Status,
        SegmentErrors = set.SegmentErrors.Concat(hits.Select(h => new SegmentError999
        {
            SegmentId = "NM1", Position = h.Position, LoopId = PayerLoop, ErrorCode = SegmentError999.HasDataElementErrors,
            ElementErrors =
            [
                new ElementError999
                {
                    ElementPosition = 9, ReferenceNumber = PayerIdElementReference,
                    ErrorCode = ElementError999.InvalidCodeValue, BadData = h.PayerId,
                },
            ],
        })).ToValueList(),
        ErrorCodes = set.ErrorCodes.Contains(TransactionSetResponse999.OneOrMoreSegmentsInError)
            ? set.ErrorCodes
            : set.ErrorCodes.Append(TransactionSetResponse999.OneOrMoreSegmentsInError).ToValueList(),
    };

    /// <summary>
    /// Every 2010BB NM1*PR (the one in a subscriber HL before its CLM; a NM1*PR after CLM is 2330B, another payer)
    /// with its payer id, by group and transaction set. Only called after the syntax check read the file.
    /// </summary>
    public static List<PayerSegment> Scan(string x12)
    {
        var found = new List<PayerSegment>();
        using var tokenizer = X12Tokenizer.FromString(x12);
        var group = -1;
        string? transaction = null;
        var position = 0;
        var afterClaim = false;
        while (tokenizer.Read())
        {
            var segment = tokenizer.Current;
            switch (segment.IdString)
            {
                case "GS":
                    group++;
                    transaction = null;
                    break;
                case "ST":
                    transaction = segment.GetString(2) ?? "";
                    position = 1;
                    afterClaim = false;
                    break;
                case "SE":
                    transaction = null;
                    break;
                case "HL":
                    position++;
                    afterClaim = false;
                    break;
                case "CLM":
                    position++;
                    afterClaim = true;
                    break;
                case "NM1":
                    position++;
                    if (transaction is not null && group >= 0 && !afterClaim && segment.Element(1) is "PR" && segment.Element(8) is "PI"
                        && segment.GetString(9) is { } payerId)
                        found.Add(new PayerSegment(group, transaction, position, payerId.Trim()));
                    break;
                default:
                    if (transaction is not null) position++;
                    break;
            }
        }
        return found;
    }
}
