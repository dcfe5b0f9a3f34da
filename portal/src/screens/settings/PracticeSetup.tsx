import { useEffect, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { date } from "../../lib/format";
import { DataTable } from "../../components/DataTable";
import { ErrorBox } from "../../components/ErrorBox";
import { Outcome, Section, useChange, useRefreshList } from "./common";

interface Practice {
  name: string;
  npi: string;
  taxId: string;
  taxonomy?: string | null;
  phone?: string | null;
  address: { line1: string; line2?: string | null; city: string; state: string; zip: string };
}

const blank: Practice = { name: "", npi: "", taxId: "", taxonomy: "", phone: "", address: { line1: "", line2: "", city: "", state: "", zip: "" } };

/** The practice as billing provider (837P 2010AA): name, NPI, tax id, taxonomy, address. */
export function PracticeProfile() {
  const current = useQuery({ queryKey: ["practice"], queryFn: () => api.get<Practice>("/api/practice"), retry: false });
  const [form, setForm] = useState<Practice>(blank);
  useEffect(() => {
    if (current.data) setForm({ ...blank, ...current.data, address: { ...blank.address, ...current.data.address } });
  }, [current.data]);
  const save = useChange((p: Practice) => api.put<Practice>("/api/practice", p), () => "Practice profile saved.", [["practice"]]);
  const notSet = current.error instanceof ApiError && current.error.status === 404;
  const field = (label: string, key: keyof Omit<Practice, "address">, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input value={(form[key] as string) ?? ""} onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...props} />
    </label>
  );
  const addr = (label: string, key: keyof Practice["address"], props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input value={form.address[key] ?? ""} onChange={(e) => setForm({ ...form, address: { ...form.address, [key]: e.target.value } })} {...props} />
    </label>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const opt = (s?: string | null) => (s && s.trim() ? s.trim() : null);
    save.mutate({ ...form, taxonomy: opt(form.taxonomy), phone: opt(form.phone), address: { ...form.address, line2: opt(form.address.line2) } });
  };
  return (
    <Section id="practice" title="Practice profile">
      {notSet && <p>The practice profile is not set yet: claims and eligibility checks need it.</p>}
      {current.error && !notSet && <ErrorBox error={current.error} />}
      <form className="inline" onSubmit={submit}>
        {field("Practice name", "name", { required: true, maxLength: 60 })}
        {field("NPI", "npi", { required: true, inputMode: "numeric", pattern: "\\d{10}" })}
        {field("Tax ID (EIN)", "taxId", { required: true, inputMode: "numeric" })}
        {field("Taxonomy", "taxonomy")}
        {field("Phone", "phone", { inputMode: "tel" })}
        {addr("Address line 1", "line1", { required: true })}
        {addr("Address line 2", "line2")}
        {addr("City", "city", { required: true })}
        {addr("State", "state", { required: true, maxLength: 2, size: 3 })}
        {addr("ZIP", "zip", { required: true, inputMode: "numeric", size: 10 })}
        <button type="submit" disabled={save.isPending}>
          Save practice profile
        </button>
      </form>
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}

interface Provider {
  id: string;
  npi: string;
  firstName: string;
  lastName: string;
  taxonomy?: string | null;
  createdAt: string;
}

export function Providers() {
  const refresh = useRefreshList();
  const [form, setForm] = useState({ npi: "", firstName: "", lastName: "", taxonomy: "" });
  const add = useChange(
    (body: typeof form) => api.post<{ id: string }>("/api/providers", { ...body, taxonomy: body.taxonomy.trim() || null }),
    () => `Provider ${form.firstName} ${form.lastName} added.`,
  );
  const input = (label: string, key: keyof typeof form, props: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} {...props} />
    </label>
  );
  return (
    <>
      <Section id="add-provider" title="Add a rendering provider">
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(form, { onSuccess: () => { setForm({ npi: "", firstName: "", lastName: "", taxonomy: "" }); refresh("/api/providers"); } });
          }}
        >
          {input("Provider NPI", "npi", { required: true, inputMode: "numeric" })}
          {input("First name", "firstName", { required: true })}
          {input("Last name", "lastName", { required: true })}
          {input("Taxonomy", "taxonomy")}
          <button type="submit" disabled={add.isPending}>
            Add provider
          </button>
        </form>
        <Outcome error={add.error} done={add.done} />
      </Section>
      <DataTable<Provider>
        id="providers"
        endpoint="/api/providers"
        caption="Providers"
        rowKey={(p) => p.id}
        empty="No providers yet."
        columns={[
          { header: "Name", render: (p) => `${p.lastName}, ${p.firstName}` },
          { header: "NPI", render: (p) => p.npi },
          { header: "Taxonomy", render: (p) => p.taxonomy ?? "—" },
          { header: "Added", render: (p) => date(p.createdAt) },
        ]}
      />
    </>
  );
}

