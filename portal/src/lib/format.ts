const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

export function money(value: number | null | undefined): string {
  return value === null || value === undefined ? "—" : usd.format(value);
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? "—" : `${value.toFixed(digits)}%`;
}

/** A YYYY-MM-DD date or an ISO timestamp as the US reads it (dates are never shifted by the time zone). */
export function date(value: string | null | undefined): string {
  if (!value) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) return `${m[2]}/${m[3]}/${m[1]}`;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString("en-US", { dateStyle: "short", timeStyle: "short" });
}

export function titleCase(value: string | null | undefined): string {
  if (!value) return "—";
  return value.replace(/[-_]/g, " ").replace(/^\w/, (c) => c.toUpperCase());
}

export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}
