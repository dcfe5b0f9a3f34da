namespace RevenueCycle.X12.Remittance;

/// <summary>
/// The 835 reader's streaming core: it takes one transaction set's body segments in order and hands out
/// its header (once the first LX, CLP, PLB or SE ends it), then each claim as the segment after it (CLP,
/// LX, PLB or SE) closes it, then the trailer at SE. It keeps one claim, never the transaction's claims:
/// the running totals the transaction balances with are sums. The loops of X221A1 are recognised by the
/// segment that opens them (N1*PR 1000A, N1*PE 1000B, LX 2000, CLP 2100, SVC 2110, PLB trailer); a segment
/// is accepted only in a loop where the guide puts it.
/// </summary>
internal sealed class Remittance835Builder
{
    private enum Loop { Header, Payer, Payee, HeaderNumber, Claim, ServiceLine, ProviderAdjustments }

    private readonly StringCache _cache = new();
    private readonly RecordCache<ProcedureCode> _procedures = new();
    private readonly RecordCache<EntityName> _names = new(maxEntries: 1024);
    private readonly RecordCache<ValueList<Remark>> _remarks = new(maxEntries: 1024);

    // The header's values come back in every transaction set of a file (a file of small transaction sets has thousands):
    // the same payer and payee, addresses, contacts, references and bank accounts. They are read into shared strings and
    // records, and a party or list equal to the transaction set before's is that one again (immutable records: sharing
    // them cannot be seen). Keyed by value (strings) or by segment text (records).
    private readonly RecordCache<string> _repeatedValues = new(maxEntries: 1024);
    private readonly RecordCache<Reference> _headerReferences = new(maxEntries: 1024);
    private readonly RecordCache<Contact> _contacts = new(maxEntries: 1024);
    private readonly PartyBuilder _payerBuilder, _payeeBuilder;
    private ValueList<Reference>? _previousReferences;
    private BankAccount? _previousSender, _previousReceiver;
    private X12Separators _separators;
    private readonly ClaimPaymentBuilder _claim;
    private readonly ServicePaymentBuilder _line;
    private readonly ScratchList<Reference> _references = new();
    private readonly ScratchList<ProviderAdjustment> _providerAdjustments = new();

    private Loop _loop;
    private long _bprPosition;
    private PaymentInformation? _payment;
    private string? _traceNumber;
    private string? _payerIdentifier;
    private string? _traceSupplementalCode;
    private DateOnly? _productionDate;
    private PartyBuilder? _payer;
    private PartyBuilder? _payee;
    private X12Envelope? _envelope;
    private ClaimGroup? _group; // loop 2000 the next claims go under (its claims left empty); null before the first LX or CLP
    private ClaimGroup? _claimGroup; // the group of the open claim
    private int _claimCount;
    private decimal _totalClaimPayments, _totalProviderAdjustments;

    public Remittance835Builder()
    {
        _claim = new ClaimPaymentBuilder(_cache, _names);
        _line = new ServicePaymentBuilder(_cache, _procedures, _remarks);
        _payerBuilder = new PartyBuilder(this);
        _payeeBuilder = new PartyBuilder(this);
    }

    public bool CheckBalancing { get; set; } = true;

    /// <summary>The header (ST to the first loop 2000), once the segment after it has been added; null before.</summary>
    public Remittance835Header? Header { get; private set; }

    /// <summary>The claim the last <see cref="Add"/> or <see cref="CloseLastClaim"/> that returned true closed, with its group (LX, TS3; no claims).</summary>
    public ClaimPayment? CompletedClaim { get; private set; }

    public ClaimGroup? CompletedClaimGroup { get; private set; }

    public void Start(in X12Segment st, X12Envelope envelope)
    {
        if (st.Separators != _separators)
        {
            // The record caches are keyed by segment text, which reads differently under other delimiters.
            _separators = st.Separators;
            _procedures.Clear();
            _names.Clear();
            _remarks.Clear();
            _headerReferences.Clear();
            _contacts.Clear();
        }
        _loop = Loop.Header;
        _envelope = envelope;
        Header = null;
        CompletedClaim = null;
        CompletedClaimGroup = null;
        _bprPosition = st.Position + 1;
        _payment = null;
        _traceNumber = _payerIdentifier = _traceSupplementalCode = null;
        _productionDate = null;
        _payer = _payee = null;
        _references.Clear();
        _providerAdjustments.Clear();
        _group = _claimGroup = null;
        _claimCount = 0;
        _totalClaimPayments = _totalProviderAdjustments = 0m;
        _claim.Clear();
        _line.Clear();
    }

