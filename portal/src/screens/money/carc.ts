// Words for the codes an 835 carries, where the API does not give them (X12 code lists 139 and CLP02, X221A1).

/** PR (patient responsibility) CARCs, which the shared adjustment table leaves out (PR is always the patient's share). */
const patientShare: Record<string, string> = {
  "1": "Deductible amount",
  "2": "Coinsurance amount",
  "3": "Co-payment amount",
};

export function carcMeaning(group: string, reason: string, fromApi?: string | null): string | undefined {
  return fromApi ?? (group === "PR" ? patientShare[reason] : undefined);
}

export const groups: Record<string, string> = {
  CO: "Contractual obligation",
  PR: "Patient responsibility",
  OA: "Other adjustment",
  PI: "Payer initiated",
  CR: "Correction/reversal",
};

/** CLP02, claim status (X221A1 2100 CLP02). */
export const claimStatuses: Record<number, string> = {
  1: "Processed as primary",
  2: "Processed as secondary",
  3: "Processed as tertiary",
  4: "Denied",
  19: "Processed as primary, forwarded",
  20: "Processed as secondary, forwarded",
  21: "Processed as tertiary, forwarded",
  22: "Reversal of previous payment",
  23: "Not our claim, forwarded",
};

/** Allowed = paid + the patient's share (the PR adjustments): what the payer recognised for the service. In cents, so no float drift. */
export function allowedOf(paid: number, adjustments: { group: string; amount: number }[]): number {
  const cents = Math.round(paid * 100) + adjustments.filter((a) => a.group === "PR").reduce((s, a) => s + Math.round(a.amount * 100), 0);
  return cents / 100;
}
