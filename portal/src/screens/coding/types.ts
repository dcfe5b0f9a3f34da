// The Coding API's shapes (services/Coding: WorklistItem, EncounterCoding, SavedCoding, CodingEdit, CodeSuggestion, CodeView).

export interface WorklistItem {
  encounterId: string;
  patientId: string;
  patientName: string;
  patientDateOfBirth: string;
  patientSex: string;
  providerId: string;
  providerName: string;
  dateOfService: string;
  placeOfService: string;
  note?: string | null;
  status: "ready" | "in-progress" | "coded";
  receivedAt: string;
  codedBy?: string | null;
  savedAt?: string | null;
  finalizedAt?: string | null;
  assignee?: string | null;
  pendedUntil?: string | null;
}

export interface ProcedureLine {
  code: string;
  modifiers: string[];
  units: number;
  diagnosisPointers: number[];
}

export interface CodingEdit {
  rule: string;
  severity: "error" | "warning";
  message: string;
  target: string;
}

export interface EncounterCoding {
  encounter: WorklistItem;
  diagnoses: string[];
  procedures: ProcedureLine[];
  edits: CodingEdit[];
  note: string;
}

export interface Suggestion {
  code: string;
  system: string;
  description: string;
  score: number;
  evidence: string[];
}

export interface CodeView {
  system: string;
  code: string;
  shortDescription: string;
  description: string;
  billable: boolean;
}

/** A service line as the coder types it: text fields, turned into the API's line when saved. */
export interface LineDraft {
  code: string;
  modifiers: string;
  units: string;
  pointers: string;
}

export function toDraft(p: ProcedureLine): LineDraft {
  return { code: p.code, modifiers: p.modifiers.join(", "), units: String(p.units), pointers: p.diagnosisPointers.join(", ") };
}

export function fromDraft(d: LineDraft) {
  const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);
  const units = d.units.trim() === "" ? null : Number(d.units);
  return {
    code: d.code.trim(),
    modifiers: list(d.modifiers).map((m) => m.toUpperCase()),
    units: units !== null && Number.isInteger(units) ? units : null,
    diagnosisPointers: list(d.pointers).map(Number).filter((n) => Number.isInteger(n)),
  };
}

/** "procedures[1].modifiers[0]" → "Line 2, modifier 1": where an edit points, as the coder reads the form. */
export function describeTarget(target: string): string {
  const dx = /^diagnoses\[(\d+)\]/.exec(target);
  if (dx) return `Diagnosis ${Number(dx[1]) + 1}`;
  const px = /^procedures\[(\d+)\](?:\.(\w+)(?:\[(\d+)\])?)?/.exec(target);
  if (px) {
    const field = px[2] === "diagnosisPointers" ? "pointer" : px[2] === "modifiers" ? "modifier" : px[2];
    return `Line ${Number(px[1]) + 1}${field ? `, ${field}${px[3] !== undefined ? ` ${Number(px[3]) + 1}` : ""}` : ""}`;
  }
  return target === "placeOfService" ? "Place of service" : target;
}
