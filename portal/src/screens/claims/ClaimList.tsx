import { DataTable, type Column } from "../../components/DataTable";
import { Link, useQueryState } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { PatientPicker } from "./PatientPicker";
import { PatientName } from "./PatientName";
import { usePayerFilter } from "./payers";
import { DeadlineBadge, StatusBadge } from "./StatusBadge";
import { day } from "./when";
import { claimStatuses, denialCategories, type Claim } from "./types";

const columns: Column<Claim>[] = [
  { header: "Claim", render: (c) => <Link to={`/claims/${c.id}`}>{c.patientControlNumber}</Link> },
  { header: "Patient", render: (c) => <PatientName id={c.patientId} /> },
  { header: "Date of service", render: (c) => date(c.dateOfService), sort: "age" },
  { header: "Payer", render: (c) => `${c.payerName} (${c.payerId})` },
  { header: "Responsibility", render: (c) => titleCase(c.responsibility) },
  { header: "Frequency", render: (c) => c.frequency },
  { header: "Status", render: (c) => <StatusBadge status={c.status} /> },
  { header: "Deadline", render: (c) => <DeadlineBadge deadline={c.deadline} />, sort: "deadline" },
  { header: "Total charge", render: (c) => money(c.totalCharge), sort: "amount", numeric: true },
  { header: "Created", render: (c) => day(c.createdAt), sort: "created" },
];

export function ClaimList() {
  const [search, setSearch] = useQueryState();
  const patientId = search.get("claims.patientId") ?? undefined;
  const payerFilter = usePayerFilter();
  return (
    <>
      <h1>Claims</h1>
      <PatientPicker
        patientId={patientId}
        onChange={(id) => setSearch({ "claims.patientId": id })}
      />
      <DataTable<Claim>
        key={patientId ?? "all"}
        id="claims"
        endpoint="/api/claims"
        caption="Claims"
        columns={columns}
        rowKey={(c) => c.id}
        params={{ patientId }}
        defaultSort="-created"
        filters={[
          { name: "status", label: "Status", type: "select", options: claimStatuses.map((s) => ({ value: s, label: titleCase(s) })) },
          payerFilter,
          { name: "serviceFrom", label: "Service from", type: "date" },
          { name: "serviceTo", label: "Service to", type: "date" },
          {
            name: "agingBucket", label: "Age (days)", type: "select",
            options: ["0-30", "31-60", "61-90", "91-120", "120+"].map((b) => ({ value: b, label: b })),
          },
          { name: "category", label: "Denial category", type: "select", options: denialCategories.map((c) => ({ value: c, label: titleCase(c) })) },
          { name: "encounterId", label: "Encounter id" },
        ]}
        empty="No claim matches these filters."
      />
    </>
  );
}
