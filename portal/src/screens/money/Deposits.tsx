import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, request, type Page } from "../../lib/api";
import { Link } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { useSession } from "../../lib/session";
import { DataTable } from "../../components/DataTable";
import { ErrorBox } from "../../components/ErrorBox";
import { usePersonName } from "../../components/WorkItemPanel";
import { Upload } from "./Upload";

// Bank deposits (BAI2 or CSV) and their matching to 835s by trace (TRN02) and amount (BPR02): the money the bank received against
// the money the payers said they sent.

interface DepositView {
  id: string;
  depositDate: string;
  amount: number;
  traceNumber?: string | null;
  payerId?: string | null;
  bankReference?: string | null;
  customerReference?: string | null;
  typeCode?: string | null;
  description?: string | null;
  status: string;
  flag?: string | null;
  flagDetail?: string | null;
  remittanceId?: string | null;
  remittancePayerName?: string | null;
  remittanceTraceNumber?: string | null;
  remittanceAmount?: number | null;
  matchedAt?: string | null;
  matchedBy?: string | null;
  matchMethod?: string | null;
  matchNote?: string | null;
  receivedAt: string;
}

interface DepositDetail {
  deposit: DepositView;
  history: { remittanceId: string; action: string; method: string; performedBy: string; reason?: string | null; at: string }[];
}

interface UploadResult {
  format: string;
  created: number;
  duplicates: number;
  deposits: { id: string; amount: number; status: string; duplicate: boolean }[];
}

interface RemittanceSummary {
  id: string;
  payerName: string;
  traceNumber: string;
  paymentAmount: number;
  paymentDate: string;
}

const statusBadge = (s: string) => <span className={`badge ${s === "matched" ? "good" : s === "flagged" ? "bad" : "warn"}`}>{titleCase(s)}</span>;

export function Deposits() {
  const { can } = useSession();
  const [format, setFormat] = useState("text/csv");
  return (
    <>
      {can("/api/payments/deposits") && (
        <Upload<UploadResult>
          title="Upload a bank deposit file"
          fieldLabel="Deposit file text (BAI2, or CSV: date, amount, reference[, description])"
          accept=".bai,.bai2,.csv,.txt"
          send={(text) => request("/api/payments/deposits", { method: "POST", text, contentType: format })}
          onDone={(r) => `${r.format.toUpperCase()} file: ${r.created} new deposit${r.created === 1 ? "" : "s"}, ${r.duplicates} already received; ${r.deposits.filter((d) => d.status === "matched").length} matched to a remittance.`}
        >
          <label>
            File format
            <select value={format} onChange={(e) => setFormat(e.target.value)}>
              <option value="text/csv">CSV</option>
              <option value="application/vnd.bai2">BAI2</option>
            </select>
          </label>
        </Upload>
      )}
      <DataTable<DepositView>
        id="deposits"
        endpoint="/api/payments/deposits"
        caption="Bank deposits"
        rowKey={(r) => r.id}
        defaultSort="-date"
        filters={[
          { name: "status", label: "Status", type: "select", options: ["unmatched", "flagged", "matched"].map((v) => ({ value: v, label: titleCase(v) })) },
          { name: "payer", label: "Payer" },
          { name: "from", label: "Deposited from", type: "date" },
          { name: "to", label: "Deposited to", type: "date" },
          { name: "minAmount", label: "Amount from ($)", type: "number" },
          { name: "maxAmount", label: "Amount to ($)", type: "number" },
        ]}
        columns={[
          { header: "Deposited", render: (r) => <Link to={`/payments/deposits/${r.id}`} aria-label={`Open deposit of ${money(r.amount)} on ${date(r.depositDate)}`}>{date(r.depositDate)}</Link>, sort: "date" },
          { header: "Amount", render: (r) => money(r.amount), sort: "amount", numeric: true },
          { header: "Trace", render: (r) => r.traceNumber ?? "—" },
          { header: "Status", render: (r) => statusBadge(r.status) },
          { header: "Remittance", render: (r) => (r.remittanceId ? <Link to={`/payments/remittances/${r.remittanceId}`}>{r.remittancePayerName} {money(r.remittanceAmount)}</Link> : r.flagDetail ?? "—") },
          { header: "Received", render: (r) => date(r.receivedAt), sort: "received" },
        ]}
        empty="No deposits for these filters."
      />
    </>
  );
}

