import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, type Page } from "../../lib/api";
import { money, todayIso } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { Outcome, Section, useChange } from "./common";
import type { Payer } from "./PracticeSetup";

interface FeeItem {
  code: string;
  amount: string;
}

/** Lines of code and amount, edited in place: add, change, remove, then save the whole list. */
function Lines({ label, lines, setLines, extra }: { label: string; lines: FeeItem[]; setLines: (l: FeeItem[]) => void; extra?: string }) {
  const set = (i: number, change: Partial<FeeItem>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...change } : l)));
  return (
    <table>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">{extra ?? "Amount"}</th>
          <th scope="col">Remove</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((l, i) => (
          <tr key={i}>
            <td>
              <input aria-label={`Code, line ${i + 1}`} value={l.code} onChange={(e) => set(i, { code: e.target.value.toUpperCase() })} size={8} />
            </td>
            <td>
              <input aria-label={`${extra ?? "Amount"}, line ${i + 1}`} type="number" min="0" step="0.01" value={l.amount} onChange={(e) => set(i, { amount: e.target.value })} />
            </td>
            <td>
              <button type="button" className="secondary" onClick={() => setLines(lines.filter((_, j) => j !== i))} aria-label={`Remove line ${i + 1}`}>
                Remove
              </button>
            </td>
          </tr>
        ))}
        <tr>
          <td colSpan={3}>
            <button type="button" className="secondary" onClick={() => setLines([...lines, { code: "", amount: "" }])}>
              Add a line
            </button>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The practice's charges per code (what a claim line bills). */