export interface Payer {
  id: string;
  name: string;
  payerId: string;
  claimFilingCode: string;
  timelyFilingDays: number;
  clearinghouse: string;
}

// 837P SBR09 claim filing indicator codes a practice meets most.
const FilingCodes: [string, string][] = [
  ["CI", "Commercial insurance"],
  ["MB", "Medicare Part B"],
  ["MC", "Medicaid"],
  ["BL", "Blue Cross/Blue Shield"],
  ["HM", "HMO"],
  ["12", "PPO"],
  ["CH", "TRICARE"],
  ["VA", "Veterans Affairs"],
  ["WC", "Workers' compensation"],
  ["16", "HMO Medicare risk"],
];

export function Payers() {
  const refresh = useRefreshList();
  const empty = { name: "", payerId: "", claimFilingCode: "CI", timelyFilingDays: "", clearinghouse: "simulator" };
  const [form, setForm] = useState(empty);
  const add = useChange(
    (b: typeof form) =>
      api.post<{ id: string }>("/api/payers", { ...b, timelyFilingDays: b.timelyFilingDays ? Number(b.timelyFilingDays) : null }),
    () => `Payer ${form.name} added.`,
  );
  return (
    <>
      <Section id="add-payer" title="Add a payer">
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate(form, { onSuccess: () => { setForm(empty); refresh("/api/payers"); } });
          }}
        >
          <label>
            Payer name
            <input required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </label>
          <label>
            Payer ID
            <input required value={form.payerId} onChange={(e) => setForm({ ...form, payerId: e.target.value })} />
          </label>
          <label>
            Claim filing code
            <select value={form.claimFilingCode} onChange={(e) => setForm({ ...form, claimFilingCode: e.target.value })}>
              {FilingCodes.map(([code, label]) => (
                <option key={code} value={code}>
                  {code} — {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Timely filing (days)
            <input type="number" min="1" value={form.timelyFilingDays} onChange={(e) => setForm({ ...form, timelyFilingDays: e.target.value })} />
          </label>
          <label>
            Clearinghouse
            <select value={form.clearinghouse} onChange={(e) => setForm({ ...form, clearinghouse: e.target.value })}>
              <option value="simulator">Clearinghouse (electronic)</option>
              <option value="manual">Manual (paper)</option>
            </select>
          </label>
          <button type="submit" disabled={add.isPending}>
            Add payer
          </button>
        </form>
        <Outcome error={add.error} done={add.done} />
      </Section>
      <DataTable<Payer>
        id="payers"
        endpoint="/api/payers"
        caption="Payers"
        rowKey={(p) => p.id}
        empty="No payers yet."
        columns={[
          { header: "Name", render: (p) => p.name },
          { header: "Payer ID", render: (p) => p.payerId },
          { header: "Filing code", render: (p) => p.claimFilingCode },
          { header: "Timely filing", numeric: true, render: (p) => `${p.timelyFilingDays} days` },
          { header: "Route", render: (p) => <span className="badge">{p.clearinghouse}</span> },
        ]}
      />
    </>
  );
}
