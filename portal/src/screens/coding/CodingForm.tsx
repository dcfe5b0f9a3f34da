import { useState } from "react";
import { CodeSearch } from "./CodeSearch";
import type { CodingEdit, LineDraft } from "./types";

interface Props {
  diagnoses: string[];
  lines: LineDraft[];
  edits: CodingEdit[];
  editable: boolean;
  onChange: (diagnoses: string[], lines: LineDraft[]) => void;
}

const MaxPointers = 4; // 837P SV107: at most four diagnosis pointers per line

/** The diagnoses (principal first) and the service lines, as inputs; a field an error edit names is marked invalid. */
export function CodingForm({ diagnoses, lines, edits, editable, onChange }: Props) {
  const [system, setSystem] = useState("cpt");
  const flagged = (prefix: string) => edits.some((e) => e.severity === "error" && (e.target === prefix || e.target.startsWith(prefix + ".") || e.target.startsWith(prefix + "[")));
  const setLine = (i: number, patch: Partial<LineDraft>) => onChange(diagnoses, lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const move = (i: number) => {
    const next = [...diagnoses];
    [next[i - 1], next[i]] = [next[i], next[i - 1]];
    onChange(next, lines);
  };

  return (
    <>
      <table>
        <caption>Diagnoses (ICD-10-CM), principal first</caption>
        <thead><tr><th scope="col">Pointer</th><th scope="col">Code</th>{editable && <th scope="col">Change</th>}</tr></thead>
        <tbody>
          {diagnoses.length === 0 && <tr><td colSpan={editable ? 3 : 2}>No diagnosis yet.</td></tr>}
          {diagnoses.map((d, i) => (
            <tr key={`${d}-${i}`} className={flagged(`diagnoses[${i}]`) ? "invalid" : undefined}>
              <td>{i + 1}</td>
              <td><span className="code">{d}</span></td>
              {editable && (
                <td className="row-actions">
                  {i > 0 && <button type="button" className="secondary" onClick={() => move(i)} aria-label={`Move ${d} up`}>Up</button>}
                  <button type="button" className="secondary" onClick={() => onChange(diagnoses.filter((_, j) => j !== i), lines)} aria-label={`Remove diagnosis ${d}`}>
                    Remove
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && <CodeSearch system="icd10cm" label="Add diagnosis" onPick={(code) => onChange([...diagnoses, code], lines)} />}

      <table className="lines">
        <caption>Service lines (CPT/HCPCS)</caption>
        <thead>
          <tr>
            <th scope="col">Line</th><th scope="col">Procedure</th><th scope="col">Modifiers</th><th scope="col">Units</th>
            <th scope="col">Diagnosis pointers (up to {MaxPointers})</th>{editable && <th scope="col">Change</th>}
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 && <tr><td colSpan={editable ? 6 : 5}>No service line yet.</td></tr>}
          {lines.map((l, i) => {
            const n = i + 1;
            const at = `procedures[${i}]`;
            return (
              <tr key={i}>
                <td>{n}</td>
                <td>
                  <input aria-label={`Line ${n} procedure code`} value={l.code} disabled={!editable} size={7}
                    aria-invalid={flagged(at) && !flagged(`${at}.modifiers`) && !flagged(`${at}.units`) && !flagged(`${at}.diagnosisPointers`)}
                    onChange={(e) => setLine(i, { code: e.target.value.toUpperCase() })} />
                </td>
                <td>
                  <input aria-label={`Line ${n} modifiers`} value={l.modifiers} disabled={!editable} size={8} placeholder={editable ? "25, 59" : undefined}
                    aria-invalid={flagged(`${at}.modifiers`)} onChange={(e) => setLine(i, { modifiers: e.target.value.toUpperCase() })} />
                </td>
                <td>
                  <input aria-label={`Line ${n} units`} value={l.units} disabled={!editable} size={3} inputMode="numeric"
                    aria-invalid={flagged(`${at}.units`)} onChange={(e) => setLine(i, { units: e.target.value })} />
                </td>
                <td>
                  <input aria-label={`Line ${n} diagnosis pointers`} value={l.pointers} disabled={!editable} size={8} placeholder={editable ? "1, 2" : undefined}
                    aria-invalid={flagged(`${at}.diagnosisPointers`)} onChange={(e) => setLine(i, { pointers: e.target.value })} />
                </td>
                {editable && (
                  <td>
                    <button type="button" className="secondary" onClick={() => onChange(diagnoses, lines.filter((_, j) => j !== i))} aria-label={`Remove line ${n}`}>
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && (
        <div className="actions">
          <label>
            Code set
            <select value={system} onChange={(e) => setSystem(e.target.value)}>
              <option value="cpt">CPT</option>
              <option value="hcpcs">HCPCS</option>
            </select>
          </label>
          <CodeSearch key={system} system={system} label="Add service line"
            onPick={(code) => onChange(diagnoses, [...lines, { code, modifiers: "", units: "1", pointers: diagnoses.length ? "1" : "" }])} />
        </div>
      )}
    </>
  );
}