    /// <summary>
    /// Takes the next body segment; true when it is one that ends the open claim (CLP, LX, PLB): the claim is closed
    /// (<see cref="CompletedClaim"/>) and the segment is not taken yet. The reader hands the claim out and adds the same
    /// segment again, so that a fault in it comes after the claim before it, not in its place.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Add(in X12Segment segment)
    {
        if (_payment is null && segment.IdCode != SegmentIds.Bpr)
            throw segment.Error("the 835 must begin with BPR (financial information) right after ST");

        switch (segment.IdCode)
        {
            case SegmentIds.Dtm:
                AddDate(segment);
                break;
            case SegmentIds.Ref:
                AddReference(segment);
                break;
            case SegmentIds.Lx:
                if (CloseClaim())
                    return true;
                StartHeaderNumber(segment);
                break;
            case SegmentIds.Clp:
                if (CloseClaim())
                    return true;
                StartClaim(segment);
                break;
            case SegmentIds.Cas:
                if (_loop == Loop.Claim)
                    _claim.AdjustmentCents = Cents.Add(_claim.AdjustmentCents, Adjustment.ReadCas(segment, _claim.Adjustments, _cache));
                else if (_loop == Loop.ServiceLine)
                    _line.AdjustmentCents = Cents.Add(_line.AdjustmentCents, Adjustment.ReadCas(segment, _line.Adjustments, _cache));
                else
                    throw NotHere(segment);
                break;
            case SegmentIds.Nm1:
                RequireLoop(segment, Loop.Claim);
                _claim.AddName(segment);
                break;
            case SegmentIds.Mia:
                RequireLoop(segment, Loop.Claim);
                _claim.ReadInpatient(segment);
                break;
            case SegmentIds.Moa:
                RequireLoop(segment, Loop.Claim);
                _claim.ReadOutpatient(segment);
                break;
            case SegmentIds.Amt:
                if (_loop == Loop.Claim)
                    _claim.Amounts.Add(QualifiedAmount.Read(segment, _cache));
                else if (_loop == Loop.ServiceLine)
                    _line.AddAmount(segment);
                else
                    throw NotHere(segment);
                break;
            case SegmentIds.Qty:
                if (_loop == Loop.Claim)
                    _claim.Quantities.Add(QualifiedQuantity.Read(segment, _cache));
                else if (_loop == Loop.ServiceLine)
                    _line.Quantities.Add(QualifiedQuantity.Read(segment, _cache));
                else
                    throw NotHere(segment);
                break;
            case SegmentIds.Svc:
                if (_loop is not (Loop.Claim or Loop.ServiceLine))
                    throw segment.Error("SVC outside a claim (no CLP before it)");
                CloseLine();
                _line.Start(segment);
                _loop = Loop.ServiceLine;
                break;
            case SegmentIds.Lq:
                RequireLoop(segment, Loop.ServiceLine);
                _line.AddRemark(segment);
                break;
            case SegmentIds.Plb:
                if (_loop < Loop.Payee)
                    throw NotHere(segment);
                if (CloseClaim())
                    return true;
                if (_loop == Loop.Payee)
                    CompleteHeader(segment);
                _loop = Loop.ProviderAdjustments;
                ReadProviderAdjustments(segment);
                break;
            default:
                AddHeaderSegment(segment);
                break;
        }
        return false;
    }

