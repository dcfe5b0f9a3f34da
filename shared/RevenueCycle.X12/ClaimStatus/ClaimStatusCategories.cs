namespace RevenueCycle.X12.ClaimStatus;

/// <summary>What a claim status category code (STC01-1) says about a claim, grouped as the code list groups them.</summary>
public enum ClaimStatusCategory
{
    /// <summary>A0–A8 except A4: received, accepted or rejected at the front end.</summary>
    Acknowledgment,

    /// <summary>A4: the payer cannot find the claim.</summary>
    NotFound,

    /// <summary>P0–P5: in adjudication, no remittance yet.</summary>
    Pending,

    /// <summary>F1: finalized and paid.</summary>
    FinalizedPaid,

    /// <summary>F2: finalized and denied.</summary>
    FinalizedDenied,

    /// <summary>F0, F3, F3F, F3N, F4: finalized otherwise (revised, forwarded, adjudication complete with no payment forthcoming).</summary>
    Finalized,

    /// <summary>R0–R16: the payer asks for more information.</summary>
    RequestForInformation,

    /// <summary>E0–E4: the payer could not answer (system status, response not possible).</summary>
    Error,

    /// <summary>D0 (data search unsuccessful) and codes not in the list.</summary>
    Other,
}

/// <summary>
/// Health Care Claim Status Category Codes (X12 external code list 507, https://x12.org/codes/claim-status-category-codes;
/// the descriptions as published e.g. by NY Medicaid's ePACES, https://epaces.emedny.org/help/Managing_Claims/Real_Time_Responses/Claim_Status_Codes.htm):
/// A1 "the claim/encounter has been received", A2 "accepted into the adjudication system", A4 "the claim/encounter can not
/// be found in the adjudication system", P1 "Pending/In Process", P2 "Pending/Payer Review", F0 "Finalized — completed the
/// adjudication cycle and no more action will be taken", F1 "Finalized/Payment — the claim/line has been paid", F2
/// "Finalized/Denial", F4 "Finalized/Adjudication Complete — No payment forthcoming".
/// </summary>
public static class ClaimStatusCategories
{
    public const string Forwarded = "A0";
    public const string Received = "A1";
    public const string AcceptedIntoAdjudication = "A2";
    public const string ReturnedAsUnprocessable = "A3";
    public const string NotFound = "A4";
    public const string PendingAdjudication = "P0";
    public const string PendingInProcess = "P1";
    public const string PendingPayerReview = "P2";
    public const string PendingProviderInformation = "P3";
    public const string Finalized = "F0";
    public const string FinalizedPayment = "F1";
    public const string FinalizedDenial = "F2";
    public const string FinalizedRevised = "F3";
    public const string FinalizedNoPaymentForthcoming = "F4";

    /// <summary>Claim status codes (code source 508) the simulator and tests use.</summary>
    public static class Codes
    {
        /// <summary>1: for more detailed information, see the remittance advice.</summary>
        public const string SeeRemittanceAdvice = "1";

        /// <summary>20: accepted for processing.</summary>
        public const string AcceptedForProcessing = "20";

        /// <summary>35: claim/encounter not found.</summary>
        public const string ClaimNotFound = "35";

        /// <summary>65: claim/line has been paid.</summary>
        public const string Paid = "65";

        /// <summary>3: claim has been adjudicated and is awaiting the payment cycle.</summary>
        public const string AwaitingPaymentCycle = "3";
    }

    public static ClaimStatusCategory Classify(string category) => category switch
    {
        NotFound => ClaimStatusCategory.NotFound,
        FinalizedPayment => ClaimStatusCategory.FinalizedPaid,
        FinalizedDenial => ClaimStatusCategory.FinalizedDenied,
        ['A', >= '0' and <= '8'] => ClaimStatusCategory.Acknowledgment,
        ['P', >= '0' and <= '5'] => ClaimStatusCategory.Pending,
        ['F', ..] => ClaimStatusCategory.Finalized,
        ['R', ..] => ClaimStatusCategory.RequestForInformation,
        ['E', >= '0' and <= '4'] => ClaimStatusCategory.Error,
        _ => ClaimStatusCategory.Other,
    };

    /// <summary>A short meaning for a person reading the history.</summary>
    public static string Meaning(string category) => category switch
    {
        Forwarded => "forwarded to another entity",
        Received => "received, not yet accepted into adjudication",
        AcceptedIntoAdjudication => "accepted into adjudication",
        ReturnedAsUnprocessable => "returned as unprocessable",
        NotFound => "not found in the payer's adjudication system",
        "A5" => "split upon acceptance",
        "A6" => "rejected for missing information",
        "A7" => "rejected for invalid information",
        "A8" => "rejected for a relational field in error",
        PendingAdjudication => "pending adjudication",
        PendingInProcess => "pending: in process",
        PendingPayerReview => "pending: payer review",
        PendingProviderInformation => "pending: information requested from the provider",
        "P4" => "pending: information requested from the patient",
        "P5" => "pending: payer administrative or system hold",
        Finalized => "finalized",
        FinalizedPayment => "finalized: paid",
        FinalizedDenial => "finalized: denied",
        FinalizedRevised => "finalized: revised",
        FinalizedNoPaymentForthcoming => "finalized: adjudication complete, no payment forthcoming",
        _ => Classify(category) switch
        {
            ClaimStatusCategory.Finalized => "finalized",
            ClaimStatusCategory.RequestForInformation => "the payer requests more information",
            ClaimStatusCategory.Error => "the payer could not answer",
            _ => "status category " + category,
        },
    };
}
