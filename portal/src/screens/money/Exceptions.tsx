import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, qs, type Page } from "../../lib/api";
import { Link } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { useSession } from "../../lib/session";
import { DataTable } from "../../components/DataTable";
import { ErrorBox } from "../../components/ErrorBox";
import { useAssigneeOptions, usePersonName, WorkItemPanel } from "../../components/WorkItemPanel";
import { claimStatuses } from "./carc";

// Posting exceptions: CLPs of an 835 that could not be posted (no claim with that CLP01/CLP07, a claim in a state that cannot take it).
// A biller matches one to the right claim by hand (it then posts as the payer's adjudication of that claim) or dismisses it with a reason.

interface Exception {
  id: string;
  remittanceId: string;
  patientControlNumber: string;
  payerClaimNumber?: string | null;
  statusCode: number;
  charge: number;
  paid: number;
  payerName: string;
  reason: string;
  detail: string;
  status: string;
  resolvedClaimId?: string | null;
  resolutionNote?: string | null;
  createdAt: string;
  resolvedAt?: string | null;
  assignee?: string | null;
  pendedUntil?: string | null;
  commentCount?: number | null;
}

interface Claim {
  id: string;
  patientControlNumber: string;
  payerName: string;
  dateOfService: string;
  totalCharge: number;
  status: string;
}

interface Ledger {
  claimId: string;
  patientControlNumber: string;
  charge: number;
  insurancePaid: number;
  adjustments: number;
  patientResponsibility: number;
  insuranceBalance: number;
}

const statusBadge = (s: string) => <span className={`badge ${s === "open" ? "warn" : s === "resolved" ? "good" : ""}`}>{titleCase(s)}</span>;

export function PostingExceptions() {
  const assignees = useAssigneeOptions();
  const person = usePersonName();
  return (
    <DataTable<Exception>
      id="exceptions"
      endpoint="/api/payments/exceptions"
      caption="Posting exceptions"
      rowKey={(r) => r.id}
      defaultSort="created"
      filters={[
        { name: "status", label: "Status (open unless chosen)", type: "select", options: ["open", "resolved", "dismissed", "all"].map((v) => ({ value: v, label: titleCase(v) })) },
        { name: "payer", label: "Payer name" },
        { name: "reason", label: "Reason" },
        { name: "minAmount", label: "Charge from ($)", type: "number" },
        { name: "maxAmount", label: "Charge to ($)", type: "number" },
        { name: "assignee", label: "Assigned to", type: "select", options: assignees },
        { name: "includePended", label: "Pended items", type: "select", options: [{ value: "true", label: "Include pended" }] },
      ]}
      columns={[
        { header: "Patient control number", render: (r) => <Link to={`/payments/exceptions/${r.id}`} aria-label={`Open exception ${r.patientControlNumber}`}>{r.patientControlNumber}</Link> },
        { header: "Payer", render: (r) => r.payerName },
        { header: "Payer claim number", render: (r) => r.payerClaimNumber ?? "—" },
        { header: "Charge", render: (r) => money(r.charge), sort: "amount", numeric: true },
        { header: "Paid", render: (r) => money(r.paid), sort: "paid", numeric: true },
        { header: "Reason", render: (r) => <span title={r.detail}>{titleCase(r.reason)}</span> },
        { header: "Status", render: (r) => statusBadge(r.status) },
        { header: "Received", render: (r) => date(r.createdAt), sort: "created" },
        { header: "Assigned to", render: (r) => (r.assignee ? person(r.assignee) : "—") },
      ]}
      empty="No posting exceptions for these filters."
    />
  );
}

function LedgerSummary({ claimId }: { claimId: string }) {
  const ledger = useQuery({ queryKey: [`/api/payments/claims/${claimId}/ledger`], queryFn: () => api.get<Ledger>(`/api/payments/claims/${claimId}/ledger`) });
  if (ledger.error) return <ErrorBox error={ledger.error} />;
  const l = ledger.data;
  if (!l) return <p>Loading the claim's ledger…</p>;
  return (
    <section className="panel" aria-labelledby="ledger-heading">
      <h3 id="ledger-heading">Ledger of claim {l.patientControlNumber}</h3>
      <dl className="facts">
        <dt>Charge</dt>
        <dd>{money(l.charge)}</dd>
        <dt>Insurance paid</dt>
        <dd data-field="insurance-paid">{money(l.insurancePaid)}</dd>
        <dt>Adjustments</dt>
        <dd>{money(l.adjustments)}</dd>
        <dt>Patient responsibility</dt>
        <dd>{money(l.patientResponsibility)}</dd>
        <dt>Insurance balance</dt>
        <dd>{money(l.insuranceBalance)}</dd>
      </dl>
      <p>
        <Link to={`/claims/${l.claimId}`}>Open the claim</Link>
      </p>
    </section>
  );
}

