import { useState, type ReactNode } from "react";
import { WorkItemPanel } from "../components/WorkItemPanel";
import { useQuery } from "@tanstack/react-query";
import { api, qs, type Page } from "../lib/api";
import { Link, useQueryState, useTitle } from "../lib/router";
import { date, money, titleCase } from "../lib/format";
import { ErrorBox } from "../components/ErrorBox";
import { ClaimActions } from "./claims/ClaimActions";
import { DeadlineBadge } from "./claims/StatusBadge";
import { PatientName } from "./claims/PatientName";
import { usePayerFilter } from "./claims/payers";
import { denialCategories, type Claim } from "./claims/types";
import "./claims/claims.css";

const sorts = [
  { value: "deadline", label: "Appeal deadline, soonest first" },
  { value: "-amount", label: "Amount, largest first" },
  { value: "-age", label: "Age, oldest first" },
  { value: "-created", label: "Newest first" },
];
const filterNames = ["category", "payerId", "agingBucket", "atRisk", "sort"] as const;

/** `/denials`: the denials work queue grouped by CARC category, each claim with its appeal deadline; correct, appeal or write off. */
export default function Denials(_: { params: Record<string, string> }) {
  useTitle("Denials");
  const [search, setSearch] = useQueryState();
  const payer = usePayerFilter();
  const values = Object.fromEntries(filterNames.map((n) => [n, search.get(`denials.${n}`) ?? ""]));
  const [cursors, setCursors] = useState<string[]>([]);
  const [working, setWorking] = useState<string | null>(null);
  const [notice, setNotice] = useState<ReactNode>(null);
  const cursor = cursors[cursors.length - 1];
  const url = `/api/claims/denials${qs({ ...values, sort: values.sort || "deadline", limit: 50, cursor })}`;
  const list = useQuery({ queryKey: [url], queryFn: () => api.get<Page<Claim>>(url) });
  const set = (name: string, value: string) => {
    setCursors([]);
    setSearch({ [`denials.${name}`]: value || null });
  };
  const items = list.data?.items ?? [];
  const groups = denialCategories
    .map((category) => ({ category, claims: items.filter((c) => (c.denial?.category ?? "other") === category) }))
    .filter((g) => g.claims.length > 0);
  const selected = items.find((c) => c.id === working);

  return (
    <>
      <h1>Denials</h1>
      <form className="filters" role="search" aria-label="Filter denials" onSubmit={(e) => e.preventDefault()}>
        <label>
          Category
          <select value={values.category} onChange={(e) => set("category", e.target.value)}>
            <option value="">Any</option>
            {denialCategories.map((c) => <option key={c} value={c}>{titleCase(c)}</option>)}
          </select>
        </label>
        {payer.options ? (
          <label>
            Payer
            <select value={values.payerId} onChange={(e) => set("payerId", e.target.value)}>
              <option value="">Any</option>
              {payer.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          </label>
        ) : (
          <label>
            Payer id
            <input defaultValue={values.payerId} onBlur={(e) => set("payerId", e.target.value.trim())}
              onKeyDown={(e) => e.key === "Enter" && set("payerId", e.currentTarget.value.trim())} />
          </label>
        )}
        <label>
          Age (days)
          <select value={values.agingBucket} onChange={(e) => set("agingBucket", e.target.value)}>
            <option value="">Any</option>
            {["0-30", "31-60", "61-90", "91-120", "120+"].map((b) => <option key={b} value={b}>{b}</option>)}
          </select>
        </label>
        <label>
          Deadline
          <select value={values.atRisk} onChange={(e) => set("atRisk", e.target.value)}>
            <option value="">Any</option>
            <option value="true">At risk</option>
          </select>
        </label>
        <label>
          Sort
          <select value={values.sort || "deadline"} onChange={(e) => set("sort", e.target.value)}>
            {sorts.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </label>
      </form>
      {notice && <p role="status" className="notice">{notice}</p>}
      {list.error && <ErrorBox error={list.error} />}
      {list.isLoading && <p>Loading…</p>}
      {list.data && items.length === 0 && <p>No denied claim matches: the queue is clear.</p>}
      {selected && (
        <section className="panel" aria-labelledby="working-denial">
          <h2 id="working-denial">Working claim {selected.patientControlNumber}</h2>
          <p>
            {selected.payerName}: CARC {selected.denial?.carc}{selected.denial?.rarc ? ` / RARC ${selected.denial.rarc}` : ""} ({titleCase(selected.denial?.category)}),{" "}
            {money(selected.totalCharge)}, <DeadlineBadge deadline={selected.deadline} />
          </p>
          <ClaimActions key={selected.id} claim={selected} exclude={["submit", "status-check", "decide", "void"]}
            onChanged={(m) => { setNotice(<>Claim {selected.patientControlNumber}: {m}</>); setWorking(null); }} />
          <WorkItemPanel queue="denials" itemId={selected.id} label={`denial ${selected.patientControlNumber}`} />
          <p><button type="button" className="secondary" onClick={() => setWorking(null)}>Close</button></p>
        </section>
      )}
      {groups.map((g) => (
        <section key={g.category} className="denial-group" aria-labelledby={`denials-${g.category}`}>
          <h2 id={`denials-${g.category}`}>{titleCase(g.category)} ({g.claims.length})</h2>
          <table>
            <caption>{titleCase(g.category)} denials</caption>
            <thead>
              <tr>
                <th scope="col">Claim</th><th scope="col">Patient</th><th scope="col">Date of service</th><th scope="col">Payer</th><th scope="col">CARC / RARC</th>
                <th scope="col" className="num">Charge</th><th scope="col">Appeal deadline</th><th scope="col">Appeals</th><th scope="col">Work</th>
              </tr>
            </thead>
            <tbody>
              {g.claims.map((c) => (
                <tr key={c.id}>
                  <td><Link to={`/claims/${c.id}`}>{c.patientControlNumber}</Link></td>
                  <td><PatientName id={c.patientId} /></td>
                  <td>{date(c.dateOfService)}</td>
                  <td>{c.payerName}</td>
                  <td>{c.denial?.carc}{c.denial?.rarc ? ` / ${c.denial.rarc}` : ""}</td>
                  <td className="num">{money(c.totalCharge)}</td>
                  <td><DeadlineBadge deadline={c.deadline} /> {c.deadline ? date(c.deadline.date) : ""}</td>
                  <td>{c.appeals?.length ? c.appeals.map((a) => `${a.level}: ${a.outcome}`).join(", ") : "None"}</td>
                  <td>
                    <button type="button" className="secondary" aria-label={`Work denial ${c.patientControlNumber}`} onClick={() => { setNotice(null); setWorking(c.id); }}>
                      Work
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <nav className="pager" aria-label="Denials pages">
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
        <span>Page {cursors.length + 1}</span>
        <button type="button" disabled={!list.data?.nextCursor} onClick={() => setCursors([...cursors, list.data!.nextCursor!])}>Next page</button>
      </nav>
    </>
  );
}
