import { titleCase } from "../../lib/format";

const tone: Record<string, string> = {
  held: "bad", rejected: "bad", denied: "bad",
  paid: "good", accepted: "good", closed: "",
  "partially-paid": "warn", appealed: "warn", submitted: "", ready: "",
  error: "bad", warning: "warn",
};

/** A claim's (or coding item's, or edit's) status as a badge, its colour from what it asks of the biller. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${tone[status] ?? ""}`.trim()}>{titleCase(status)}</span>;
}

/** Days left to a deadline, red when the practice's warning window has begun. */
export function DeadlineBadge({ deadline }: { deadline?: { kind: string; date: string; daysLeft: number; atRisk: boolean } | null }) {
  if (!deadline) return <>—</>;
  const what = deadline.kind === "appeal" ? "appeal" : "filing";
  const text = deadline.daysLeft < 0 ? `${-deadline.daysLeft} days past ${what} deadline` : `${deadline.daysLeft} days left to ${what}`;
  return <span className={`badge ${deadline.daysLeft < 0 || deadline.atRisk ? "bad" : ""}`.trim()}>{text}</span>;
}
