namespace RevenueCycle.X12;

/// <summary>Where a transaction set sits: its interchange (ISA), its functional group (GS) and its own control number (ST02).</summary>
public sealed record X12Envelope(InterchangeHeader Interchange, FunctionalGroupHeader Group, string TransactionSetControlNumber);
