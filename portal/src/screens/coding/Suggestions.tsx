import type { LineDraft, Suggestion } from "./types";

/** The codes the note suggests, best first, each with the words that support it and a button to take it. */
export function Suggestions({ items, diagnoses, lines, editable, onAdd }: {
  items: Suggestion[]; diagnoses: string[]; lines: LineDraft[]; editable: boolean; onAdd: (s: Suggestion) => void;
}) {
  if (items.length === 0) return <p>The note suggests no code.</p>;
  const taken = (s: Suggestion) => (s.system === "icd10cm" ? diagnoses.includes(s.code) : lines.some((l) => l.code.toUpperCase() === s.code));
  return (
    <table>
      <caption>Suggestions from the note</caption>
      <thead>
        <tr><th scope="col">Code</th><th scope="col">Description</th><th scope="col">Evidence</th><th scope="col" className="num">Score</th><th scope="col">Take</th></tr>
      </thead>
      <tbody>
        {items.map((s) => (
          <tr key={`${s.system}:${s.code}`}>
            <td><span className="code">{s.code}</span> <small>{s.system.toUpperCase()}</small></td>
            <td>{s.description}</td>
            <td>{s.evidence.map((q) => `“${q}”`).join(", ")}</td>
            <td className="num">{Math.round(s.score * 100)}%</td>
            <td>
              {taken(s) ? "Added" : editable ? (
                <button type="button" className="secondary" onClick={() => onAdd(s)} aria-label={`Add ${s.code}`}>Add</button>
              ) : "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
