import { request } from "../../lib/api";
import { Link } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { useSession } from "../../lib/session";
import { DataTable } from "../../components/DataTable";
import { Upload } from "./Upload";

interface RemittanceSummary {
  id: string;
  payerName: string;
  traceNumber: string;
  paymentAmount: number;
  paymentDate: string;
  claimCount: number;
  source: string;
  receivedAt: string;
}

export function Remittances() {
  const { can } = useSession();
  return (
    <>
      {can("/api/remittances") && (
        <Upload<{ id: string; remittanceIds: string[] }>
          title="Upload an 835"
          fieldLabel="835 (X12 005010X221A1) text"
          accept=".835,.txt,.x12,.edi"
          send={(text) => request("/api/remittances", { method: "POST", text, contentType: "text/plain" })}
          onDone={(r) => (
            <>
              Posted {r.remittanceIds.length} remittance{r.remittanceIds.length === 1 ? "" : "s"}:{" "}
              {r.remittanceIds.map((id) => (
                <Link key={id} to={`/payments/remittances/${id}`}>
                  open the EOB{" "}
                </Link>
              ))}
            </>
          )}
        />
      )}
      <DataTable<RemittanceSummary>
        id="remittances"
        endpoint="/api/remittances"
        caption="Remittances (835)"
        rowKey={(r) => r.id}
        defaultSort="-received"
        filters={[
          { name: "payer", label: "Payer" },
          { name: "trace", label: "Check/EFT trace" },
          { name: "from", label: "Paid from", type: "date" },
          { name: "to", label: "Paid to", type: "date" },
          { name: "minAmount", label: "Amount from ($)", type: "number" },
          { name: "maxAmount", label: "Amount to ($)", type: "number" },
        ]}
        columns={[
          { header: "Payer", render: (r) => <Link to={`/payments/remittances/${r.id}`} aria-label={`Open the EOB of ${r.payerName} trace ${r.traceNumber}`}>{r.payerName}</Link> },
          { header: "Check/EFT trace", render: (r) => r.traceNumber },
          { header: "Payment date", render: (r) => date(r.paymentDate), sort: "paymentDate" },
          { header: "Amount", render: (r) => money(r.paymentAmount), sort: "amount", numeric: true },
          { header: "Claims", render: (r) => r.claimCount, numeric: true },
          { header: "Source", render: (r) => <span className="badge">{titleCase(r.source)}</span> },
          { header: "Received", render: (r) => date(r.receivedAt), sort: "received" },
        ]}
        empty="No remittances yet."
      />
    </>
  );
}
