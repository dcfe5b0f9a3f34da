import { StatusBadge } from "../claims/StatusBadge";
import { describeTarget, type CodingEdit } from "./types";

/** The coding edits, errors first: each with where it points in the form. */
export function EditList({ edits, caption = "Coding edits" }: { edits: CodingEdit[]; caption?: string }) {
  const sorted = [...edits].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1));
  return (
    <section aria-label={caption} className="edits">
      <h3>{caption}</h3>
      {sorted.length === 0 ? <p>No edit: the coding is clean.</p> : (
        <ul>
          {sorted.map((e, i) => (
            <li key={`${e.rule}-${e.target}-${i}`} data-rule={e.rule}>
              <StatusBadge status={e.severity} /> <strong>{e.rule}</strong> · {describeTarget(e.target)}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