export function FeeSchedule() {
  const current = useQuery({ queryKey: ["fee-schedule"], queryFn: () => api.get<{ items: { code: string; amount: number }[] }>("/api/claims/fee-schedule") });
  const [lines, setLines] = useState<FeeItem[]>([]);
  useEffect(() => {
    if (current.data) setLines(current.data.items.map((i) => ({ code: i.code, amount: i.amount.toFixed(2) })));
  }, [current.data]);
  const save = useChange(
    (items: { code: string; amount: number }[]) => api.put<{ items: unknown[] }>("/api/claims/fee-schedule", { items }),
    (a) => `Fee schedule saved: ${a.items.length} codes.`,
    [["fee-schedule"]],
  );
  return (
    <Section id="fees" title="Fee schedule">
      {current.error && <ErrorBox error={current.error} />}
      <Lines label="Charges per code" lines={lines} setLines={setLines} extra="Charge" />
      <div className="actions">
        <button type="button" onClick={() => save.mutate(lines.map((l) => ({ code: l.code.trim(), amount: Number(l.amount) })))} disabled={save.isPending}>
          Save fee schedule
        </button>
      </div>
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}

interface ContractLine {
  code?: string | null;
  allowed?: number | null;
  modifiers: string[];
  effectiveFrom?: string | null;
}

/** A payer's contracted allowed amounts per code, from a date: underpayments are judged against them. */
export function Contracts() {
  const payers = useQuery({ queryKey: ["/api/payers?limit=500"], queryFn: () => api.get<Page<Payer>>("/api/payers?limit=500") });
  const [payerId, setPayerId] = useState("");
  const [effectiveFrom, setEffectiveFrom] = useState(todayIso());
  const [lines, setLines] = useState<FeeItem[]>([{ code: "", amount: "" }]);
  const current = useQuery({
    queryKey: ["contract", payerId],
    enabled: !!payerId,
    queryFn: () => api.get<{ items?: ContractLine[] } | ContractLine[]>(`/api/claims/contracts/${encodeURIComponent(payerId)}`),
  });
  const currentLines: ContractLine[] = Array.isArray(current.data) ? current.data : (current.data?.items ?? []);
  const save = useChange(
    (items: { code: string; modifiers: string[]; allowed: number; effectiveFrom: string }[]) =>
      api.put<{ stored: number }>(`/api/claims/contracts/${encodeURIComponent(payerId)}`, { items, effectiveFrom }),
    (a) => `Contract saved: ${a.stored} lines.`,
    [["contract", payerId]],
  );
  return (
    <Section id="contracts" title="Payer contracts">
      {payers.error && <ErrorBox error={payers.error} />}
      <div className="inline actions">
        <label>
          Payer
          <select value={payerId} onChange={(e) => setPayerId(e.target.value)}>
            <option value="">Choose a payer</option>
            {payers.data?.items.map((p) => (
              <option key={p.id} value={p.payerId}>
                {p.name} ({p.payerId})
              </option>
            ))}
          </select>
        </label>
        <label>
          Effective from
          <input type="date" value={effectiveFrom} onChange={(e) => setEffectiveFrom(e.target.value)} />
        </label>
      </div>
      {payerId && (
        <>
          {current.error && <ErrorBox error={current.error} />}
          {currentLines.length > 0 && (
            <table>
              <caption>Current contract</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Modifiers</th>
                  <th scope="col" className="num">Allowed</th>
                  <th scope="col">From</th>
                </tr>
              </thead>
              <tbody>
                {currentLines.map((l, i) => (
                  <tr key={i}>
                    <td>{l.code ?? "—"}</td>
                    <td>{l.modifiers?.join(", ") || "—"}</td>
                    <td className="num">{money(l.allowed)}</td>
                    <td>{l.effectiveFrom ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Lines label="New contract version" lines={lines} setLines={setLines} extra="Allowed" />
          <div className="actions">
            <button
              type="button"
              disabled={save.isPending}
              onClick={() => save.mutate(lines.map((l) => ({ code: l.code.trim(), modifiers: [], allowed: Number(l.amount), effectiveFrom })))}
            >
              Save contract
            </button>
          </div>
        </>
      )}
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}

interface ClaimsSettingsShape {
  autoSubmit?: boolean | null;
  deadlineWarningDays?: number | null;
  underpaymentTolerance?: number | null;
}

/** How claims go out (automatically when clean, or released by hand), and when the billing office is warned. */
export function ClaimSettings() {
  const current = useQuery({ queryKey: ["claims-settings"], queryFn: () => api.get<ClaimsSettingsShape>("/api/claims/settings") });
  const [form, setForm] = useState({ autoSubmit: true, deadlineWarningDays: "", underpaymentTolerance: "" });
  useEffect(() => {
    if (current.data)
      setForm({
        autoSubmit: current.data.autoSubmit ?? true,
        deadlineWarningDays: current.data.deadlineWarningDays?.toString() ?? "",
        underpaymentTolerance: current.data.underpaymentTolerance?.toString() ?? "",
      });
  }, [current.data]);
  const save = useChange(
    (b: ClaimsSettingsShape) => api.put<ClaimsSettingsShape>("/api/claims/settings", b),
    () => "Claim settings saved.",
    [["claims-settings"]],
  );
  return (
    <Section id="claim-settings" title="Claim settings">
      {current.error && <ErrorBox error={current.error} />}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            autoSubmit: form.autoSubmit,
            deadlineWarningDays: form.deadlineWarningDays ? Number(form.deadlineWarningDays) : null,
            underpaymentTolerance: form.underpaymentTolerance ? Number(form.underpaymentTolerance) : null,
          });
        }}
      >
        <label className="check">
          <input type="checkbox" checked={form.autoSubmit} onChange={(e) => setForm({ ...form, autoSubmit: e.target.checked })} />
          Submit clean claims automatically
        </label>
        <label>
          Warn this many days before a filing deadline
          <input type="number" min="1" value={form.deadlineWarningDays} onChange={(e) => setForm({ ...form, deadlineWarningDays: e.target.value })} />
        </label>
        <label>
          Underpayment tolerance ($)
          <input type="number" min="0" step="0.01" value={form.underpaymentTolerance} onChange={(e) => setForm({ ...form, underpaymentTolerance: e.target.value })} />
        </label>
        <button type="submit" disabled={save.isPending}>
          Save claim settings
        </button>
      </form>
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}

interface BillingSettingsShape {
  minimumStatementBalance: number;
  cycleDays: number;
  dueDays: number;
  dunningSequence: string[];
  collectionsAfterDays: number;
}

/** Statements and dunning: the smallest balance billed, the cycle, the due date, the notices, and when an account goes to collections. */
export function BillingSettings() {
  const current = useQuery({ queryKey: ["billing-settings"], queryFn: () => api.get<BillingSettingsShape>("/api/patient-billing/settings") });
  const [form, setForm] = useState<Record<string, string>>({});
  useEffect(() => {
    if (current.data)
      setForm({
        minimumStatementBalance: current.data.minimumStatementBalance.toFixed(2),
        cycleDays: String(current.data.cycleDays),
        dueDays: String(current.data.dueDays),
        dunningSequence: current.data.dunningSequence.join(", "),
        collectionsAfterDays: String(current.data.collectionsAfterDays),
      });
  }, [current.data]);
  const save = useChange(
    (b: BillingSettingsShape) => api.put<BillingSettingsShape>("/api/patient-billing/settings", b),
    () => "Billing settings saved.",
    [["billing-settings"]],
  );
  const num = (label: string, key: string, step = "1") => (
    <label>
      {label}
      <input type="number" min="0" step={step} required value={form[key] ?? ""} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  return (
    <Section id="billing-settings" title="Statements and dunning">
      {current.error && <ErrorBox error={current.error} />}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            minimumStatementBalance: Number(form.minimumStatementBalance),
            cycleDays: Number(form.cycleDays),
            dueDays: Number(form.dueDays),
            dunningSequence: (form.dunningSequence ?? "").split(",").map((s) => s.trim()).filter(Boolean),
            collectionsAfterDays: Number(form.collectionsAfterDays),
          });
        }}
      >
        {num("Minimum statement balance ($)", "minimumStatementBalance", "0.01")}
        {num("Days between statements", "cycleDays")}
        {num("Days until due", "dueDays")}
        <label>
          Dunning notices, in order
          <input value={form.dunningSequence ?? ""} onChange={(e) => setForm({ ...form, dunningSequence: e.target.value })} size={40} />
        </label>
        {num("Days after the last notice before collections", "collectionsAfterDays")}
        <button type="submit" disabled={save.isPending}>
          Save billing settings
        </button>
      </form>
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}
