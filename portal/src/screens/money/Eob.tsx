import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { Link } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { allowedOf, carcMeaning, claimStatuses, groups } from "./carc";

// A remittance read as an explanation of benefits: the payment (BPR/TRN), each claim (CLP) with its lines (SVC), every adjustment
// (CAS group and CARC) and the provider-level adjustments (PLB), with the X221A1 balancing BPR02 = Σ CLP04 − Σ PLB.

interface Cas {
  group: string;
  reason: string;
  carc?: string;
  amount: number;
  line?: number | null;
  meaning?: string | null;
}

interface Line {
  procedureCode: string;
  modifiers: string[];
  submittedProcedureCode?: string | null;
  charge: number;
  paid: number;
  serviceDate?: string | null;
  adjustments: Cas[];
  rarcs: string[];
}

interface EobClaim {
  id: string;
  patientControlNumber: string;
  payerClaimNumber?: string | null;
  claimId?: string | null;
  statusCode: number;
  charge: number;
  paid: number;
  patientResponsibility: number;
  adjustments: Cas[];
  lines: Line[];
}

interface Plb {
  providerIdentifier: string;
  fiscalPeriodDate: string;
  reasonCode: string;
  reference?: string | null;
  amount: number;
  kind: string;
  claimId?: string | null;
  postedToClaim: number;
  note: string;
}

interface Remittance {
  id: string;
  payerName: string;
  traceNumber: string;
  paymentAmount: number;
  paymentDate: string;
  senderId: string;
  interchangeControlNumber: number;
  source: string;
  receivedAt: string;
  claims: EobClaim[];
  providerAdjustments: Plb[];
  exceptions: { id: string; patientControlNumber: string; reason: string; detail: string; status: string }[];
  reconciliation: {
    paymentAmount: number;
    claimsPaid: number;
    providerAdjustments: number;
    difference: number;
    balanced: boolean;
    postedToClaims: number;
    inExceptions: number;
    interestIncome: number;
    recoupedFromClaims: number;
  };
}

function CasList({ items }: { items: Cas[] }) {
  if (items.length === 0) return <>—</>;
  return (
    <>
      {items.map((a, i) => {
        const reason = a.reason ?? a.carc ?? "";
        const meaning = carcMeaning(a.group, reason, a.meaning);
        return (
          <span key={i} className="cas" data-cas={`${a.group}-${reason}`}>
            <abbr title={groups[a.group] ?? a.group}>{a.group}</abbr>-{reason} {money(a.amount)}
            {meaning && <small> {meaning}</small>}
          </span>
        );
      })}
    </>
  );
}

