using System.Data.Common;
using RevenueCycle.ClearinghouseSimulator.Settings;
using RevenueCycle.X12;
using RevenueCycle.X12.Acknowledgments;

namespace RevenueCycle.ClearinghouseSimulator.Submissions;

/// <summary>
/// The clearinghouse's front-end edit on the payer id (<see cref="PayerSettings.RejectIn999"/>): a transaction set
/// that passed syntax but names a refused payer in a 2010BB NM1*PR is turned into a 999 rejection (IK5 R) with an
/// IK3 for each such NM1 (its position in the transaction set, ST = 1, loop 2010BB) and an IK4 for NM109
/// (code 7, invalid code value, with the payer id), and the group's AK9 is summarized again (R or P).
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
        var refused = new HashSet<string>(StringComparer.Ordinal);
        foreach (var payerId in payers.Select(p => p.PayerId).Distinct(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((await SettingsStore.PayerAsync(connection, payerId)).RejectIn999) refused.Add(payerId);
        }
        return refused.Count == 0 ? acknowledgments : Apply(acknowledgments, payers.Where(p => refused.Contains(p.PayerId)).ToList());
    }

    public static IReadOnlyList<FunctionalAcknowledgment999> Apply(IReadOnlyList<FunctionalAcknowledgment999> acknowledgments, IReadOnlyList<PayerSegment> refused)
    {
        var result = new List<FunctionalAcknowledgment999>(acknowledgments.Count);
        for (var g = 0; g < acknowledgments.Count; g++)
        {
            var ack = acknowledgments[g];
            var changed = false;
            var sets = new List<TransactionSetResponse999>(ack.TransactionSets.Count);
            foreach (var set in ack.TransactionSets)
            {
                var hits = refused.Where(p => p.GroupIndex == g && p.TransactionSetControlNumber == set.ControlNumber).ToList();
                // A set already rejected for syntax keeps its own verdict: the front end never saw it.
                if (hits.Count == 0 || set.Status is not (AcknowledgmentCode.Accepted or AcknowledgmentCode.AcceptedWithErrors))
                {
                    sets.Add(set);
                    continue;
                }
                changed = true;
                sets.Add(set with
                {
                    Status = AcknowledgmentCode.Rejected,
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
                });
            }
            result.Add(changed
                ? FunctionalAcknowledgment999.Summarize(ack.Envelope, ack.FunctionalIdentifierCode, ack.GroupControlNumber, ack.Version,
                    sets.ToValueList(), ack.TransactionSetsIncluded, ack.GroupErrorCodes)
                : ack);
        }
        return result;
    }

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
