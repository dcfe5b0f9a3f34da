import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { money, titleCase } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { dateTime } from "./when";
import type { ClaimLedger } from "./types";

/** What Payments posted to the claim: charge = insurance paid + adjustments + patient responsibility + insurance balance. */
export function ClaimLedgerSection({ claimId }: { claimId: string }) {
  const ledger = useQuery({ queryKey: ["ledger", claimId], queryFn: () => api.get<ClaimLedger>(`/api/payments/claims/${claimId}/ledger`), retry: false });
  const none = ledger.error instanceof ApiError && ledger.error.status === 404;
  const l = ledger.data;
  return (
    <section aria-labelledby="claim-ledger">
      <h2 id="claim-ledger">Ledger</h2>
      {none && <p>Nothing posted to this claim yet.</p>}
      {ledger.error && !none && <ErrorBox error={ledger.error} />}
      {l && (
        <>
          <dl className="facts ledger-totals">
            <dt>Charge</dt><dd>{money(l.charge)}</dd>
            <dt>Insurance paid</dt><dd>{money(l.insurancePaid)}</dd>
            <dt>Adjustments</dt><dd>{money(l.adjustments)}</dd>
            <dt>Patient responsibility</dt><dd>{money(l.patientResponsibility)}</dd>
            <dt>Insurance balance</dt><dd>{money(l.insuranceBalance)}{l.denied ? ` (${money(l.denied)} denied)` : ""}</dd>
          </dl>
          <table>
            <caption>Ledger entries</caption>
            <thead>
              <tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Line</th><th scope="col">CAS</th><th scope="col">Description</th><th scope="col" className="num">Amount</th></tr>
            </thead>
            <tbody>
              {l.entries.map((e) => (
                <tr key={e.id}>
                  <td>{dateTime(e.createdAt)}</td><td>{titleCase(e.kind)}</td><td>{e.lineNumber ?? "Claim"}</td>
                  <td>{e.group ? `${e.group}-${e.carc}` : "—"}</td><td>{e.description}</td><td className="num">{money(e.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
