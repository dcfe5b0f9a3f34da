using System.Globalization;
using System.Text;
using RevenueCycle.PatientBilling.Settings;

namespace RevenueCycle.PatientBilling.Statements;

/// <summary>
/// The statement as a letter-size page a practice can print and mail in a double-window envelope:
/// the practice's return address and the patient's mailing address sit where the windows are, and the
/// remittance stub at the foot is cut off and returned with the check.
/// </summary>
public static class StatementHtml
{
    static readonly CultureInfo Us = CultureInfo.InvariantCulture;

    public static string Render(Statement s)
    {
        var h = new StringBuilder(16_384);
        var title = s.Notice switch
        {
            Notice.SecondStatement => "Second Statement",
            Notice.FinalNotice => "Final Notice",
            Notice.PaymentPlan => "Payment Plan Statement",
            _ => "Patient Statement",
        };
        h.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{E(title)}} — {{E(s.Patient.Name)}} — {{D(s.StatementDate)}}</title>
            <style>
              @page { size: letter; margin: 0.45in; }
              * { box-sizing: border-box; }
              body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #1a1a1a; margin: 0; }
              .page { max-width: 7.6in; margin: 0 auto; }
              header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #1f4e79; padding-bottom: 8px; }
              .practice-name { font-size: 15pt; font-weight: bold; color: #1f4e79; }
              .doc-title { text-align: right; }
              .doc-title h1 { margin: 0 0 4px; font-size: 16pt; letter-spacing: 0.04em; text-transform: uppercase; color: #1f4e79; }
              .keyfacts { border-collapse: collapse; margin-left: auto; }
              .keyfacts td { padding: 1px 0 1px 12px; text-align: right; }
              .keyfacts td:first-child { color: #555; }
              .addresses { display: flex; justify-content: space-between; margin: 18px 0 12px; }
              .mailing { min-height: 1in; padding-left: 0.4in; font-size: 11pt; line-height: 1.3; }
              .due-box { border: 2px solid #1f4e79; border-radius: 6px; padding: 8px 14px; text-align: center; min-width: 2.3in; }
              .due-box .label { font-size: 9pt; text-transform: uppercase; color: #555; }
              .due-box .amount { font-size: 20pt; font-weight: bold; }
              .notice { padding: 8px 12px; margin: 8px 0; border-left: 5px solid #1f4e79; background: #eef3f8; }
              .notice.final-notice { border-color: #a11; background: #fbeaea; font-weight: bold; }
              .notice.second-statement { border-color: #b86e00; background: #fff4e0; }
              h2 { font-size: 11pt; margin: 14px 0 4px; color: #1f4e79; border-bottom: 1px solid #c8d3df; padding-bottom: 2px; }
              table.grid { width: 100%; border-collapse: collapse; }
              table.grid th { text-align: left; font-size: 8.5pt; text-transform: uppercase; color: #555; border-bottom: 1px solid #999; padding: 3px 4px; }
              table.grid td { padding: 3px 4px; border-bottom: 1px solid #eee; vertical-align: top; }
              table.grid .num, table.grid th.num { text-align: right; white-space: nowrap; }
              tr.visit td { background: #f3f6f9; font-weight: bold; border-top: 1px solid #c8d3df; }
              tr.subtotal td { font-style: italic; }
              #pending-insurance td { color: #444; }
              #pending-insurance p { font-size: 9pt; color: #555; margin: 4px 0 0; }
              tr.total td { font-weight: bold; border-top: 2px solid #1a1a1a; }
              .summary { width: 3.6in; margin-left: auto; }
              .columns { display: flex; gap: 0.3in; }
              .columns > div { flex: 1; }
              .message { margin: 12px 0; }
              .stub { margin-top: 18px; border-top: 2px dashed #777; padding-top: 6px; page-break-inside: avoid; }
              .stub .cut { text-align: center; font-size: 8pt; color: #555; margin-bottom: 8px; }
              .stub-body { display: flex; justify-content: space-between; gap: 0.3in; }
              .stub table { border-collapse: collapse; }
              .stub td { padding: 2px 6px 2px 0; }
              .stub .blank { display: inline-block; min-width: 1.4in; border-bottom: 1px solid #333; }
              .card { border: 1px solid #999; padding: 6px; font-size: 8.5pt; margin-top: 6px; }
              .remit { font-size: 11pt; line-height: 1.3; padding-left: 0.4in; margin-top: 10px; }
              @media print { .page { max-width: none; } }
            </style>
            </head>
            <body>
            <div class="page">
            <header>
              <div>
                <div class="practice-name">{{E(s.Practice.Name)}}</div>
                {{Address(s.Practice.AddressLine1, s.Practice.AddressLine2, s.Practice.City, s.Practice.State, s.Practice.Zip)}}
                {{(s.Practice.Phone is null ? "" : $"<div>Billing questions: {E(StatementBuilder.FormatPhone(s.Practice.Phone))}</div>")}}
              </div>
              <div class="doc-title">
                <h1>{{E(title)}}</h1>
                <table class="keyfacts">
                  <tr><td>Statement date</td><td>{{D(s.StatementDate)}}</td></tr>
                  <tr><td>Account number</td><td id="account-number">{{E(s.Patient.AccountNumber)}}</td></tr>
                  <tr><td>Patient</td><td>{{E(s.Patient.Name)}}</td></tr>
                  <tr><td>Payment due by</td><td id="due-date">{{D(s.DueDate)}}</td></tr>
                </table>
              </div>
            </header>
            <div class="addresses">
              <div class="mailing">
                <div>{{E(s.Patient.Name)}}</div>
                {{Address(s.Patient.AddressLine1, s.Patient.AddressLine2, s.Patient.City, s.Patient.State, s.Patient.Zip)}}
              </div>
              <div class="due-box">
                <div class="label">Amount due</div>
                <div class="amount" id="amount-due">{{M(s.AmountDue)}}</div>
                <div class="label">by {{D(s.DueDate)}}</div>
              </div>
            </div>
            <div class="notice {{E(s.Notice)}}">{{E(s.Message)}}</div>

            <h2>Account summary</h2>
            <table class="grid summary">
              <tr><td>Previous balance{{(s.PreviousStatementDate is { } p ? $" ({D(p)})" : "")}}</td><td class="num">{{M(s.PreviousBalance)}}</td></tr>
              <tr><td>New patient responsibility</td><td class="num">{{M(s.NewCharges)}}</td></tr>
              <tr><td>Payments and credits</td><td class="num">{{M(s.PaymentsAndCredits)}}</td></tr>
              <tr class="total"><td>Account balance</td><td class="num" id="balance">{{M(s.Balance)}}</td></tr>
              <tr class="total"><td>Amount due</td><td class="num">{{M(s.AmountDue)}}</td></tr>
            {{(s.PendingInsurance.Count > 0 ? $"""<tr><td>Pending with insurance (not included above)</td><td class="num" id="pending-insurance-total">{M(s.PendingInsuranceTotal)}</td></tr>""" : "")}}
            </table>

            <h2>Services</h2>
            <table class="grid">
              <tr><th>Date / service</th><th class="num">Charges</th><th class="num">Insurance paid</th><th class="num">Adjustments</th><th class="num">Your share</th><th class="num">You paid</th><th class="num">Balance</th></tr>
            """);
        foreach (var v in s.DatesOfService)
        {
            h.Append($"""<tr class="visit"><td colspan="7">Date of service {D(v.DateOfService)}{(v.Payers.Count > 0 ? " — billed to " + E(string.Join(", ", v.Payers)) : "")}</td></tr>""").Append('\n');
            foreach (var l in v.Services)
            {
                var code = l.ProcedureCode.Length == 0 ? "Visit" : l.ProcedureCode + (l.Modifiers.Count > 0 ? "-" + string.Join("-", l.Modifiers) : "");
                h.Append($"""<tr><td>&nbsp;&nbsp;{E(code)}</td><td class="num">{M(l.Charge)}</td><td class="num">{M(l.InsurancePaid)}</td><td class="num">{M(l.Adjustments)}</td><td class="num">{M(l.PatientOwes)}</td><td></td><td></td></tr>""").Append('\n');
            }
            h.Append($"""<tr class="subtotal"><td>&nbsp;&nbsp;Total for {D(v.DateOfService)}</td><td class="num">{M(v.Charges)}</td><td class="num">{M(v.InsurancePaid)}</td><td class="num">{M(v.Adjustments)}</td><td class="num">{M(v.PatientOwes)}</td><td class="num">{M(v.PatientPaid)}</td><td class="num">{M(v.Remaining)}</td></tr>""").Append('\n');
        }
        if (s.DatesOfService.Count == 0) h.Append("""<tr><td colspan="7">No new services this period.</td></tr>""");
        h.Append("</table>\n");
        PendingInsurance(h, s);
        h.Append("<div class=\"columns\"><div>\n<h2>Payments and credits since your last statement</h2>\n<table class=\"grid\">\n<tr><th>Date</th><th>Description</th><th class=\"num\">Amount</th></tr>\n");
        foreach (var a in s.PaymentsSinceLastStatement)
            h.Append($"""<tr><td>{D(a.Date)}</td><td>{E(a.Description)}{(a.Reference is null ? "" : " #" + E(a.Reference))}</td><td class="num">{M(a.Amount)}</td></tr>""").Append('\n');
        if (s.PaymentsSinceLastStatement.Count == 0) h.Append("""<tr><td colspan="3">None</td></tr>""");
        h.Append($$"""
            </table>
            </div><div>
            <h2>Account aging</h2>
            <table class="grid">
              <tr><th class="num">0–30</th><th class="num">31–60</th><th class="num">61–90</th><th class="num">91–120</th><th class="num">Over 120</th></tr>
              <tr><td class="num">{{M(s.Aging.Current)}}</td><td class="num">{{M(s.Aging.Days31To60)}}</td><td class="num">{{M(s.Aging.Days61To90)}}</td><td class="num">{{M(s.Aging.Days91To120)}}</td><td class="num">{{M(s.Aging.Over120)}}</td></tr>
            </table>
            {{(s.UnappliedCredit > 0 ? $"<p>Unapplied credit on your account: {M(s.UnappliedCredit)}</p>" : "")}}
            {{(s.PaymentPlan is { } plan ? $"<p>Payment plan: {M(plan.Paid)} paid of {M(plan.Amount)}; {M(plan.Remaining)} remaining{(plan.NextDueDate is { } n ? $"; next installment {M(plan.NextInstallment ?? 0)} due {D(n)}" : "")}.</p>" : "")}}
            </div></div>

            <section class="stub">
              <div class="cut">✂ Please detach and return this portion with your payment. Make checks payable to {{E(s.Practice.Name)}}.</div>
              <div class="stub-body">
                <div>
                  <table>
                    <tr><td>Patient</td><td><strong>{{E(s.Patient.Name)}}</strong></td></tr>
                    <tr><td>Account number</td><td><strong>{{E(s.Patient.AccountNumber)}}</strong></td></tr>
                    <tr><td>Statement date</td><td>{{D(s.StatementDate)}}</td></tr>
                    <tr><td>Due by</td><td>{{D(s.DueDate)}}</td></tr>
                    <tr><td>Amount due</td><td><strong id="stub-amount-due">{{M(s.AmountDue)}}</strong></td></tr>
                    <tr><td>Amount enclosed</td><td>$<span class="blank">&nbsp;</span></td></tr>
                  </table>
                  <div class="card">Pay by card: ☐ Visa ☐ Mastercard ☐ Discover ☐ Amex<br>
                    Card number <span class="blank" style="min-width:2.4in">&nbsp;</span> Exp. <span class="blank" style="min-width:0.6in">&nbsp;</span><br>
                    Signature <span class="blank" style="min-width:2.9in">&nbsp;</span></div>
                </div>
                <div class="remit">
                  <div>Remit to:</div>
                  <div><strong>{{E(s.Practice.Name)}}</strong></div>
                  {{Address(s.Practice.AddressLine1, s.Practice.AddressLine2, s.Practice.City, s.Practice.State, s.Practice.Zip)}}
                </div>
              </div>
            </section>
            </div>
            </body>
            </html>
            """);
        return h.ToString();
    }

    /// <summary>Visits a payer has not answered yet: shown so the patient knows they are coming, never in the amount due.</summary>
    static void PendingInsurance(StringBuilder h, Statement s)
    {
        if (s.PendingInsurance.Count == 0) return;
        h.Append("""
            <section id="pending-insurance">
            <h2>Pending with your insurance — not included in the amount due</h2>
            <table class="grid">
              <tr><th>Date of service</th><th>Billed to</th><th>Sent</th><th class="num">Charges</th><th class="num">Insurance paid</th><th class="num">Pending with insurance</th></tr>

            """);
        foreach (var v in s.PendingInsurance)
            h.Append($"""<tr class="pending"><td>{D(v.DateOfService)}</td><td>{E(v.Payer)} ({E(v.PayerResponsibility)})</td><td>{D(v.SentOn)}</td><td class="num">{M(v.Charges)}</td><td class="num">{M(v.InsurancePaid)}</td><td class="num">{M(v.Pending)}</td></tr>""").Append('\n');
        h.Append("""
            </table>
            <p>We have billed your insurance for these visits. Once it has processed them, we will bill you for any part it leaves to you.</p>
            </section>

            """);
    }

    static string Address(string line1, string? line2, string city, string state, string zip)
    {
        if (line1.Length == 0) return "";
        var z = zip.Length == 9 ? $"{zip[..5]}-{zip[5..]}" : zip;
        return $"<div>{E(line1)}</div>{(string.IsNullOrEmpty(line2) ? "" : $"<div>{E(line2)}</div>")}<div>{E(city)}, {E(state)} {E(z)}</div>";
    }

    static string E(string s) => System.Net.WebUtility.HtmlEncode(s);
    static string D(DateOnly d) => d.ToString("MM/dd/yyyy", Us);
    static string M(decimal m) => (m < 0 ? "-$" : "$") + Math.Abs(m).ToString("N2", Us);
}
