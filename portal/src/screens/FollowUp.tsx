import { useQuery } from "@tanstack/react-query";
import { api } from "../lib/api";
import { Link, useQueryState, useTitle } from "../lib/router";
import { date, money, titleCase } from "../lib/format";
import { DataTable, type Column, type Filter } from "../components/DataTable";
import { ErrorBox } from "../components/ErrorBox";
import { useAssigneeOptions, usePersonName, WorkItemPanel } from "../components/WorkItemPanel";
import { RefundForm } from "./money/Refund";
import "./money/money.css";

// The billing office's follow-up queues: claims sent with no answer (A/R follow-up), lines paid below contract (underpayments),
// insurer overpayments to refund (credit balances, 42 CFR 401.305: Medicare's within 60 days) and bank deposits no 835 explains.

interface QueueCounts {
  queue: string;
  available: boolean;
  open?: number | null;
  pended?: number | null;
  unassigned?: number | null;
}

interface WorkFields {
  id: string;
  assignee?: string | null;
  pendedUntil?: string | null;
  commentCount?: number | null;
}

interface QueueDef {
  name: string;
  label: string;
  endpoint: string;
  defaultSort: string;
  filters: Filter[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: Column<any>[];
  /** How one item is named (in its link and its work panel). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  itemLabel: (row: any) => string;
}

const reasons = [
  { value: "no-response", label: "No response" },
  { value: "not-found", label: "Not found at payer" },
  { value: "missing-era", label: "Finalized, no ERA" },
];

const amountFilters = (min: string, max: string, what: string): Filter[] => [
  { name: min, label: `${what} from ($)`, type: "number" },
  { name: max, label: `${what} to ($)`, type: "number" },
];

const queues: QueueDef[] = [
  {
    name: "ar-follow-up",
    label: "A/R follow-up",
    endpoint: "/api/claims/follow-up",
    defaultSort: "submitted",
    filters: [{ name: "reason", label: "Reason", type: "select", options: reasons }, { name: "payerId", label: "Payer id" }, ...amountFilters("minAmount", "maxAmount", "Charge")],
    itemLabel: (r) => `claim to ${r.payerName} of ${money(r.charge)}`,
    columns: [
      { header: "Payer", render: (r) => r.payerName },
      { header: "Charge", render: (r) => money(r.charge), sort: "amount", numeric: true },
      { header: "Submitted", render: (r) => date(r.submittedAt), sort: "submitted" },
      { header: "Days", render: (r) => r.daysSinceSubmission, sort: "age", numeric: true },
      { header: "Claim status", render: (r) => <span className="badge">{titleCase(r.claimStatus)}</span> },
      { header: "Reason", render: (r) => <span className={`badge ${r.reason === "not-found" ? "bad" : "warn"}`}>{reasons.find((x) => x.value === r.reason)?.label ?? r.reason}</span> },
      { header: "Last status check", render: (r) => (r.lastStatusCheck ? `${date(r.lastStatusCheck.at)} ${r.lastStatusCheck.categoryCode ?? ""} ${r.lastStatusCheck.meaning ?? r.lastStatusCheck.result}` : "None") },
    ],
  },
  {
    name: "underpayments",
    label: "Underpayments",
    endpoint: "/api/claims/underpayments",
    defaultSort: "-variance",
    filters: [
      { name: "payerId", label: "Payer id" },
      { name: "from", label: "Paid from", type: "date" },
      { name: "to", label: "Paid to", type: "date" },
      ...amountFilters("minVariance", "maxVariance", "Variance"),
    ],
    itemLabel: (r) => `${r.code} on claim ${r.patientControlNumber}`,
    columns: [
      { header: "Payer", render: (r) => r.payerName },
      { header: "Procedure", render: (r) => [r.code, ...(r.modifiers ?? [])].join("-") },
      { header: "Service date", render: (r) => date(r.dateOfService), sort: "dateOfService" },
      { header: "Paid on", render: (r) => date(r.paymentDate), sort: "paymentDate" },
      { header: "Expected", render: (r) => money(r.expected), sort: "expected", numeric: true },
      { header: "Allowed", render: (r) => money(r.allowed), numeric: true },
      { header: "Paid", render: (r) => money(r.paid), numeric: true },
      { header: "Variance", render: (r) => <strong>{money(r.variance)}</strong>, sort: "variance", numeric: true },
    ],
  },
  {
    name: "credit-balances",
    label: "Credit balances",
    endpoint: "/api/payments/credit-balances",
    defaultSort: "since",
    filters: [{ name: "payerId", label: "Payer id" }, ...amountFilters("minAmount", "maxAmount", "Credit")],
    itemLabel: (r) => `credit on claim ${r.patientControlNumber}`,
    columns: [
      { header: "Payer", render: (r) => r.payerName },
      { header: "Service date", render: (r) => date(r.dateOfService), sort: "dateOfService" },
      { header: "Credit", render: (r) => <strong>{money(r.amount)}</strong>, sort: "amount", numeric: true },
      { header: "Why", render: (r) => r.reason },
      { header: "Since", render: (r) => date(r.since), sort: "since" },
    ],
  },
  {
    name: "unmatched-deposits",
    label: "Unmatched deposits",
    endpoint: "/api/payments/deposits/unmatched",
    defaultSort: "date",
    filters: [
      { name: "payer", label: "Payer" },
      { name: "from", label: "Deposited from", type: "date" },
      { name: "to", label: "Deposited to", type: "date" },
      ...amountFilters("minAmount", "maxAmount", "Amount"),
    ],
    itemLabel: (r) => `deposit of ${money(r.amount)} on ${date(r.depositDate)}`,
    columns: [
      { header: "Deposited", render: (r) => date(r.depositDate), sort: "date" },
      { header: "Amount", render: (r) => money(r.amount), sort: "amount", numeric: true },
      { header: "Trace", render: (r) => r.traceNumber ?? "—" },
      { header: "Status", render: (r) => <span className={`badge ${r.status === "flagged" ? "bad" : "warn"}`}>{titleCase(r.status)}</span> },
      { header: "Flag", render: (r) => r.flagDetail ?? "—" },
      { header: "Received", render: (r) => date(r.receivedAt), sort: "received" },
    ],
  },
];

function itemLink(queue: QueueDef, row: WorkFields & Record<string, unknown>) {
  const primary =
    queue.name === "unmatched-deposits" ? date(row.depositDate as string) : ((row.patientControlNumber as string | undefined) ?? `Claim ${String(row.claimId).slice(0, 8)}`);
  return (
    <Link to={`/follow-up/${queue.name}?item=${row.id}`} aria-label={`Open ${queue.itemLabel(row)}`}>
      {primary}
    </Link>
  );
}

export default function FollowUp({ params }: { params: Record<string, string> }) {
  const queue = queues.find((q) => q.name === params.queue) ?? queues[0];
  useTitle(`Follow-up · ${queue.label}`);
  const [search] = useQueryState();
  const item = search.get("item");
  const assignees = useAssigneeOptions();
  const person = usePersonName();
  const counts = useQuery({ queryKey: ["/api/work-queues"], queryFn: () => api.get<{ queues: QueueCounts[] }>("/api/work-queues") });
  const countOf = (name: string) => counts.data?.queues.find((q) => q.queue === name);
  const current = countOf(queue.name);

  const workColumns: Column<WorkFields>[] = [
    { header: "Assigned to", render: (r) => (r.assignee ? person(r.assignee) : <span className="badge">Unassigned</span>) },
    { header: "Pended until", render: (r) => (r.pendedUntil ? <span className="badge warn">{date(r.pendedUntil)}</span> : "—") },
    { header: "Notes", render: (r) => r.commentCount ?? 0, numeric: true },
  ];
  const filters: Filter[] = [
    ...queue.filters,
    { name: "assignee", label: "Assigned to", type: "select", options: assignees },
    { name: "includePended", label: "Pended items", type: "select", options: [{ value: "true", label: "Include pended" }] },
  ];

  return (
    <>
      <h1>Follow-up</h1>
      <nav className="tabs" aria-label="Follow-up queues">
        {queues.map((q) => {
          const c = countOf(q.name);
          return (
            <Link key={q.name} to={`/follow-up/${q.name}`} aria-current={q.name === queue.name ? "page" : undefined}>
              {q.label}
              {c?.available && <span className="count"> ({c.open})</span>}
            </Link>
          );
        })}
      </nav>
      {counts.error && <ErrorBox error={counts.error} />}
      {current && (
        <p className="queue-counts" aria-live="polite" data-queue-counts={queue.name}>
          {current.available ? (
            <>
              <strong>{current.open}</strong> open · <strong>{current.pended}</strong> pended · <strong>{current.unassigned}</strong> unassigned
            </>
          ) : (
            "Counts unavailable: the service did not answer."
          )}
        </p>
      )}
      <div className={item ? "split" : undefined}>
        <DataTable<WorkFields & Record<string, unknown>>
          key={queue.name}
          id={queue.name}
          endpoint={queue.endpoint}
          caption={`${queue.label} queue`}
          defaultSort={queue.defaultSort}
          filters={filters}
          rowKey={(r) => r.id}
          columns={[{ header: queue.name === "unmatched-deposits" ? "Deposit" : "Claim", render: (r) => itemLink(queue, r) }, ...queue.columns, ...(workColumns as Column<WorkFields & Record<string, unknown>>[])]}
          empty="No items in this queue for these filters."
        />
        {item && (
          <div>
            <p>
              <Link to={`/follow-up/${queue.name}`}>Close item</Link>
              {queue.name === "unmatched-deposits" && (
                <>
                  {" · "}
                  <Link to={`/payments/deposits/${item}`}>Match this deposit in Payments</Link>
                </>
              )}
              {(queue.name === "ar-follow-up" || queue.name === "credit-balances") && (
                <>
                  {" · "}
                  <Link to={`/claims/${item}`}>Open the claim</Link>
                </>
              )}
            </p>
            {queue.name === "credit-balances" && <RefundForm claimId={item} />}
            <WorkItemPanel key={item} queue={queue.name} itemId={item} label={`this ${queue.label.toLowerCase().replace(/s$/, "")} item`} />
          </div>
        )}
      </div>
    </>
  );
}