    /// <summary>
    /// The segments of the header and of loop 2000 (once a transaction set), out of <see cref="Add"/>: inlined into the
    /// reader's loop with the claims' segments, they made it large, and its registers fewer for what runs on every segment.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void AddHeaderSegment(in X12Segment segment)
    {
        switch (segment.IdCode)
        {
            case SegmentIds.Bpr:
                RequireLoop(segment, Loop.Header);
                if (_payment is not null)
                    throw segment.Error("a second BPR: an 835 carries one payment");
                _bprPosition = segment.Position;
                _payment = ReadPayment(segment);
                break;
            case SegmentIds.Trn:
                RequireLoop(segment, Loop.Header);
                if (!segment.Element(1).SequenceEqual("1"))
                    throw segment.NotA(1, "1 (current transaction trace numbers)");
                _traceNumber = segment.RequireString(2);
                _payerIdentifier = GetRepeated(segment, 3);
                _traceSupplementalCode = GetRepeated(segment, 4);
                break;
            case SegmentIds.Cur:
                RequireLoop(segment, Loop.Header); // foreign currency: accepted, amounts are read as they are
                break;
            case SegmentIds.N1:
                AddParty(segment);
                break;
            case SegmentIds.N3:
                CurrentParty(segment).AddStreet(segment);
                break;
            case SegmentIds.N4:
                CurrentParty(segment).AddCity(segment);
                break;
            case SegmentIds.Per:
                if (_loop == Loop.Claim)
                    _claim.Contacts.Add(Contact.Read(segment));
                else if (_loop == Loop.Payer)
                    _payer!.Contacts.Add(ReadContact(segment));
                else
                    throw NotHere(segment);
                break;
            case SegmentIds.Rdm:
                RequireLoop(segment, Loop.Payee); // remittance delivery method: accepted, not modelled
                break;
            case SegmentIds.Ts3:
                if (_loop != Loop.HeaderNumber || _group!.ProviderSummary is not null)
                    throw NotHere(segment);
                _group = _group with
                {
                    ProviderSummary = new ProviderSummary
                    {
                    ProviderIdentifier = segment.RequireString(1),
                    FacilityTypeCode = segment.RequireString(2),
                    FiscalPeriodEndDate = segment.RequireDate(3),
                    TotalClaimCount = segment.RequireDecimal(4),
                    TotalClaimChargeAmount = segment.RequireDecimal(5),
                    },
                };
                break;
            case SegmentIds.Ts2:
                RequireLoop(segment, Loop.HeaderNumber); // Medicare Part A summary: accepted, not modelled
                break;
            default:
                throw NotAnSegment(segment);
        }
    }

    /// <summary>At SE, before <see cref="Complete"/>: closes the last claim (true when there was one: <see cref="CompletedClaim"/>).</summary>
    public bool CloseLastClaim() => CloseClaim();

    /// <summary>Takes the SE, once the last claim is closed: checks the transaction's balancing (X221A1 1.10.2.1: BPR02 = Σ CLP04 − Σ PLB).</summary>
    public Remittance835Trailer Complete(in X12Segment se)
    {
        if (Header is null)
            CompleteHeader(se);
        var payment = _payment!;
        if (CheckBalancing && payment.Amount != _totalClaimPayments - _totalProviderAdjustments)
        {
            throw X12ParseException.At("BPR", _bprPosition, 2,
                $"the payment amount {payment.Amount} does not balance: Σ CLP04 {_totalClaimPayments} − Σ PLB {_totalProviderAdjustments} = {_totalClaimPayments - _totalProviderAdjustments}");
        }
        return new Remittance835Trailer { ProviderAdjustments = _providerAdjustments.Freeze(), ClaimCount = _claimCount };
    }

    /// <summary>The header ends at the first LX, CLP, PLB or SE (<paramref name="next"/>): TRN and both parties are required by then.</summary>
    private void CompleteHeader(in X12Segment next)
    {
        if (_traceNumber is null)
            throw next.Error("the 835 has no TRN (reassociation trace number) before its claims");
        if (_payer is null || _payee is null)
            throw next.Error($"the 835 has no {(_payer is null ? "payer (N1*PR, loop 1000A)" : "payee (N1*PE, loop 1000B)")} before its claims");
        Header = new Remittance835Header
        {
            Envelope = _envelope!,
            Payment = _payment!,
            TraceNumber = _traceNumber,
            PayerIdentifier = _payerIdentifier,
            OriginatingCompanySupplementalCode = _traceSupplementalCode,
            References = _previousReferences = _references.Freeze(_previousReferences),
            ProductionDate = _productionDate,
            Payer = _payer.Build(),
            Payee = _payee.Build(),
        };
    }

