import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { useSession } from "../../lib/session";
import { Link } from "../../lib/router";
import { todayIso } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import type { Claim, Correction } from "./types";

// Which statuses allow which change, as services/Claims decides it (ClaimLifecycle, CorrectionsEndpoints, AppealsEndpoints,
// StatusCheckSender): the portal offers only what the claim's state and the user's roles allow; the API refuses the rest anyway.
const correctable = ["denied", "rejected", "accepted", "paid", "partially-paid", "appealed"];
const writeOffable = ["denied", "rejected", "partially-paid", "appealed", "held", "accepted"];
const voidableUnsent = ["draft", "held", "ready", "rejected"];
const voidableAtPayer = ["accepted", "paid", "partially-paid", "denied", "appealed"];
const appealable = ["denied", "partially-paid"];
const checkable = ["submitted", "accepted", "rejected", "paid", "partially-paid", "denied", "appealed", "closed", "voided"];
const appealLevels = ["first", "second", "external"];

type Action = "submit" | "correct" | "appeal" | "decide" | "write-off" | "void" | "status-check";

export interface Offer {
  action: Action;
  label: string;
}

/** The changes this claim's state allows and this user may make. */
export function offers(claim: Claim, can: (path: string) => boolean): Offer[] {
  const base = `/api/claims/${claim.id}`;
  const appeals = claim.appeals ?? [];
  const list: (Offer & { ok: boolean; path: string })[] = [
    { action: "submit", label: "Submit", ok: claim.status === "ready", path: `${base}/submit` },
    {
      action: "correct", label: "Correct", path: `${base}/corrections`,
      ok: correctable.includes(claim.status) && !(claim.status === "accepted" && !claim.payerClaimNumber),
    },
    { action: "appeal", label: "Appeal", ok: appealable.includes(claim.status) && appeals.length < appealLevels.length, path: `${base}/appeals` },
    { action: "decide", label: "Record appeal decision", ok: claim.status === "appealed" && appeals.some((a) => a.outcome === "pending"), path: `${base}/appeals` },
    { action: "write-off", label: "Write off", ok: writeOffable.includes(claim.status), path: `${base}/write-off` },
    {
      action: "void", label: "Void", path: `${base}/void`,
      ok: voidableUnsent.includes(claim.status) || (voidableAtPayer.includes(claim.status) && !!claim.payerClaimNumber),
    },
    { action: "status-check", label: "Check status now", ok: checkable.includes(claim.status), path: `${base}/status-checks` },
  ];
  return list.filter((o) => o.ok && can(o.path)).map(({ action, label }) => ({ action, label }));
}

/** The action buttons a claim allows and, below them, the form of the one chosen; success is confirmed in a status message. */
export function ClaimActions({ claim, exclude = [], onChanged }: { claim: Claim; exclude?: Action[]; onChanged?: (message: ReactNode) => void }) {
  const { can } = useSession();
  const queries = useQueryClient();
  const [open, setOpen] = useState<Action | null>(null);
  const [done, setDone] = useState<ReactNode>(null);
  const available = offers(claim, can).filter((o) => !exclude.includes(o.action));
  if (available.length === 0 && !done) return null;

  const finished = (message: ReactNode) => {
    setOpen(null);
    if (onChanged) onChanged(message);
    else setDone(message);
    void queries.invalidateQueries();
  };
  const props = { claim, onDone: finished, onCancel: () => setOpen(null) };
  return (
    <div className="claim-actions">
      <div className="actions" role="group" aria-label={`Actions for claim ${claim.patientControlNumber}`}>
        {available.map((o) => (
          <button key={o.action} type="button" className={open === o.action ? "" : "secondary"} aria-expanded={open === o.action}
            onClick={() => { setDone(null); setOpen(open === o.action ? null : o.action); }}>
            {o.label}
          </button>
        ))}
      </div>
      {open === "submit" && <Confirm {...props} label="Submit claim" run={() => api.post(`/api/claims/${claim.id}/submit`)} message="Released for submission." />}
      {open === "void" && <VoidForm {...props} />}
      {open === "correct" && <CorrectForm {...props} />}
      {open === "appeal" && <AppealForm {...props} />}
      {open === "decide" && <DecisionForm {...props} />}
      {open === "write-off" && <ReasonForm {...props} label="Write-off reason" button="Write off claim" path="write-off" message="Written off; the balance leaves A/R." />}
      {open === "status-check" && (
        <Confirm {...props} label="Send a 276 status inquiry" run={() => api.post(`/api/claims/${claim.id}/status-checks`)} message="Status check recorded (see Status checks)." />
      )}
      {done && <p role="status" className="notice">{done}</p>}
    </div>
  );
}

