import { useEffect, useRef, useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { useSession } from "../../lib/session";
import { Link } from "../../lib/router";
import { date } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { StatusBadge } from "../claims/StatusBadge";
import { CodingForm } from "./CodingForm";
import { NoteWithEvidence } from "./NoteWithEvidence";
import { WorkItemPanel } from "../../components/WorkItemPanel";
import { Suggestions } from "./Suggestions";
import { EditList } from "./EditList";
import { fromDraft, toDraft, type CodingEdit, type EncounterCoding, type LineDraft, type Suggestion } from "./types";
import { dateTime } from "../claims/when";
import "./coding.css";

const SaveDelayMs = 600;

/**
 * One encounter at coding: the note with the evidence of each suggested code marked, the codes (saved as the coder types, so the
 * edits show live), and Finalize, refused with the blocking edits while errors remain.
 */
export function EncounterPage({ id }: { id: string }) {
  const url = `/api/coding/encounters/${id}`;
  const { can } = useSession();
  const queries = useQueryClient();
  const item = useQuery({ queryKey: ["coding", id], queryFn: () => api.get<EncounterCoding>(url) });
  const suggest = can("/api/coding/suggestions") && !!item.data?.note;
  const suggestions = useQuery({
    queryKey: ["suggestions", id],
    queryFn: () => api.post<{ items: Suggestion[] }>("/api/coding/suggestions", { text: item.data!.note, limit: 15 }),
    enabled: suggest,
    staleTime: Infinity,
  });

  const [diagnoses, setDiagnoses] = useState<string[]>([]);
  const [lines, setLines] = useState<LineDraft[]>([]);
  const [edits, setEdits] = useState<CodingEdit[]>([]);
  const [changes, setChanges] = useState(0);
  const [saving, setSaving] = useState<"idle" | "saving" | "saved">("idle");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [finalizeError, setFinalizeError] = useState<unknown>(null);
  const [blocking, setBlocking] = useState<CodingEdit[]>([]);
  const [finalized, setFinalized] = useState(false);
  const loaded = useRef(false);
  const sequence = useRef(0);

  useEffect(() => {
    if (!item.data || loaded.current) return;
    loaded.current = true;
    setDiagnoses(item.data.diagnoses);
    setLines(item.data.procedures.map(toDraft));
    setEdits(item.data.edits);
  }, [item.data]);

  // Each change is saved after a short pause; the answer carries the edits of exactly what was saved (a later answer wins).
  useEffect(() => {
    if (changes === 0) return;
    const timer = window.setTimeout(async () => {
      const mine = ++sequence.current;
      setSaving("saving");
      try {
        const saved = await api.put<{ edits: CodingEdit[] }>(url, { diagnoses, procedures: lines.map(fromDraft) });
        if (mine !== sequence.current) return;
        setEdits(saved.edits);
        setSaveError(null);
        setSaving("saved");
      } catch (e) {
        if (mine === sequence.current) {
          setSaveError(e);
          setSaving("idle");
        }
      }
    }, SaveDelayMs);
    return () => window.clearTimeout(timer);
  }, [changes]); // eslint-disable-line react-hooks/exhaustive-deps

  if (item.error) return (<><h1>Coding</h1><ErrorBox error={item.error} /></>);
  if (!item.data) return <p className="loading">Loading…</p>;
  const e = item.data.encounter;
  const editable = e.status !== "coded" && !finalized && can(url);
  const change = (d: string[], l: LineDraft[]) => {
    setDiagnoses(d);
    setLines(l);
    setChanges((n) => n + 1);
    setBlocking([]);
  };

  const finalize = async () => {
    setFinalizeError(null);
    setBlocking([]);
    try {
      // The last change first: finalize judges what is saved.
      sequence.current++;
      const saved = await api.put<{ edits: CodingEdit[] }>(url, { diagnoses, procedures: lines.map(fromDraft) });
      setEdits(saved.edits);
      await api.post(`${url}/finalize`);
      setFinalized(true);
      void queries.invalidateQueries();
    } catch (err) {
      setFinalizeError(err);
      if (err instanceof ApiError && Array.isArray((err.problem as { edits?: CodingEdit[] }).edits))
        setBlocking((err.problem as unknown as { edits: CodingEdit[] }).edits);
    }
  };

  return (
    <>
      <p><Link to="/coding">← Coding worklist</Link></p>
      <h1>
        Coding: {e.patientName} <StatusBadge status={finalized ? "coded" : e.status} />
      </h1>
      <dl className="facts encounter-facts">
        <dt>Patient</dt><dd>{e.patientName} · born {date(e.patientDateOfBirth)} · sex {e.patientSex}</dd>
        <dt>Visit</dt><dd>{date(e.dateOfService)} · place of service {e.placeOfService} · {e.providerName}</dd>
      </dl>
      <div className="coding-layout">
        <section className="panel" aria-labelledby="note-heading">
          <h2 id="note-heading">Provider's note</h2>
          <NoteWithEvidence note={item.data.note} suggestions={suggestions.data?.items ?? []} />
          <h2>Suggested codes</h2>
          {!suggest && <p>No suggestions{item.data.note ? " (your role does not ask for them)" : ": the note is empty"}.</p>}
          {suggestions.error && <ErrorBox error={suggestions.error} />}
          {suggestions.data && (
            <Suggestions items={suggestions.data.items} diagnoses={diagnoses} lines={lines} editable={editable}
              onAdd={(s) => s.system === "icd10cm"
                ? change([...diagnoses, s.code], lines)
                : change(diagnoses, [...lines, { code: s.code, modifiers: "", units: "1", pointers: diagnoses.length ? "1" : "" }])} />
          )}
        </section>
        <section className="panel" aria-labelledby="codes-heading">
          <h2 id="codes-heading">Codes</h2>
          <CodingForm diagnoses={diagnoses} lines={lines} edits={edits} editable={editable} onChange={change} />
          <div aria-live="polite" className="save-state">
            {saving === "saving" ? "Saving and checking edits…" : saving === "saved" ? "Saved; edits checked." : ""}
          </div>
          <ErrorBox error={saveError} />
          <EditList edits={edits} />
          {editable && (
            <div className="actions">
              <button type="button" onClick={finalize}>Finalize coding</button>
            </div>
          )}
          {finalizeError ? <ErrorBox error={finalizeError} /> : null}
          {blocking.length > 0 && <EditList edits={blocking} caption="Edits blocking finalize" />}
          {(finalized || e.status === "coded") && (
            <p role="status" className="notice">
              Coded{e.finalizedAt ? ` ${dateTime(e.finalizedAt)}` : ""}: Claims builds the claim from it.{" "}
              <Link to={`/claims?claims.encounterId=${e.encounterId}`}>Claims for this visit</Link>
            </p>
          )}
        </section>
      </div>
      {e.status !== "coded" && !finalized && (
        <WorkItemPanel queue="coding" itemId={e.encounterId} label={`the visit of ${e.patientName}`} />
      )}
    </>
  );
}