    private PaymentInformation ReadPayment(in X12Segment bpr)
    {
        var creditDebit = bpr.Element(3) switch
        {
            "C" => CreditDebit.Credit,
            "D" => CreditDebit.Debit,
            var other => throw bpr.Error(3, $"'{other}' is not C (credit) or D (debit)"),
        };
        return new PaymentInformation
        {
            HandlingCode = RequireRepeated(bpr, 1),
            Amount = bpr.RequireDecimal(2),
            CreditDebit = creditDebit,
            PaymentMethod = RequireRepeated(bpr, 4),
            PaymentFormat = GetRepeated(bpr, 5),
            SenderAccount = _previousSender = ReadAccount(bpr, 6, _previousSender),
            OriginatingCompanyIdentifier = GetRepeated(bpr, 10),
            OriginatingCompanySupplementalCode = GetRepeated(bpr, 11),
            ReceiverAccount = _previousReceiver = ReadAccount(bpr, 12, _previousReceiver),
            PaymentDate = bpr.RequireDate(16),
        };
    }

    /// <summary>The account at <paramref name="first"/> (DFI qualifier, DFI number, account qualifier, number): <paramref name="previous"/> when it is the same.</summary>
    private BankAccount? ReadAccount(in X12Segment bpr, int first, BankAccount? previous)
    {
        if (!bpr.HasElement(first) && !bpr.HasElement(first + 1))
            return null;
        var account = (DfiQualifier: RequireRepeated(bpr, first), DfiNumber: RequireRepeated(bpr, first + 1),
            AccountQualifier: GetRepeated(bpr, first + 2), AccountNumber: RequireRepeated(bpr, first + 3));
        return previous is not null && (previous.DfiQualifier, previous.DfiNumber, previous.AccountQualifier, previous.AccountNumber) == account
            ? previous
            : new BankAccount(account.DfiQualifier, account.DfiNumber, account.AccountQualifier, account.AccountNumber);
    }

    /// <summary>A value of the header (a name, an address line, an identifier), as the string it was read as before when it was.</summary>
    private string? GetRepeated(in X12Segment segment, int element)
    {
        var value = segment.Element(element);
        if (value.Length <= StringCache.MaxCachedLength)
            return _cache.GetOrNull(value);
        if (_repeatedValues.TryGet(value, out var repeated))
            return repeated;
        repeated = new string(value);
        _repeatedValues.Add(value, repeated);
        return repeated;
    }

    private string RequireRepeated(in X12Segment segment, int element) =>
        GetRepeated(segment, element) ?? throw segment.Error(element, "a value is required");

    /// <summary>A REF of the header or of a party: the same REF in every transaction set of a file.</summary>
    private Reference ReadHeaderReference(in X12Segment reference)
    {
        var key = reference.Text[reference.Id.Length..]; // from the separator after the id: a segment may have no element
        if (_headerReferences.TryGet(key, out var read))
            return read;
        read = Reference.Read(reference, _cache);
        _headerReferences.Add(key, read);
        return read;
    }

    /// <summary>A PER of the payer: the same PER in every transaction set of a file.</summary>
    private Contact ReadContact(in X12Segment per)
    {
        var key = per.Text[per.Id.Length..]; // from the separator after the id: a segment may have no element
        if (_contacts.TryGet(key, out var contact))
            return contact;
        contact = Contact.Read(per);
        _contacts.Add(key, contact);
        return contact;
    }

    private void AddDate(in X12Segment dtm)
    {
        switch (_loop)
        {
            case Loop.Header:
                if (!dtm.Element(1).SequenceEqual("405"))
                    throw dtm.NotA(1, "405 (production date)");
                _productionDate = dtm.RequireDate(2);
                break;
            case Loop.Claim:
                _claim.AddDate(dtm);
                break;
            case Loop.ServiceLine:
                _line.AddDate(dtm);
                break;
            default:
                throw NotHere(dtm);
        }
    }

    private void AddReference(in X12Segment reference)
    {
        switch (_loop)
        {
            case Loop.Header: _references.Add(ReadHeaderReference(reference)); break;
            case Loop.Payer: _payer!.References.Add(ReadHeaderReference(reference)); break;
            case Loop.Payee: _payee!.References.Add(ReadHeaderReference(reference)); break;
            case Loop.Claim: _claim.References.Add(Reference.Read(reference, _cache)); break;
            case Loop.ServiceLine: _line.AddReference(reference); break;
            default: throw NotHere(reference);
        }
    }

