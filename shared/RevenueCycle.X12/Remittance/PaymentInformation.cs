namespace RevenueCycle.X12.Remittance;

/// <summary>BPR: financial information of the payment.</summary>
public sealed record PaymentInformation
{
    /// <summary>BPR01: C payment with remittance, I remittance information only, H notification only, ...</summary>
    public required string HandlingCode { get; init; }

    /// <summary>BPR02: the total actually paid; equals Σ CLP04 − Σ PLB amounts.</summary>
    public required decimal Amount { get; init; }

    /// <summary>BPR03.</summary>
    public CreditDebit CreditDebit { get; init; } = CreditDebit.Credit;

    /// <summary>BPR04: ACH, CHK, BOP, FWT or NON.</summary>
    public required string PaymentMethod { get; init; }

    /// <summary>BPR05: CCP or CTX, for ACH payments.</summary>
    public string? PaymentFormat { get; init; }

    /// <summary>BPR06..BPR09: the payer's bank and account (ACH and wire payments).</summary>
    public BankAccount? SenderAccount { get; init; }

    /// <summary>BPR10: the payer's originating company identifier ("1" + tax id).</summary>
    public string? OriginatingCompanyIdentifier { get; init; }

    /// <summary>BPR11.</summary>
    public string? OriginatingCompanySupplementalCode { get; init; }

    /// <summary>BPR12..BPR15: the payee's bank and account.</summary>
    public BankAccount? ReceiverAccount { get; init; }

    /// <summary>BPR16: the check issue or EFT effective date.</summary>
    public required DateOnly PaymentDate { get; init; }

    public const string PaymentAccompaniesRemittance = "C";
    public const string RemittanceOnly = "I";
    public const string NotificationOnly = "H";
    public const string AutomatedClearingHouse = "ACH";
    public const string Check = "CHK";
    public const string NonPayment = "NON";
}

public enum CreditDebit
{
    Credit,
    Debit,
}

/// <summary>A depository financial institution and account: DFI qualifier (01 ABA, 04 Canadian), DFI number, account qualifier (DA), account number.</summary>
public sealed record BankAccount(string DfiQualifier, string DfiNumber, string? AccountQualifier, string AccountNumber);
