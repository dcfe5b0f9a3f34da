namespace RevenueCycle.EndToEnd.Payments;

/// <summary>
/// Bank files typed by hand in the shape banks send (BAI, Cash Management Balance Reporting Specifications Version 2): amounts in
/// cents without a decimal point; each 16 carries the payer's NACHA CCD+ addenda "TRN*1*&lt;trace&gt;*&lt;originator id&gt;\" in its
/// text, as CAQH CORE 370 has health plans send it and banks pass it on. The control totals and record counts were added by hand:
/// 49 = 03 amounts 1500000 + 1532000 + 32000 and 16 amounts 7000 + 25000 + 12000 = 3108000 over 6 records (03, 16, 16, 88, 16, 49);
/// 98 = 3108000, 1 account, 8 records; 99 = 3108000, 1 group, 10 records.
/// </summary>
public static class DepositFiles
{
    /// <summary>Two ACH credits on 2026-12-04 (70.00 with trace EFT123456 of payer 1512345678; 250.00 with EFT999999 of 1999999999) and a paid check (a debit).</summary>
    public const string TwoCredits =
        """
        01,021000021,RIVERSIDEFM,261205,0600,1,,,2/
        02,RIVERSIDEFM,021000021,1,261204,2400,USD,2/
        03,000123456789,USD,010,1500000,,,015,1532000,,,100,32000,2,/
        16,165,7000,0,BNK0001,,HCCLAIMPMT ACME HEALTH PLAN TRN*1*EFT123456*1512345678\
        16,165,25000,0,BNK0002,,HCCLAIMPMT OTHER HEALTH PLAN
        88,TRN*1*EFT999999*1999999999\
        16,475,12000,0,BNK0003,1001,CHECK PAID
        49,3108000,6/
        98,3108000,1,8/
        99,3108000,1,10/
        """;

    /// <summary>The same deposits as <see cref="TwoCredits"/> in a bank portal's CSV export.</summary>
    public const string TwoCreditsCsv =
        """
        date,amount,reference,description
        2026-12-04,70.00,TRN*1*EFT123456*1512345678\,"HCCLAIMPMT ACME HEALTH PLAN, ACH"
        12/04/2026,250.00,EFT999999,HCCLAIMPMT OTHER HEALTH PLAN
        """;
}