    private void AddParty(in X12Segment n1)
    {
        if (n1.Element(1) is "PR" && _loop == Loop.Header)
        {
            _payer = _payerBuilder.Start(n1);
            _loop = Loop.Payer;
        }
        else if (n1.Element(1) is "PE" && _loop == Loop.Payer)
        {
            _payee = _payeeBuilder.Start(n1);
            _loop = Loop.Payee;
        }
        else
        {
            throw n1.Element(1) is "PR" or "PE"
                ? NotHere(n1)
                : n1.Error(1, $"'{n1.Element(1)}' is not an 835 party: N1*PR (payer, 1000A) comes first, then N1*PE (payee, 1000B)");
        }
    }

    private PartyBuilder CurrentParty(in X12Segment segment) => _loop switch
    {
        Loop.Payer => _payer!,
        Loop.Payee => _payee!,
        _ => throw NotHere(segment),
    };

    private void StartHeaderNumber(in X12Segment lx)
    {
        if (_loop < Loop.Payee || _loop == Loop.ProviderAdjustments)
            throw NotHere(lx);
        if (_loop == Loop.Payee)
            CompleteHeader(lx);
        _group = new ClaimGroup { AssignedNumber = lx.RequireInt(1) };
        _loop = Loop.HeaderNumber;
    }

    private void StartClaim(in X12Segment clp)
    {
        if (_loop < Loop.Payee || _loop == Loop.ProviderAdjustments)
            throw NotHere(clp);
        if (_loop == Loop.Payee)
            CompleteHeader(clp);
        _group ??= new ClaimGroup(); // some payers send claims without LX; they form one group without a number
        _claimGroup = _group;
        _claim.Start(clp);
        _loop = Loop.Claim;
    }

    private void CloseLine()
    {
        if (_loop != Loop.ServiceLine)
            return;
        if (CheckBalancing && !_line.Balances())
            throw LineDoesNotBalance();
        _claim.LineAdjustmentCents = Cents.Add(_claim.LineAdjustmentCents, _line.AdjustmentCents);
        _claim.Lines.Add(_line.Build());
        _line.Clear();
        _loop = Loop.Claim;
    }

