import type { ReactNode } from "react";
import type { Suggestion } from "./types";

interface Range {
  start: number;
  end: number;
  codes: string[];
}

/** Where each suggestion's evidence stands in the note (case-insensitive), overlapping quotes merged. */
export function evidenceRanges(note: string, suggestions: Suggestion[]): Range[] {
  const lower = note.toLowerCase();
  const found: Range[] = [];
  for (const s of suggestions) {
    for (const quote of s.evidence) {
      const q = quote.trim().toLowerCase();
      if (!q) continue;
      for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) found.push({ start: at, end: at + q.length, codes: [s.code] });
    }
  }
  found.sort((a, b) => a.start - b.start);
  const merged: Range[] = [];
  for (const r of found) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) {
      last.end = Math.max(last.end, r.end);
      if (!last.codes.includes(r.codes[0])) last.codes.push(r.codes[0]);
    } else merged.push({ ...r, codes: [...r.codes] });
  }
  return merged;
}

/** The provider's note with the words behind each suggested code marked. */
export function NoteWithEvidence({ note, suggestions }: { note: string; suggestions: Suggestion[] }) {
  if (!note) return <p>The encounter has no note.</p>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const r of evidenceRanges(note, suggestions)) {
    if (r.start > at) parts.push(note.slice(at, r.start));
    parts.push(
      <mark key={r.start} title={`Evidence for ${r.codes.join(", ")}`}>
        {note.slice(r.start, r.end)}
      </mark>,
    );
    at = r.end;
  }
  parts.push(note.slice(at));
  return <blockquote className="note">{parts}</blockquote>;
}
