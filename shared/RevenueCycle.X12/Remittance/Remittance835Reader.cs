namespace RevenueCycle.X12.Remittance;

/// <summary>
/// Reads 835s from a stream claim by claim, so memory holds one claim, never a transaction set or the file
/// (a payer's single check may cover 50,000 claims in one ST). Envelopes, segment order and the balancing
/// rules of X221A1 are checked as it goes: a line and a claim as each claim completes, the SE count and the
/// transaction's balancing at SE. Any fault is an <see cref="X12ParseException"/> that names the segment and
/// its position.
/// </summary>
/// <example>
/// Streaming, claim by claim:
/// <code>
/// using var reader = new Remittance835Reader(File.OpenRead(path));
/// while (reader.ReadNextHeader() is { } header)
/// {
///     while (reader.ReadNextClaim() is { } claim)
///         Post(header.TraceNumber, claim.PatientControlNumber, claim.PaymentAmount, claim.Adjustments);
///     PostProviderAdjustments(header.TraceNumber, reader.Trailer!.ProviderAdjustments);
/// }
/// </code>
/// Whole transaction sets (small files, tests), read through the same code:
/// <code>
/// foreach (var remittance in reader.ReadAll())
///     foreach (var claim in remittance.Claims)
///         Post(claim.PatientControlNumber, claim.PaymentAmount, claim.Adjustments);
/// </code>
/// </example>
public sealed class Remittance835Reader : X12TransactionReader<Remittance835>
{
    private readonly Remittance835Builder _builder = new();
    private bool _inTransaction; // between an ST and its SE
    private bool _segmentPending, _pendingIsBody; // the segment read last closed a claim and is still to be taken (CLP, LX, PLB or SE)
    private Remittance835Trailer? _endedTrailer; // the SE has been read; the trailer is handed out after the last claim

    public Remittance835Reader(TextReader reader, bool leaveOpen = false)
        : base(new X12Tokenizer(reader, leaveOpen), NewEnvelopeTracker())
    {
    }

    public Remittance835Reader(Stream stream, bool leaveOpen = false)
        : base(new X12Tokenizer(stream, leaveOpen), NewEnvelopeTracker())
    {
    }

    private static EnvelopeTracker NewEnvelopeTracker() => new("835", X12Versions.PaymentGroup, "005010X221");

    /// <summary>
    /// Whether to check the X221A1 balancing rules (line, claim, transaction). On by default: an 835
    /// that does not balance cannot be posted. Turn off only to inspect a file a payer got wrong.
    /// </summary>
    public bool CheckBalancing
    {
        get => _builder.CheckBalancing;
        init => _builder.CheckBalancing = value;
    }

    /// <summary>
    /// After <see cref="ReadNextClaim"/> returned null: the PLB adjustments and the claim count of the transaction set
    /// just finished, whose SE count and balancing (BPR02 = Σ CLP04 − Σ PLB) have been checked. Null before, and again
    /// once <see cref="ReadNextHeader"/> starts the next transaction set.
    /// </summary>
    public Remittance835Trailer? Trailer { get; private set; }

    /// <summary>
    /// The loop 2000 (LX01 header number, TS3 provider summary; its <see cref="ClaimGroup.Claims"/> left empty) of the claim
    /// <see cref="ReadNextClaim"/> returned last; <see cref="ClaimGroup.AssignedNumber"/> is null for claims sent without an LX.
    /// Kept here rather than on <see cref="ClaimPayment"/>, so that a claim read equals the same claim built in code.
    /// </summary>
    public ClaimGroup? CurrentClaimGroup => _builder.CompletedClaimGroup;

    /// <summary>Reads every 835 of a string (tests, small files).</summary>
    public static IReadOnlyList<Remittance835> Parse(string x12)
    {
        using var reader = new Remittance835Reader(new StringReader(x12));
        return reader.ReadAll().ToList();
    }

    /// <summary>
    /// Reads up to the first claim of the next 835 (ST, BPR, TRN, CUR, REF, DTM, loops 1000A and 1000B); null when no
    /// transaction set is left. Called before the claims of the current one are all read, it reads (and checks) the
    /// rest of it first.
    /// </summary>
    public Remittance835Header? ReadNextHeader()
    {
        FinishOpenTransaction();
        return MoveToTransaction(out var st) ? ReadHeader(st) : null;
    }

    /// <summary>
    /// The next claim (CLP, loop 2100 with its service lines, loop 2110) of the current transaction set, its line and
    /// claim balancing checked; null once its claims are done, and then <see cref="Trailer"/> is set.
    /// </summary>
    public ClaimPayment? ReadNextClaim()
    {
        while (_inTransaction)
        {
            X12Segment segment;
            bool body;
            if (_segmentPending)
            {
                segment = CurrentSegment;
                body = _pendingIsBody;
                _segmentPending = false;
            }
            else
            {
                body = ReadBodySegment(out segment);
            }

            if (body ? _builder.Add(segment) : _builder.CloseLastClaim())
            {
                (_segmentPending, _pendingIsBody) = (true, body);
                return _builder.CompletedClaim;
            }
            if (!body)
                EndTransaction(segment);
        }
        if (_endedTrailer is not null)
            (Trailer, _endedTrailer) = (_endedTrailer, null);
        return null;
    }

    private Remittance835Header ReadHeader(in X12Segment st)
    {
        Trailer = null;
        _builder.Start(st, Envelope);
        _inTransaction = true;
        while (_builder.Header is null)
        {
            if (ReadBodySegment(out var segment))
                _builder.Add(segment); // no claim is open yet: every segment is taken
            else
                EndTransaction(segment);
        }
        return _builder.Header;
    }

    /// <summary>At SE, once the last claim is handed out: the transaction is checked and its trailer kept.</summary>
    private void EndTransaction(in X12Segment se)
    {
        _endedTrailer = _builder.Complete(se);
        EndTransaction();
        _inTransaction = false;
    }

    private protected override void FinishOpenTransaction()
    {
        while (ReadNextClaim() is not null)
        {
        }
    }

    /// <summary>A whole transaction set, claim by claim through the streaming core, its claims grouped by loop 2000 (LX).</summary>
    private protected override Remittance835 ReadTransaction(in X12Segment st)
    {
        var header = ReadHeader(st);
        var groups = new List<ClaimGroup>();
        var claims = new List<ClaimPayment>();
        ClaimGroup? group = null;
        while (ReadNextClaim() is { } claim)
        {
            if (!ReferenceEquals(CurrentClaimGroup, group))
            {
                if (group is not null)
                    groups.Add(group with { Claims = ValueList.Freeze(claims) });
                claims.Clear();
                group = CurrentClaimGroup;
            }
            claims.Add(claim);
        }
        if (group is not null)
            groups.Add(group with { Claims = ValueList.Freeze(claims) });
        return new Remittance835(header)
        {
            ClaimGroups = ValueList.Freeze(groups),
            ProviderAdjustments = Trailer!.ProviderAdjustments,
        };
    }
}
