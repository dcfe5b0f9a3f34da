import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { money, todayIso } from "../../lib/format";
import { useSession } from "../../lib/session";
import { ErrorBox } from "../../components/ErrorBox";

// A credit balance refunded to the payer (CMS: a Medicare overpayment is returned within 60 days of being identified, 42 CFR 401.305),
// recorded in the claim's ledger. Without an amount the whole credit goes back.

export function RefundForm({ claimId }: { claimId: string }) {
  const { can } = useSession();
  const queries = useQueryClient();
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [on, setOn] = useState(todayIso());
  const [note, setNote] = useState("");
  const path = `/api/payments/credit-balances/${claimId}/refunds`;
  const refund = useMutation({
    mutationFn: () =>
      api.post<{ amount: number; creditBalance: number }>(path, {
        amount: amount ? Number(amount) : undefined,
        reference: reference.trim() || undefined,
        refundedOn: on || undefined,
        note: note.trim() || undefined,
      }),
    onSuccess: () => queries.invalidateQueries(),
  });
  if (!can(path)) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    refund.mutate();
  };
  return (
    <section className="panel" aria-labelledby="refund-heading">
      <h2 id="refund-heading">Refund the payer</h2>
      <form className="inline" onSubmit={submit}>
        <label>
          Refund amount ($, blank for the whole credit)
          <input type="number" min="0.01" step="0.01" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <label>
          Check or transfer number
          <input type="text" maxLength={50} value={reference} onChange={(e) => setReference(e.target.value)} />
        </label>
        <label>
          Refunded on
          <input type="date" value={on} onChange={(e) => setOn(e.target.value)} />
        </label>
        <label>
          Refund note
          <input type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={refund.isPending}>
          Record refund
        </button>
      </form>
      {refund.error && <ErrorBox error={refund.error} />}
      {refund.data && (
        <p role="status" className="notice">
          Refund of {money(refund.data.amount)} recorded; the credit balance is now {money(refund.data.creditBalance)}.
        </p>
      )}
    </section>
  );
}
