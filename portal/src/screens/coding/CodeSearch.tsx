import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, qs, type Page } from "../../lib/api";
import type { CodeView } from "./types";

/** A code typed or found by words of its description (GET /api/coding/code-sets/{system}?q=): Enter adds what is typed. */
export function CodeSearch({ system, label, onPick }: { system: string; label: string; onPick: (code: string) => void }) {
  const [text, setText] = useState("");
  const [term, setTerm] = useState("");
  useEffect(() => {
    const t = window.setTimeout(() => setTerm(text.trim()), 300);
    return () => window.clearTimeout(t);
  }, [text]);
  const found = useQuery({
    queryKey: ["code-search", system, term],
    queryFn: () => api.get<Page<CodeView>>(`/api/coding/code-sets/${system}${qs({ q: term, limit: 8 })}`),
    enabled: term.length >= 2,
  });
  const pick = (code: string) => {
    if (!code.trim()) return;
    onPick(code.trim().toUpperCase());
    setText("");
    setTerm("");
  };
  return (
    <div className="code-search">
      <label>
        {label}
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              pick(text);
            }
          }}
          placeholder="Code or words, Enter to add"
        />
      </label>
      {term.length >= 2 && found.data && (
        <ul className="picker" aria-label={`${label}: matches`}>
          {found.data.items.length === 0 && <li>No {system} code matches “{term}”.</li>}
          {found.data.items.map((c) => (
            <li key={c.code}>
              <button type="button" className="secondary" onClick={() => pick(c.code)} aria-label={`Add ${c.code} ${c.shortDescription}`}>
                {c.code} — {c.shortDescription}
                {!c.billable && " (not billable)"}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