interface FormProps {
  claim: Claim;
  onDone: (message: ReactNode) => void;
  onCancel: () => void;
}

function useRun(onDone: (message: ReactNode) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async <T,>(call: () => Promise<T>, message: (result: T) => ReactNode) => {
    setBusy(true);
    setError(null);
    try {
      onDone(message(await call()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Buttons({ busy, label, onCancel }: { busy: boolean; label: string; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" disabled={busy}>{busy ? "Working…" : label}</button>
      <button type="button" className="secondary" onClick={onCancel}>Cancel</button>
    </div>
  );
}

function Confirm({ claim, onDone, onCancel, label, run: call, message }: FormProps & { label: string; run: () => Promise<unknown>; message: string }) {
  const { error, busy, run } = useRun(onDone);
  return (
    <form className="panel action-form" aria-label={label} onSubmit={(e) => { e.preventDefault(); void run(call, () => message); }}>
      <p>{label} for claim {claim.patientControlNumber}?</p>
      <ErrorBox error={error} />
      <Buttons busy={busy} label={label} onCancel={onCancel} />
    </form>
  );
}

function VoidForm({ claim, onDone, onCancel }: FormProps) {
  const { error, busy, run } = useRun(onDone);
  const atPayer = !voidableUnsent.includes(claim.status);
  return (
    <form className="panel action-form" aria-label="Void claim" onSubmit={(e) => {
      e.preventDefault();
      void run(() => api.post<{ id: string }>(`/api/claims/${claim.id}/void`), (r) =>
        r.id !== claim.id ? <>Voided: void claim (frequency 8) <Link to={`/claims/${r.id}`}>opened</Link>.</> : "Voided before it reached the payer.");
    }}>
      <p>{atPayer ? `A void (frequency 8) referencing payer claim number ${claim.payerClaimNumber} goes to the payer.` : "The claim never reached the payer; it is simply voided."}</p>
      <ErrorBox error={error} />
      <Buttons busy={busy} label="Void claim" onCancel={onCancel} />
    </form>
  );
}

function ReasonForm({ claim, onDone, onCancel, label, button, path, message }: FormProps & { label: string; button: string; path: string; message: string }) {
  const { error, busy, run } = useRun(onDone);
  const [reason, setReason] = useState("");
  return (
    <form className="panel action-form" aria-label={button} onSubmit={(e) => { e.preventDefault(); void run(() => api.post(`/api/claims/${claim.id}/${path}`, { reason }), () => message); }}>
      <label>
        {label}
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} required />
      </label>
      <ErrorBox error={error} />
      <Buttons busy={busy} label={button} onCancel={onCancel} />
    </form>
  );
}

function AppealForm({ claim, onDone, onCancel }: FormProps) {
  const { error, busy, run } = useRun(onDone);
  const level = appealLevels[(claim.appeals ?? []).length] ?? "first";
  const [reason, setReason] = useState("");
  const [sentOn, setSentOn] = useState(todayIso());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api.post(`/api/claims/${claim.id}/appeals`, { reason, level, sentOn }), () => `Appeal (${level} level) filed; the claim is appealed.`);
  };
  return (
    <form className="panel action-form" aria-label="Appeal claim" onSubmit={submit}>
      <p>Level: <strong>{level}</strong>{claim.deadline?.kind === "appeal" ? ` · deadline ${claim.deadline.date} (${claim.deadline.daysLeft} days left)` : ""}</p>
      <label>
        Appeal reason
        <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={1000} required />
      </label>
      <label>
        Sent on
        <input type="date" value={sentOn} max={todayIso()} onChange={(e) => setSentOn(e.target.value)} />
      </label>
      <ErrorBox error={error} />
      <Buttons busy={busy} label="File appeal" onCancel={onCancel} />
    </form>
  );
}

function DecisionForm({ claim, onDone, onCancel }: FormProps) {
  const { error, busy, run } = useRun(onDone);
  const pending = (claim.appeals ?? []).find((a) => a.outcome === "pending")!;
  const [outcome, setOutcome] = useState("overturned");
  const [note, setNote] = useState("");
  return (
    <form className="panel action-form" aria-label="Record appeal decision" onSubmit={(e) => {
      e.preventDefault();
      void run(() => api.post(`/api/claims/${claim.id}/appeals/${pending.id}/decision`, { outcome, note: note || undefined }), () => `Appeal decision recorded: ${outcome}.`);
    }}>
      <label>
        Outcome
        <select value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          {["overturned", "partially-overturned", "upheld", "withdrawn"].map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      </label>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </label>
      <ErrorBox error={error} />
      <Buttons busy={busy} label="Record decision" onCancel={onCancel} />
    </form>
  );
}

/**
 * A correction: a prior authorization alone (or nothing: a resend) builds the corrected claim at once (201); changed diagnoses go
 * through Coding's edits first (202), followed here until built or refused.
 */
function CorrectForm({ claim, onDone, onCancel }: FormProps) {
  const { error, busy, run } = useRun(onDone);
  const [authorization, setAuthorization] = useState(claim.priorAuthorizationNumber ?? "");
  const [diagnoses, setDiagnoses] = useState(claim.diagnoses.join(", "));
  const [pending, setPending] = useState<Correction | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const codes = diagnoses.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
    const body: Record<string, unknown> = {};
    if (authorization.trim() && authorization.trim() !== (claim.priorAuthorizationNumber ?? "")) body.priorAuthorizationNumber = authorization.trim();
    if (codes.join(",") !== claim.diagnoses.join(",")) body.diagnoses = codes;
    void run(
      () => api.post<{ id: string } | Correction>(`/api/claims/${claim.id}/corrections`, body),
      (r) => {
        if ("status" in r) {
          setPending(r);
          return "Corrected codes sent to the coding edits…";
        }
        return <Replacement id={r.id} />;
      },
    );
  };
  if (pending) return <CorrectionProgress correction={pending} onDone={onDone} />;
  return (
    <form className="panel action-form" aria-label="Correct claim" onSubmit={submit}>
      <p>The corrected claim replaces this one (frequency 7, with payer claim number {claim.payerClaimNumber ?? "—"}) or goes as a new claim, as the payer's policy says.</p>
      <label>
        Prior authorization number
        <input value={authorization} onChange={(e) => setAuthorization(e.target.value)} maxLength={50} />
      </label>
      <label>
        Diagnoses (ICD-10-CM, principal first)
        <input value={diagnoses} onChange={(e) => setDiagnoses(e.target.value)} />
      </label>
      <ErrorBox error={error} />
      <Buttons busy={busy} label="Send correction" onCancel={onCancel} />
    </form>
  );
}

function Replacement({ id }: { id: string }) {
  return <>Corrected claim created: <Link to={`/claims/${id}`}>open the corrected claim</Link>.</>;
}

function CorrectionProgress({ correction, onDone }: { correction: Correction; onDone: (m: ReactNode) => void }) {
  const url = `/api/claims/${correction.claimId}/corrections/${correction.id}`;
  const q = useQuery({
    queryKey: [url],
    queryFn: () => api.get<Correction>(url),
    refetchInterval: (query) => (query.state.data?.status === "coding" || !query.state.data ? 1000 : false),
  });
  const c = q.data ?? correction;
  useEffect(() => {
    if (c.status === "built" && c.replacementClaimId) onDone(<Replacement id={c.replacementClaimId} />);
  }, [c.status, c.replacementClaimId, onDone]);
  return (
    <div className="panel" role="status">
      <p>Correction {c.status === "coding" ? "at the coding edits…" : c.status}.{c.reason ? ` ${c.reason}` : ""}</p>
      {c.edits.length > 0 && (
        <ul>{c.edits.map((e, i) => <li key={i}>{e.rule} ({e.severity}) at {e.target}: {e.message}</li>)}</ul>
      )}
      {q.error instanceof ApiError && <ErrorBox error={q.error} />}
    </div>
  );
}