export function PostingException({ id }: { id: string }) {
  const { can } = useSession();
  const queries = useQueryClient();
  const query = useQuery({ queryKey: [`/api/payments/exceptions/${id}`], queryFn: () => api.get<Exception>(`/api/payments/exceptions/${id}`) });
  const e = query.data;
  const [claimId, setClaimId] = useState("");
  const [note, setNote] = useState("");
  const [dismissReason, setDismissReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  // Candidates: the practice's claims with the CLP's charge (CLP03), the figure a payer never changes.
  const candidatesUrl = e ? "/api/claims" + qs({ minAmount: e.charge, maxAmount: e.charge, sort: "-created", limit: 10 }) : "";
  const candidates = useQuery({ queryKey: [candidatesUrl], queryFn: () => api.get<Page<Claim>>(candidatesUrl), enabled: !!e && e.status === "open" });
  const resolve = useMutation({
    mutationFn: (body: { claimId?: string; action?: string; reason?: string }) => api.post<Exception>(`/api/payments/exceptions/${id}/resolve`, body),
    onSuccess: async (resolved) => {
      setDone(resolved.status === "resolved" ? "Matched: the payment is posted to the claim." : "Dismissed: nothing was posted.");
      queries.setQueryData([`/api/payments/exceptions/${id}`], resolved);
      await queries.invalidateQueries();
    },
    onError: () => setDone(null),
  });
  const mayResolve = can(`/api/payments/exceptions/${id}/resolve`);
  const match = (claim: string) => resolve.mutate({ claimId: claim, reason: note.trim() || undefined });
  const matchTyped = (ev: FormEvent) => {
    ev.preventDefault();
    match(claimId.trim());
  };
  const dismiss = (ev: FormEvent) => {
    ev.preventDefault();
    resolve.mutate({ action: "dismiss", reason: dismissReason });
  };

  return (
    <>
      <p>
        <Link to="/payments/exceptions">Back to posting exceptions</Link>
      </p>
      {query.error && <ErrorBox error={query.error} />}
      {e && (
        <div className={e.status === "open" ? "split" : undefined}>
          <div>
            <h2>
              Posting exception {e.patientControlNumber} {statusBadge(e.status)}
            </h2>
            <section className="panel" aria-label="The CLP that could not be posted">
              <dl className="facts">
                <dt>Why</dt>
                <dd>{e.detail}</dd>
                <dt>Payer</dt>
                <dd>{e.payerName}</dd>
                <dt>Patient control number (CLP01)</dt>
                <dd>{e.patientControlNumber}</dd>
                <dt>Payer claim number (CLP07)</dt>
                <dd>{e.payerClaimNumber ?? "—"}</dd>
                <dt>Claim status (CLP02)</dt>
                <dd>{claimStatuses[e.statusCode] ?? e.statusCode}</dd>
                <dt>Charge (CLP03)</dt>
                <dd>{money(e.charge)}</dd>
                <dt>Paid (CLP04)</dt>
                <dd>{money(e.paid)}</dd>
                <dt>Remittance</dt>
                <dd>
                  <Link to={`/payments/remittances/${e.remittanceId}`}>Open the EOB</Link>
                </dd>
                {e.resolutionNote && (
                  <>
                    <dt>Resolution note</dt>
                    <dd>{e.resolutionNote}</dd>
                  </>
                )}
                {e.resolvedAt && (
                  <>
                    <dt>Resolved</dt>
                    <dd>{date(e.resolvedAt)}</dd>
                  </>
                )}
              </dl>
            </section>
            {resolve.error && <ErrorBox error={resolve.error} />}
            {done && (
              <p role="status" className="notice">
                {done}
              </p>
            )}
            {e.resolvedClaimId && <LedgerSummary claimId={e.resolvedClaimId} />}
            {e.status === "open" && mayResolve && (
              <>
                <section className="panel" aria-labelledby="match-heading">
                  <h3 id="match-heading">Match to a claim by hand</h3>
                  <label>
                    Match note (optional)
                    <input type="text" maxLength={500} value={note} onChange={(ev) => setNote(ev.target.value)} placeholder="e.g. payer keyed the account number wrong" />
                  </label>
                  {candidates.error && <ErrorBox error={candidates.error} />}
                  <table>
                    <caption>Claims with the same charge ({money(e.charge)})</caption>
                    <thead>
                      <tr>
                        <th scope="col">Patient control number</th>
                        <th scope="col">Payer</th>
                        <th scope="col">Service date</th>
                        <th scope="col">Status</th>
                        <th scope="col">
                          <span className="visually-hidden">Action</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {candidates.data?.items.length === 0 && (
                        <tr>
                          <td colSpan={5}>No claim has this charge; enter the claim's id below.</td>
                        </tr>
                      )}
                      {candidates.data?.items.map((c) => (
                        <tr key={c.id}>
                          <td>
                            <Link to={`/claims/${c.id}`}>{c.patientControlNumber}</Link>
                          </td>
                          <td>{c.payerName}</td>
                          <td>{date(c.dateOfService)}</td>
                          <td>
                            <span className="badge">{titleCase(c.status)}</span>
                          </td>
                          <td>
                            <button type="button" disabled={resolve.isPending} onClick={() => match(c.id)} aria-label={`Match to claim ${c.patientControlNumber}`}>
                              Match
                            </button>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <form className="inline" onSubmit={matchTyped}>
                    <label>
                      Claim id
                      <input type="text" value={claimId} onChange={(ev) => setClaimId(ev.target.value)} placeholder="00000000-0000-…" />
                    </label>
                    <button type="submit" disabled={resolve.isPending || !claimId.trim()}>
                      Match to this claim
                    </button>
                  </form>
                </section>
                <section className="panel" aria-labelledby="dismiss-heading">
                  <h3 id="dismiss-heading">Dismiss</h3>
                  <form className="inline" onSubmit={dismiss}>
                    <label>
                      Dismiss reason
                      <input type="text" required maxLength={500} value={dismissReason} onChange={(ev) => setDismissReason(ev.target.value)} />
                    </label>
                    <button type="submit" className="danger" disabled={resolve.isPending || !dismissReason.trim()}>
                      Dismiss without posting
                    </button>
                  </form>
                </section>
              </>
            )}
          </div>
          {e.status === "open" && <WorkItemPanel queue="posting-exceptions" itemId={e.id} label={`exception ${e.patientControlNumber}`} />}
        </div>
      )}
    </>
  );
}
