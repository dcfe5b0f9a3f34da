import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { date, money, titleCase } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { dateTime } from "./when";
import type { Claim, StatusCheck } from "./types";

/** The claim's 276/277 status checks, newest first ("Check status now" is among the claim's actions). */
export function StatusChecksSection({ claim }: { claim: Claim }) {
  const checks = useQuery({ queryKey: ["status-checks", claim.id], queryFn: () => api.get<StatusCheck[]>(`/api/claims/${claim.id}/status-checks`) });
  return (
    <section aria-labelledby="claim-status-checks">
      <h2 id="claim-status-checks">Status checks (276/277)</h2>
      {checks.error && <ErrorBox error={checks.error} />}
      {checks.data?.length === 0 && <p>No status check yet.</p>}
      {!!checks.data?.length && (
        <table>
          <caption>Status checks</caption>
          <thead>
            <tr><th scope="col">When</th><th scope="col">How</th><th scope="col">Result</th><th scope="col">STC</th><th scope="col">Meaning</th><th scope="col" className="num">Paid</th><th scope="col">Check</th></tr>
          </thead>
          <tbody>
            {checks.data.map((s) => (
              <tr key={s.id}>
                <td>{dateTime(s.at)}</td>
                <td>{titleCase(s.trigger)}</td>
                <td><span className={`badge ${s.result === "error" || s.result === "denied" || s.result === "not-found" ? "bad" : ""}`.trim()}>{titleCase(s.result)}</span></td>
                <td>{[s.categoryCode, s.statusCode].filter(Boolean).join(":") || "—"}</td>
                <td>{s.error ?? s.meaning ?? s.message ?? "—"}</td>
                <td className="num">{s.paidAmount == null ? "—" : money(s.paidAmount)}</td>
                <td>{s.checkNumber ? `${s.checkNumber} (${date(s.adjudicationDate)})` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