export function Deposit({ id }: { id: string }) {
  const { can } = useSession();
  const queries = useQueryClient();
  const person = usePersonName();
  const url = `/api/payments/deposits/${id}`;
  const query = useQuery({ queryKey: [url], queryFn: () => api.get<DepositDetail>(url) });
  const remittances = useQuery({ queryKey: ["/api/remittances?limit=100"], queryFn: () => api.get<Page<RemittanceSummary>>("/api/remittances?limit=100") });
  const [remittanceId, setRemittanceId] = useState("");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (run: { path: string; body: object; done: string }) => api.post<DepositDetail>(run.path, run.body).then(() => run.done),
    onSuccess: async (message) => {
      setDone(message);
      setReason("");
      await queries.invalidateQueries();
    },
    onError: () => setDone(null),
  });
  const d = query.data?.deposit;
  const match = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ path: `${url}/match`, body: { remittanceId, reason: reason.trim() || undefined }, done: "Matched to the remittance." });
  };
  const unmatch = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ path: `${url}/unmatch`, body: { reason }, done: "Match undone: the deposit is matched only by hand from now on." });
  };
  return (
    <>
      <p>
        <Link to="/payments/deposits">Back to deposits</Link>
      </p>
      {query.error && <ErrorBox error={query.error} />}
      {d && (
        <>
          <h2>
            Deposit of {money(d.amount)} on {date(d.depositDate)} {statusBadge(d.status)}
          </h2>
          <section className="panel" aria-label="Deposit">
            <dl className="facts">
              <dt>Trace</dt>
              <dd>{d.traceNumber ?? "—"}</dd>
              <dt>Bank reference</dt>
              <dd>{d.bankReference ?? "—"}</dd>
              <dt>Customer reference</dt>
              <dd>{d.customerReference ?? "—"}</dd>
              <dt>Description</dt>
              <dd>{d.description ?? "—"}</dd>
              {d.flagDetail && (
                <>
                  <dt>Flag</dt>
                  <dd>{d.flagDetail}</dd>
                </>
              )}
              <dt>Remittance</dt>
              <dd>
                {d.remittanceId ? (
                  <Link to={`/payments/remittances/${d.remittanceId}`}>
                    {d.remittancePayerName}, trace {d.remittanceTraceNumber}, {money(d.remittanceAmount)}
                  </Link>
                ) : (
                  "None"
                )}
              </dd>
              {d.matchedAt && (
                <>
                  <dt>Matched</dt>
                  <dd>
                    {date(d.matchedAt)} by {person(d.matchedBy)} ({d.matchMethod}){d.matchNote ? `: ${d.matchNote}` : ""}
                  </dd>
                </>
              )}
            </dl>
          </section>
          {change.error && <ErrorBox error={change.error} />}
          {done && (
            <p role="status" className="notice">
              {done}
            </p>
          )}
          {d.status !== "matched" && can(`${url}/match`) && (
            <form className="panel inline" onSubmit={match} aria-label="Match to a remittance">
              <label>
                Remittance
                <select required value={remittanceId} onChange={(e) => setRemittanceId(e.target.value)}>
                  <option value="">Choose…</option>
                  {remittances.data?.items.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.payerName} · {r.traceNumber} · {money(r.paymentAmount)} · {date(r.paymentDate)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Reason (required when the amounts differ)
                <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" disabled={change.isPending || !remittanceId}>
                Match
              </button>
            </form>
          )}
          {d.status === "matched" && can(`${url}/unmatch`) && (
            <form className="panel inline" onSubmit={unmatch} aria-label="Undo the match">
              <label>
                Reason for undoing
                <input type="text" required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
              </label>
              <button type="submit" className="danger" disabled={change.isPending || !reason.trim()}>
                Unmatch
              </button>
            </form>
          )}
          {query.data && query.data.history.length > 0 && (
            <table>
              <caption>Matching history</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">What</th>
                  <th scope="col">How</th>
                  <th scope="col">By</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {query.data.history.map((h, i) => (
                  <tr key={i}>
                    <td>{date(h.at)}</td>
                    <td>{titleCase(h.action)}</td>
                    <td>{titleCase(h.method)}</td>
                    <td>{person(h.performedBy)}</td>
                    <td>{h.reason ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
