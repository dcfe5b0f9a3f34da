import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { date, money, titleCase } from "../../lib/format";
import { useSession } from "../../lib/session";
import { ErrorBox } from "../../components/ErrorBox";
import { AdjustmentForm, PaymentForm, PaymentPlanForm, RefundForm } from "./AccountForms";
import type { Account, LedgerEntry } from "./types";

const PageSize = 20;

/** The patient's account: balance, the ledger (with the balance after each entry), statements, the plan, and what the user may do to it. */
export function AccountPanel({ patientId }: { patientId: string }) {
  const { can } = useSession();
  const base = `/api/patient-billing/accounts/${patientId}`;
  const account = useQuery({ queryKey: ["account", patientId], queryFn: () => api.get<Account>(base), retry: false });
  if (account.isLoading) return <p>Loading the account…</p>;
  if (account.error) {
    const missing = account.error instanceof ApiError && account.error.status === 404;
    return (
      <section className="panel" aria-labelledby="account">
        <h2 id="account">Account</h2>
        {missing ? <p>No billing account yet: it opens a moment after registration.</p> : <ErrorBox error={account.error} />}
      </section>
    );
  }
  const a = account.data!;
  return (
    <>
      <section className="panel" aria-labelledby="account">
        <h2 id="account">Account</h2>
        <dl className="facts account-summary">
          <dt>Balance</dt>
          <dd>
            <strong data-testid="balance">{money(a.balance)}</strong>
            {a.balance < 0 && <span className="badge warn"> credit</span>}
          </dd>
          <dt>Status</dt>
          <dd>
            <span className={`badge ${a.status === "collections" ? "bad" : "good"}`}>{titleCase(a.status)}</span>
            {a.collectionsAt && ` since ${date(a.collectionsAt)}`}
          </dd>
          <dt>Unapplied credit</dt>
          <dd>{money(a.unappliedCredit)}</dd>
          <dt>Dunning step</dt>
          <dd>{a.dunningStep}</dd>
          <dt>Claims with insurance</dt>
          <dd>{a.claimsWithInsurance ? "Yes: part of the balance may still change" : "No"}</dd>
        </dl>
      </section>
      <div className="columns">
        {can(`${base}/payments`) && <PaymentForm patientId={patientId} />}
        {can(`${base}/payment-plans`) && <PaymentPlanForm patientId={patientId} plan={a.paymentPlan ?? null} balance={a.balance} />}
        {can(`${base}/refunds`) && <RefundForm patientId={patientId} credit={a.creditBalance} />}
        {can(`${base}/adjustments`) && <AdjustmentForm patientId={patientId} />}
      </div>
      <Ledger entries={a.entries} />
      <section className="panel" aria-labelledby="statements">
        <h2 id="statements">Statements</h2>
        {a.statements.length === 0 ? (
          <p>No statement issued yet.</p>
        ) : (
          <table>
            <caption>Statements</caption>
            <thead>
              <tr>
                <th scope="col">Statement date</th>
                <th scope="col">Due</th>
                <th scope="col">Notice</th>
                <th scope="col" className="num">Balance</th>
                <th scope="col" className="num">Amount due</th>
                <th scope="col">Printable</th>
              </tr>
            </thead>
            <tbody>
              {[...a.statements].reverse().map((s) => (
                <tr key={s.id}>
                  <td>{date(s.statementDate)}</td>
                  <td>{date(s.dueDate)}</td>
                  <td>
                    <span className="badge">{titleCase(s.notice)}</span>
                  </td>
                  <td className="num">{money(s.balance)}</td>
                  <td className="num">{money(s.amountDue)}</td>
                  <td>
                    <a href={`/api/patient-billing/statements/${s.id}/html`} target="_blank" rel="noopener">
                      Open statement of {date(s.statementDate)} <span className="visually-hidden">(opens in a new tab)</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Newest first, each with the balance after it; paged here (the account answer carries every entry). */
function Ledger({ entries }: { entries: LedgerEntry[] }) {
  const [page, setPage] = useState(0);
  let running = 0;
  const rows = entries.map((e) => ({ ...e, after: (running = Math.round((running + e.amount) * 100) / 100) })).reverse();
  const pages = Math.max(1, Math.ceil(rows.length / PageSize));
  const shown = rows.slice(page * PageSize, (page + 1) * PageSize);
  return (
    <section className="panel" aria-labelledby="ledger">
      <h2 id="ledger">Ledger</h2>
      <table>
        <caption>Account ledger, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Kind</th>
            <th scope="col">Description</th>
            <th scope="col">Date of service</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col" className="num">Balance after</th>
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={6}>No entries yet.</td>
            </tr>
          )}
          {shown.map((e) => (
            <tr key={e.id}>
              <td>{date(e.effectiveDate)}</td>
              <td>
                <span className={`badge ${e.amount < 0 ? "good" : ""}`}>{titleCase(e.kind)}</span>
              </td>
              <td>
                {e.description}
                {e.reference ? ` (ref. ${e.reference})` : ""}
              </td>
              <td>{date(e.dateOfService)}</td>
              <td className="num">{money(e.amount)}</td>
              <td className="num">{money(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label="Ledger pages">
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          Previous page
        </button>
        <span>
          Page {page + 1} of {pages}
        </span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          Next page
        </button>
      </nav>
    </section>
  );
}