    /// <summary>Closes the open claim, if any (true: <see cref="CompletedClaim"/>), checking its balancing (X221A1 1.10.2.2 and 1.10.2.3).</summary>
    private bool CloseClaim()
    {
        CloseLine();
        if (_loop != Loop.Claim)
            return false;
        if (CheckBalancing && !_claim.Balances())
            throw ClaimDoesNotBalance();
        _totalClaimPayments += _claim.PaymentAmount;
        _claimCount++;
        CompletedClaim = _claim.Build();
        CompletedClaimGroup = _claimGroup;
        _claim.Clear();
        _loop = Loop.HeaderNumber;
        return true;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private X12ParseException LineDoesNotBalance() =>
        X12ParseException.At("SVC", _line.Position, null,
            $"service line {_line.ProcedureCode} does not balance: charge {_line.ChargeAmount} − paid {_line.PaymentAmount} = {_line.ChargeAmount - _line.PaymentAmount}, but its adjustments (CAS) total {_line.AdjustmentTotal}");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private X12ParseException ClaimDoesNotBalance()
    {
        var (claimAdjustments, lineAdjustments) = (_claim.AdjustmentTotal, _claim.LineAdjustmentTotal);
        return X12ParseException.At("CLP", _claim.Position, null,
            $"claim '{_claim.PatientControlNumber}' does not balance: charge {_claim.ChargeAmount} − paid {_claim.PaymentAmount} = {_claim.ChargeAmount - _claim.PaymentAmount}, but its adjustments total {claimAdjustments + lineAdjustments} (claim CAS {claimAdjustments} + line CAS {lineAdjustments})");
    }

    private void ReadProviderAdjustments(in X12Segment plb)
    {
        var provider = RequireRepeated(plb, 1);
        var fiscalPeriod = plb.RequireDate(2);
        var any = false;
        for (var i = 0; i < ProviderAdjustment.MaxAdjustmentsPerSegment; i++)
        {
            var identifier = 3 + i * 2;
            if (!plb.HasElement(identifier))
            {
                if (plb.HasElement(identifier + 1))
                    throw plb.Error(identifier + 1, "an adjustment amount without its reason code");
                continue;
            }
            var reason = plb.Component(identifier, 1);
            if (reason.IsEmpty)
                throw plb.Error(identifier, "the adjustment reason code (first component) is missing");
            var reference = plb.Component(identifier, 2);
            var amount = plb.RequireDecimal(identifier + 1);
            _providerAdjustments.Add(new ProviderAdjustment
            {
                ProviderIdentifier = provider,
                FiscalPeriodDate = fiscalPeriod,
                ReasonCode = _cache.Get(reason),
                Reference = reference.IsEmpty ? null : new string(reference),
                Amount = amount,
            });
            _totalProviderAdjustments += amount;
            any = true;
        }
        if (!any)
            throw plb.Error(3, "a PLB needs at least one adjustment");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static X12ParseException NotAnSegment(in X12Segment segment) =>
        segment.Error($"'{segment.Id}' is not a segment of the 835 (005010X221A1)");

    private void RequireLoop(in X12Segment segment, Loop loop)
    {
        if (_loop != loop)
            throw NotHere(segment);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private X12ParseException NotHere(in X12Segment segment) =>
        segment.Error($"{segment.Id} is not expected here ({Describe(_loop)}); the 835 guide does not place it in this loop");

    private static string Describe(Loop loop) => loop switch
    {
        Loop.Header => "in the header, before N1*PR",
        Loop.Payer => "in the payer loop 1000A",
        Loop.Payee => "in the payee loop 1000B",
        Loop.HeaderNumber => "after LX, before CLP",
        Loop.Claim => "in claim loop 2100",
        Loop.ServiceLine => "in service line loop 2110",
        _ => "after PLB",
    };

    /// <summary>
    /// Loop 1000A or 1000B. One for each, reused from one transaction set to the next: when the party read is the same as
    /// the one before (its values are the same strings, see <see cref="GetRepeated"/>), that party is handed out again.
    /// </summary>
    private sealed class PartyBuilder(Remittance835Builder owner)
    {
        private RemittanceParty? _previous;
        private string _name = "";
        private string? _idQualifier, _identifier;
        private bool _hasAddress;
        private string _line1 = "", _city = "";
        private string? _line2, _state, _postalCode, _countryCode;

        public ScratchList<Reference> References { get; } = new();
        public ScratchList<Contact> Contacts { get; } = new();

        public PartyBuilder Start(in X12Segment n1)
        {
            _name = owner.RequireRepeated(n1, 2);
            _idQualifier = owner.GetRepeated(n1, 3);
            _identifier = owner.GetRepeated(n1, 4);
            _hasAddress = false;
            References.Clear();
            Contacts.Clear();
            return this;
        }

        /// <summary>N3: the street lines of a new address (a second N3 starts another).</summary>
        public void AddStreet(in X12Segment n3)
        {
            _line1 = owner.RequireRepeated(n3, 1);
            _line2 = owner.GetRepeated(n3, 2);
            (_city, _state, _postalCode, _countryCode) = ("", null, null, null);
            _hasAddress = true;
        }

        /// <summary>N4: the city, state, postal code and country of the address its N3 began.</summary>
        public void AddCity(in X12Segment n4)
        {
            if (!_hasAddress)
                throw n4.Error("N4 without N3 before it");
            _city = owner.RequireRepeated(n4, 1);
            _state = owner.GetRepeated(n4, 2);
            _postalCode = owner.GetRepeated(n4, 3);
            _countryCode = owner.GetRepeated(n4, 4);
        }

        public RemittanceParty Build()
        {
            var previous = _previous;
            var address = BuildAddress(previous?.Address);
            var references = References.Freeze(previous?.References);
            var contacts = Contacts.Freeze(previous?.Contacts);
            if (previous is not null && previous.Name == _name && previous.IdQualifier == _idQualifier && previous.Identifier == _identifier
                && ReferenceEquals(previous.Address, address) && ReferenceEquals(previous.References, references) && ReferenceEquals(previous.Contacts, contacts))
            {
                return previous;
            }
            return _previous = new RemittanceParty
            {
                Name = _name,
                IdQualifier = _idQualifier,
                Identifier = _identifier,
                Address = address,
                References = references,
                Contacts = contacts,
            };
        }

        private Address? BuildAddress(Address? previous)
        {
            if (!_hasAddress)
                return null;
            if (previous is not null && previous.Line1 == _line1 && previous.Line2 == _line2 && previous.City == _city
                && previous.State == _state && previous.PostalCode == _postalCode && previous.CountryCode == _countryCode)
            {
                return previous;
            }
            return new Address { Line1 = _line1, Line2 = _line2, City = _city, State = _state, PostalCode = _postalCode, CountryCode = _countryCode };
        }
    }
}
