// Instants as a US billing office reads them, with the four-digit year (lib/format's date() shows a timestamp with two digits).

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO instant's local day, MM/DD/YYYY. */
export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${d.getFullYear()}`;
}

/** An ISO instant as MM/DD/YYYY h:mm AM. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const h = d.getHours() % 12 || 12;
  return `${day(iso)} ${h}:${pad(d.getMinutes())} ${d.getHours() < 12 ? "AM" : "PM"}`;
}