function ClaimPart({ c }: { c: EobClaim }) {
  const claimLevel = c.adjustments.filter((a) => !a.line);
  const status = claimStatuses[c.statusCode] ?? `Status ${c.statusCode}`;
  return (
    <section className="eob-claim" aria-labelledby={`clp-${c.id}`}>
      <h3 id={`clp-${c.id}`}>
        Claim {c.patientControlNumber} <span className={`badge ${c.statusCode === 4 ? "bad" : c.statusCode === 22 ? "warn" : "good"}`}>{status}</span>
      </h3>
      <dl className="facts">
        <dt>Payer claim number</dt>
        <dd>{c.payerClaimNumber ?? "—"}</dd>
        <dt>Charge</dt>
        <dd>{money(c.charge)}</dd>
        <dt>Paid</dt>
        <dd data-field="claim-paid">{money(c.paid)}</dd>
        <dt>Patient responsibility</dt>
        <dd>{money(c.patientResponsibility)}</dd>
        <dt>Posted to</dt>
        <dd>{c.claimId ? <Link to={`/claims/${c.claimId}`}>our claim</Link> : <span className="badge bad">No claim matched (posting exception)</span>}</dd>
        {claimLevel.length > 0 && (
          <>
            <dt>Claim adjustments</dt>
            <dd>
              <CasList items={claimLevel} />
            </dd>
          </>
        )}
      </dl>
      <table>
        <caption>Service lines of claim {c.patientControlNumber}</caption>
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col">Procedure</th>
            <th scope="col">Service date</th>
            <th scope="col" className="num">Charge</th>
            <th scope="col" className="num">Allowed</th>
            <th scope="col" className="num">Paid</th>
            <th scope="col">Adjustments (group-CARC)</th>
            <th scope="col">Remarks</th>
          </tr>
        </thead>
        <tbody>
          {c.lines.map((l, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>
                {[l.procedureCode, ...l.modifiers].join("-")}
                {l.submittedProcedureCode && <small> (billed {l.submittedProcedureCode})</small>}
              </td>
              <td>{date(l.serviceDate)}</td>
              <td className="num">{money(l.charge)}</td>
              <td className="num">{money(allowedOf(l.paid, l.adjustments))}</td>
              <td className="num">{money(l.paid)}</td>
              <td>
                <CasList items={c.adjustments.filter((a) => a.line === i + 1)} />
              </td>
              <td>{l.rarcs.length ? l.rarcs.join(", ") : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Eob({ id }: { id: string }) {
  const query = useQuery({ queryKey: [`/api/remittances/${id}`], queryFn: () => api.get<Remittance>(`/api/remittances/${id}`) });
  const r = query.data;
  return (
    <article className="eob">
      <p>
        <Link to="/payments/remittances">Back to remittances</Link>
      </p>
      {query.error && <ErrorBox error={query.error} />}
      {query.isLoading && <p>Loading…</p>}
      {r && (
        <>
          <h2>
            Remittance from {r.payerName}, {money(r.paymentAmount)}
          </h2>
          <div className="columns">
            <section className="panel" aria-label="Payment">
              <dl className="facts">
                <dt>Payer</dt>
                <dd>{r.payerName}</dd>
                <dt>Check/EFT trace</dt>
                <dd data-field="trace">{r.traceNumber}</dd>
                <dt>Payment date</dt>
                <dd>{date(r.paymentDate)}</dd>
                <dt>Payment amount</dt>
                <dd data-field="payment-amount">{money(r.paymentAmount)}</dd>
                <dt>Sender</dt>
                <dd>
                  {r.senderId} (interchange {r.interchangeControlNumber})
                </dd>
                <dt>Received</dt>
                <dd>
                  {date(r.receivedAt)} <span className="badge">{titleCase(r.source)}</span>
                </dd>
              </dl>
            </section>
            <section className="panel" aria-label="Reconciliation">
              <dl className="facts">
                <dt>Claims paid (Σ CLP04)</dt>
                <dd>{money(r.reconciliation.claimsPaid)}</dd>
                <dt>Provider adjustments (Σ PLB)</dt>
                <dd>{money(r.reconciliation.providerAdjustments)}</dd>
                <dt>Balanced (BPR02 = Σ CLP04 − Σ PLB)</dt>
                <dd>
                  {r.reconciliation.balanced ? <span className="badge good">Balanced</span> : <span className="badge bad">Off by {money(r.reconciliation.difference)}</span>}
                </dd>
                <dt>Posted to claims</dt>
                <dd>{money(r.reconciliation.postedToClaims)}</dd>
                <dt>Waiting in exceptions</dt>
                <dd>{money(r.reconciliation.inExceptions)}</dd>
              </dl>
            </section>
          </div>
          {r.claims.map((c) => (
            <ClaimPart key={c.id} c={c} />
          ))}
          {r.providerAdjustments.length === 0 ? (
            <p>No provider-level adjustments (PLB).</p>
          ) : (
            <table>
              <caption>Provider-level adjustments (PLB); a positive amount reduces the payment</caption>
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">Reference</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Fiscal period</th>
                  <th scope="col" className="num">Amount</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {r.providerAdjustments.map((p, i) => (
                  <tr key={i} data-plb={p.reasonCode}>
                    <td>{p.reasonCode}</td>
                    <td>{p.reference ?? "—"}</td>
                    <td>{titleCase(p.kind)}</td>
                    <td>{date(p.fiscalPeriodDate)}</td>
                    <td className="num">{money(p.amount)}</td>
                    <td>{p.note}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {r.exceptions.length > 0 && (
            <>
              <h3>Posting exceptions</h3>
              <ul>
                {r.exceptions.map((e) => (
                  <li key={e.id}>
                    <Link to={`/payments/exceptions/${e.id}`}>{e.patientControlNumber}</Link>: {e.detail} <span className="badge">{titleCase(e.status)}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </article>
  );
}
