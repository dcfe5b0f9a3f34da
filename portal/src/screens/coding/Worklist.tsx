import { DataTable, type Column } from "../../components/DataTable";
import { Link } from "../../lib/router";
import { date, titleCase } from "../../lib/format";
import { StatusBadge } from "../claims/StatusBadge";
import { dateTime } from "../claims/when";
import type { WorklistItem } from "./types";

const columns: Column<WorklistItem>[] = [
  { header: "Patient", render: (e) => <Link to={`/coding/${e.encounterId}`}>{e.patientName}</Link> },
  { header: "Date of birth", render: (e) => date(e.patientDateOfBirth) },
  { header: "Provider", render: (e) => e.providerName },
  { header: "Date of service", render: (e) => date(e.dateOfService), sort: "dateOfService" },
  { header: "Place of service", render: (e) => e.placeOfService },
  { header: "Status", render: (e) => <StatusBadge status={e.status} /> },
  { header: "Received", render: (e) => dateTime(e.receivedAt), sort: "received" },
  { header: "Assignee", render: (e) => e.assignee ?? "—" },
  { header: "Note", render: (e) => (e.note ? (e.note.length > 60 ? `${e.note.slice(0, 60)}…` : e.note) : "—") },
];

export function Worklist() {
  return (
    <>
      <h1>Coding</h1>
      <DataTable<WorklistItem>
        id="coding"
        endpoint="/api/coding/worklist"
        caption="Coding worklist"
        columns={columns}
        rowKey={(e) => e.encounterId}
        defaultSort="received"
        filters={[
          { name: "status", label: "Status", type: "select", options: ["ready", "in-progress", "coded"].map((s) => ({ value: s, label: titleCase(s) })) },
          {
            name: "agingBucket", label: "Age (days since service)", type: "select",
            options: ["0-30", "31-60", "61-90", "91-120", "120+"].map((b) => ({ value: b, label: b })),
          },
          { name: "assignee", label: "Assignee (user id, or none)" },
        ]}
        empty="Nothing to code: the worklist is clear."
      />
    </>
  );
}
