import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, newIdempotencyKey } from "../../lib/api";
import { date, money, titleCase, todayIso } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import type { PaymentPlan } from "./types";

interface Posted {
  id: string;
  amount: number;
  balance: number;
}

const Methods = ["card", "cash", "check"];
const AdjustmentReasons = ["financial-hardship", "small-balance", "prompt-pay-discount", "courtesy", "bad-debt", "administrative"];

/** A form that posts once per submission, shows the API's field errors, and confirms what it did. */
function useAccountChange<T>(patientId: string, post: (body: T) => Promise<Posted | unknown>, confirm: (answer: any) => string) {
  const queries = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: post,
    onMutate: () => setDone(null),
    onSuccess: (answer) => {
      setDone(confirm(answer));
      return queries.invalidateQueries({ queryKey: ["account", patientId] });
    },
  });
  return { change, done };
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Outcome({ error, done }: { error: unknown; done: string | null }) {
  return (
    <>
      {error ? <ErrorBox error={error} /> : null}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </>
  );
}

export function PaymentForm({ patientId }: { patientId: string }) {
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState("card");
  const [reference, setReference] = useState("");
  const { change, done } = useAccountChange(
    patientId,
    // One idempotency key per submission: a retried request after a lost answer records the payment once.
    (body: { amount: number; method: string; reference?: string }) =>
      api.post<Posted>(`/api/patient-billing/accounts/${patientId}/payments`, body, newIdempotencyKey()),
    (p: Posted) => `Payment of ${money(p.amount)} recorded. The balance is now ${money(p.balance)}.`,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { amount: Number(amount), method, reference: reference.trim() || undefined },
      { onSuccess: () => { setAmount(""); setReference(""); } },
    );
  };
  return (
    <Panel id="take-payment" title="Take a payment">
      <form className="inline" onSubmit={submit}>
        <label>
          Amount
          <input type="number" inputMode="decimal" min="0.01" step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Method
          <select value={method} onChange={(e) => setMethod(e.target.value)}>
            {Methods.map((m) => (
              <option key={m} value={m}>
                {titleCase(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference
          <input value={reference} maxLength={50} onChange={(e) => setReference(e.target.value)} placeholder="Check no. or authorization" />
        </label>
        <button type="submit" disabled={change.isPending}>
          {change.isPending ? "Recording…" : "Record payment"}
        </button>
      </form>
      <Outcome error={change.error} done={done} />
    </Panel>
  );
}

export function PaymentPlanForm({ patientId, plan, balance }: { patientId: string; plan: PaymentPlan | null; balance: number }) {
  const [installments, setInstallments] = useState("3");
  const [firstDueDate, setFirstDueDate] = useState(todayIso());
  const { change, done } = useAccountChange(
    patientId,
    (body: { installments: number; firstDueDate: string }) => api.post<PaymentPlan>(`/api/patient-billing/accounts/${patientId}/payment-plans`, body),
    (p: PaymentPlan) => `Payment plan set up: ${money(p.amount)} in ${p.installments.length} installments.`,
  );
  return (
    <Panel id="payment-plan" title="Payment plan">
      {plan ? (
        <>
          <p>
            <span className={`badge ${plan.status === "delinquent" ? "bad" : "good"}`}>{titleCase(plan.status)}</span> {money(plan.amount)} in{" "}
            {plan.installments.length} installments; {money(plan.paid)} paid.
          </p>
          <table>
            <caption>Installments</caption>
            <thead>
              <tr>
                <th scope="col">No.</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {plan.installments.map((i) => (
                <tr key={i.number}>
                  <td>{i.number}</td>
                  <td>{date(i.dueDate)}</td>
                  <td className="num">{money(i.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate({ installments: Number(installments), firstDueDate });
          }}
        >
          <label>
            Installments
            <input type="number" min="2" max="60" step="1" required value={installments} onChange={(e) => setInstallments(e.target.value)} />
          </label>
          <label>
            First due date
            <input type="date" required value={firstDueDate} onChange={(e) => setFirstDueDate(e.target.value)} />
          </label>
          <button type="submit" disabled={change.isPending || balance <= 0}>
            Set up plan
          </button>
        </form>
      )}
      <Outcome error={change.error} done={done} />
    </Panel>
  );
}

export function RefundForm({ patientId, credit }: { patientId: string; credit: number }) {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [method, setMethod] = useState("check");
  const { change, done } = useAccountChange(
    patientId,
    (body: { amount: number; reason: string; method: string }) => api.post<Posted>(`/api/patient-billing/accounts/${patientId}/refunds`, body),
    (p: Posted) => `Refund of ${money(p.amount)} recorded. The balance is now ${money(p.balance)}.`,
  );
  return (
    <Panel id="refund" title="Refund a credit">
      <p>Credit available: {money(credit)}</p>
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ amount: Number(amount), reason: reason.trim(), method });
        }}
      >
        <label>
          Refund amount
          <input type="number" min="0.01" step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Refund reason
          <input required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <label>
          Refund method
          <select value={method} onChange={(e) => setMethod(e.target.value)}>
            {Methods.map((m) => (
              <option key={m} value={m}>
                {titleCase(m)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={change.isPending || credit <= 0}>
          Issue refund
        </button>
      </form>
      <Outcome error={change.error} done={done} />
    </Panel>
  );
}

export function AdjustmentForm({ patientId }: { patientId: string }) {
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState(AdjustmentReasons[0]);
  const [note, setNote] = useState("");
  const { change, done } = useAccountChange(
    patientId,
    (body: { amount: number; reason: string; note?: string }) => api.post<Posted>(`/api/patient-billing/accounts/${patientId}/adjustments`, body),
    (p: Posted) => `Adjustment recorded. The balance is now ${money(p.balance)}.`,
  );
  return (
    <Panel id="adjustment" title="Adjust the balance">
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate({ amount: Number(amount), reason, note: note.trim() || undefined });
        }}
      >
        <label>
          Adjustment amount
          <input type="number" min="0.01" step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Adjustment reason
          <select value={reason} onChange={(e) => setReason(e.target.value)}>
            {AdjustmentReasons.map((r) => (
              <option key={r} value={r}>
                {titleCase(r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note
          <input maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={change.isPending}>
          Record adjustment
        </button>
      </form>
      <Outcome error={change.error} done={done} />
    </Panel>
  );
}
