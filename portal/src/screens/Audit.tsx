import { useSession } from "../lib/session";
import { Link, useTitle } from "../lib/router";
import { DataTable } from "../components/DataTable";
import { NotAllowed } from "./settings/NotAllowed";

interface AuditEntry {
  id: number;
  at: string;
  userId?: string | null;
  userName?: string | null;
  userEmail?: string | null;
  keyId?: string | null;
  keyName?: string | null;
  method: string;
  path: string;
  queryKeys?: string | null;
  status: number;
  clientIp?: string | null;
  patientIds?: string[] | null;
}

/** Month/day/year with the time, to the second: an audit answers "when exactly". */
export function timestamp(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString("en-US", { month: "2-digit", day: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** Who accessed what (HIPAA §164.312(b) audit controls; §164.528 accounting of disclosures): the practice's own audit, newest first. */
export default function Audit(_: { params: Record<string, string> }) {
  useTitle("Audit");
  const { session } = useSession();
  if (!session?.roles.includes("admin")) return <NotAllowed screen="Audit" />;
  return (
    <>
      <h1>Audit</h1>
      <p>Every request made with your practice's users and API keys: who, when, what and the outcome. Filter by a patient to see who accessed their data.</p>
      <DataTable<AuditEntry>
        id="audit"
        endpoint="/api/audit"
        caption="Access audit"
        rowKey={(e) => String(e.id)}
        defaultSort="-at"
        filters={[
          { name: "patientId", label: "Patient ID" },
          { name: "userId", label: "User ID" },
          { name: "from", label: "From", type: "date" },
          { name: "to", label: "To", type: "date" },
        ]}
        empty="No request matches."
        columns={[
          { header: "Time", sort: "at", render: (e) => timestamp(e.at) },
          {
            header: "User or API key",
            render: (e) =>
              e.userId ? (
                <>
                  {e.userName ?? "Staff user"} <small>{e.userEmail}</small>
                </>
              ) : e.keyId ? (
                `API key: ${e.keyName ?? e.keyId}`
              ) : (
                "—"
              ),
          },
          { header: "Method", render: (e) => <code>{e.method}</code> },
          { header: "Path", render: (e) => <code>{e.path}</code> },
          {
            header: "Status",
            render: (e) => <span className={`badge ${e.status >= 500 ? "bad" : e.status >= 400 ? "warn" : "good"}`}>{e.status}</span>,
          },
          {
            header: "Patients disclosed",
            render: (e) =>
              e.patientIds?.length
                ? e.patientIds.slice(0, 3).map((id) => (
                    <Link key={id} to={`/patients/${id}`} aria-label={`Patient ${id}`} title={id}>
                      {id.slice(0, 8)}…{" "}
                    </Link>
                  ))
                : "—",
          },
        ]}
      />
    </>
  );
}
