namespace RevenueCycle.X12.Tests.Samples;

/// <summary>
/// 277 claim status responses (005010X212) typed by hand in the shapes payers send, not written by our writer: the loops follow
/// the X212 guide's 2000A..2220E structure (2200D/E: TRN*2, STC 1..n, REF*1K, REF*BLT, REF*EJ, DTP*472; 2220D: SVC, STC, REF*FJ,
/// DTP*472 — as the Hippo gem's HIPAA_277 loop definitions lay it out, github.com/drhenner/hippo lib/hippo/transaction_sets/HIPAA_277),
/// the STC elements the X12 STC segment reference gives (STC04 total charge, STC05 amount paid, STC06 paid date, STC07 payment method,
/// STC08 check issue date, STC09 check number, STC10/11 further statuses, STC12 message: stedi.com/edi/x12-004010/segment/STC), and
/// the category codes of X12 code list 507 (A4 not found, P1 pending/in process, F1 finalized/payment; x12.org/codes/claim-status-category-codes).
/// </summary>
public static class Sample277
{
    /// <summary>In process: P1 with status 20 (accepted for processing), then a second STC asking the provider for information (P3, 21), a PER contact at 2100A.</summary>
    public const string Pending = """
ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*RIVERSIDEFM    *240415*0930*^*00501*000000901*0*P*:~
GS*HN*ACMEHEALTH*RIVERSIDEFM*20240415*0930*901*X*005010X212~
ST*277*0001*005010X212~
BHT*0010*08*CS-0001*20240415*0930*DG~
HL*1**20*1~
NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~
PER*IC*PROVIDER SERVICES*TE*8005551212~
HL*2*1*21*1~
NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*RIVERSIDEFM~
HL*3*2*19*1~
NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~
HL*4*3*22*0~
NM1*IL*1*DOE*JANE****MI*MEM123~
TRN*2*CS-TRACE-17~
STC*P1:20*20240415**150~
STC*P3:21:1P*20240415**150~
REF*1K*ACME2024041000017~
REF*EJ*PCN-17~
DTP*472*D8*20240402~
SE*18*0001~
GE*1*901~
IEA*1*000000901~
""";

    /// <summary>
    /// Finalized and paid by check: F1:65 with the charge, the amount paid, the paid date, CHK, the check's date and number; a second
    /// claim-level STC (104, processed according to plan provisions); two service lines with their own STCs, one with an STC10.
    /// </summary>
    public const string FinalizedPaid = """
ISA*00*          *00*          *ZZ*ACMEHEALTH     *ZZ*RIVERSIDEFM    *240415*1000*^*00501*000000902*0*P*:~
GS*HN*ACMEHEALTH*RIVERSIDEFM*20240415*1000*902*X*005010X212~
ST*277*0002*005010X212~
BHT*0010*08*CS-0002*20240415*1000*DG~
HL*1**20*1~
NM1*PR*2*ACME HEALTH PLAN*****PI*ACME01~
HL*2*1*21*1~
NM1*41*2*RIVERSIDE FAMILY MEDICINE*****46*RIVERSIDEFM~
HL*3*2*19*1~
NM1*1P*2*RIVERSIDE FAMILY MEDICINE*****XX*1234567893~
HL*4*3*22*0~
NM1*IL*1*DOE*JANE****MI*MEM123~
TRN*2*CS-TRACE-18~
STC*F1:65*20240410**150*112.5*20240408*CHK*20240410*00045678~
STC*F1:104*20240410~
REF*1K*ACME2024040100018~
REF*EJ*PCN-18~
DTP*472*RD8*20240401-20240402~
SVC*HC:99213:25*100*80~
STC*F1:65*20240410~
REF*FJ*1~
DTP*472*D8*20240401~
SVC*HC:85025*50*32.5****1~
STC*F1:65*20240410~
STC*F1:107*20240410********F1:1~
REF*FJ*2~
DTP*472*D8*20240402~
SE*26*0002~
GE*1*902~
IEA*1*000000902~
""";

    /// <summary>
    /// Not on file, with other delimiters (| and >) and CR LF line breaks: a subscriber's claim A4:35 with the message payers put in
    /// STC12, and a dependent's claim (HL 23, NM1*QC) answered A4:35:QC then D0:35.
    /// </summary>
    public const string NotFound = "ISA|00|          |00|          |ZZ|ACMEHEALTH     |ZZ|RIVERSIDEFM    |240415|1015|^|00501|000000903|0|P|>~\r\n"
        + "GS|HN|ACMEHEALTH|RIVERSIDEFM|20240415|1015|903|X|005010X212~\r\n"
        + "ST|277|0003|005010X212~\r\n"
        + "BHT|0010|08|CS-0003|20240415|1015|DG~\r\n"
        + "HL|1||20|1~\r\n"
        + "NM1|PR|2|ACME HEALTH PLAN|||||PI|ACME01~\r\n"
        + "HL|2|1|21|1~\r\n"
        + "NM1|41|2|RIVERSIDE FAMILY MEDICINE|||||46|RIVERSIDEFM~\r\n"
        + "HL|3|2|19|1~\r\n"
        + "NM1|1P|2|RIVERSIDE FAMILY MEDICINE|||||XX|1234567893~\r\n"
        + "HL|4|3|22|0~\r\n"
        + "NM1|IL|1|ROE|RICHARD||||MI|MEM456~\r\n"
        + "TRN|2|CS-TRACE-31~\r\n"
        + "STC|A4>35|20240415||||||||||CLAIM NOT ON FILE~\r\n"
        + "REF|EJ|PCN-31~\r\n"
        + "DTP|472|RD8|20240301-20240302~\r\n"
        + "HL|5|3|22|1~\r\n"
        + "NM1|IL|1|SMITH|ANN||||MI|MEM789~\r\n"
        + "HL|6|5|23~\r\n"
        + "NM1|QC|1|SMITH|TOMMY~\r\n"
        + "TRN|2|CS-TRACE-32~\r\n"
        + "STC|A4>35>QC|20240415~\r\n"
        + "STC|D0>35|20240415~\r\n"
        + "REF|EJ|PCN-32~\r\n"
        + "DTP|472|D8|20240305~\r\n"
        + "SE|24|0003~\r\n"
        + "GE|1|903~\r\n"
        + "IEA|1|000000903~\r\n";
}
