// The Claims API's shapes as the portal reads them (services/Claims: ClaimView, AppealView, StatusCheckView; Payments: ClaimLedger).

export interface ClaimLine {
  lineNumber: number;
  procedureCode: string;
  modifiers: string[];
  units: number;
  diagnosisPointers: number[];
  charge: number | null;
}

export interface ScrubEdit {
  rule: string;
  severity: string;
  message: string;
  target?: string | null;
}

export interface HistoryEntry {
  at: string;
  status: string;
  detail?: string | null;
}

export interface Denial {
  carc: string;
  rarc?: string | null;
  category: string;
  deniedAt?: string | null;
  remarks?: string[] | null;
}

export interface Deadline {
  kind: "filing" | "appeal";
  date: string;
  daysLeft: number;
  atRisk: boolean;
}

export interface AppealView {
  id: string;
  level: string;
  reason: string;
  sentOn: string;
  deadline?: string | null;
  filedLate: boolean;
  outcome: string;
  decidedOn?: string | null;
  note?: string | null;
}

export interface Claim {
  id: string;
  encounterId: string;
  patientId: string;
  patientControlNumber: string;
  payerClaimNumber?: string | null;
  status: string;
  frequency: number;
  responsibility: string;
  replacesClaimId?: string | null;
  payerId: string;
  payerName: string;
  dateOfService: string;
  totalCharge: number;
  diagnoses: string[];
  priorAuthorizationNumber?: string | null;
  lines: ClaimLine[];
  edits: ScrubEdit[];
  history: HistoryEntry[];
  denial?: Denial | null;
  createdAt: string;
  deadline?: Deadline | null;
  appeals?: AppealView[] | null;
  assignee?: string | null;
  pendedUntil?: string | null;
}

export interface StatusCheck {
  id: string;
  at: string;
  trigger: string;
  result: string;
  categoryCode?: string | null;
  statusCode?: string | null;
  meaning?: string | null;
  message?: string | null;
  paidAmount?: number | null;
  adjudicationDate?: string | null;
  checkNumber?: string | null;
  payerClaimNumber?: string | null;
  error?: string | null;
}

export interface LedgerEntry {
  id: string;
  lineNumber?: number | null;
  kind: string;
  bucket: string;
  group?: string | null;
  carc?: string | null;
  amount: number;
  description: string;
  createdAt: string;
}

export interface ClaimLedger {
  charge: number;
  insurancePaid: number;
  adjustments: number;
  patientResponsibility: number;
  insuranceBalance: number;
  denied: number;
  creditBalance: number;
  entries: LedgerEntry[];
}

export interface Correction {
  id: string;
  claimId: string;
  status: string;
  replacementClaimId?: string | null;
  reason?: string | null;
  edits: { rule: string; severity: string; message: string; target: string }[];
}

export const claimStatuses = [
  "draft", "held", "ready", "submitted", "accepted", "rejected", "paid", "partially-paid", "denied", "appealed", "voided", "closed", "crossed-over",
];

export const denialCategories = ["authorization", "coding", "duplicate", "eligibility", "medical-necessity", "timely-filing", "other"];

export const frequencyNames: Record<number, string> = { 1: "Original (1)", 7: "Replacement (7)", 8: "Void (8)" };
