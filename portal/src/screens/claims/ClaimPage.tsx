import { useQuery } from "@tanstack/react-query";
import { api, ApiError } from "../../lib/api";
import { Link } from "../../lib/router";
import { date, money, titleCase } from "../../lib/format";
import { ErrorBox } from "../../components/ErrorBox";
import { ClaimActions } from "./ClaimActions";
import { PatientName } from "./PatientName";
import { ClaimLedgerSection } from "./ClaimLedgerSection";
import { StatusChecksSection } from "./StatusChecksSection";
import { DeadlineBadge, StatusBadge } from "./StatusBadge";
import { frequencyNames, type Claim } from "./types";
import { dateTime } from "./when";
import "./claims.css";

/** One claim: what it bills, where it stands, everything that happened to it, what the payer paid, and the actions its state allows. */
export function ClaimPage({ id }: { id: string }) {
  const claim = useQuery({ queryKey: ["claim", id], queryFn: () => api.get<Claim>(`/api/claims/${id}`) });
  // Another practice's claim (or none) is not found: the API says 404 and nothing of it reaches this screen.
  if (claim.error)
    return (<><h1>{claim.error instanceof ApiError && claim.error.status === 404 ? "Claim not found" : "Claim"}</h1><ErrorBox error={claim.error} /></>);
  if (!claim.data) return <p className="loading">Loading…</p>;
  const c = claim.data;
  const acknowledgements = c.history.filter((h) => /\b(999|277CA)\b/.test(h.detail ?? ""));
  return (
    <>
      <p><Link to="/claims">← Claims</Link></p>
      <h1>
        Claim {c.patientControlNumber} <StatusBadge status={c.status} />
      </h1>
      <section className="panel" aria-labelledby="claim-summary">
        <h2 id="claim-summary">Summary</h2>
        <div className="columns">
          <dl className="facts">
            <dt>Payer</dt><dd>{c.payerName} ({c.payerId}) · {titleCase(c.responsibility)}</dd>
            <dt>Date of service</dt><dd>{date(c.dateOfService)}</dd>
            <dt>Total charge</dt><dd>{money(c.totalCharge)}</dd>
            <dt>Frequency</dt><dd>{frequencyNames[c.frequency] ?? c.frequency}</dd>
            <dt>Payer claim number</dt><dd>{c.payerClaimNumber ?? "—"}</dd>
          </dl>
          <dl className="facts">
            <dt>Patient</dt><dd><PatientName id={c.patientId} link /></dd>
            <dt>Encounter</dt><dd><Link to={`/coding/${c.encounterId}`}>Coding of the visit</Link></dd>
            {c.replacesClaimId && (<><dt>Replaces</dt><dd><Link to={`/claims/${c.replacesClaimId}`}>the claim it corrects</Link></dd></>)}
            <dt>Prior authorization</dt><dd>{c.priorAuthorizationNumber ?? "—"}</dd>
            <dt>Deadline</dt><dd><DeadlineBadge deadline={c.deadline} />{c.deadline && ` ${date(c.deadline.date)}`}</dd>
            <dt>Created</dt><dd>{dateTime(c.createdAt)}</dd>
          </dl>
        </div>
        <ClaimActions claim={c} />
      </section>

      {c.denial && (
        <section className="panel" aria-labelledby="claim-denial">
          <h2 id="claim-denial">Denial</h2>
          <dl className="facts">
            <dt>Category</dt><dd><span className="badge bad">{titleCase(c.denial.category)}</span></dd>
            <dt>CARC</dt><dd>{c.denial.carc}</dd>
            <dt>RARC</dt><dd>{c.denial.rarc ?? "—"}{c.denial.remarks?.length ? ` (remarks ${c.denial.remarks.join(", ")})` : ""}</dd>
            <dt>Denied</dt><dd>{dateTime(c.denial.deniedAt)}</dd>
          </dl>
        </section>
      )}

      <section aria-labelledby="claim-lines">
        <h2 id="claim-lines">Service lines</h2>
        <p>Diagnoses: {c.diagnoses.map((d, i) => <span key={d} className="code">{i + 1}. {d}</span>)}</p>
        <table>
          <caption>Service lines of claim {c.patientControlNumber}</caption>
          <thead>
            <tr><th scope="col">Line</th><th scope="col">Procedure</th><th scope="col">Modifiers</th><th scope="col" className="num">Units</th><th scope="col">Pointers</th><th scope="col" className="num">Charge</th></tr>
          </thead>
          <tbody>
            {c.lines.map((l) => (
              <tr key={l.lineNumber}>
                <td>{l.lineNumber}</td><td>{l.procedureCode}</td><td>{l.modifiers.join(", ") || "—"}</td>
                <td className="num">{l.units}</td><td>{l.diagnosisPointers.join(", ")}</td><td className="num">{money(l.charge)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="claim-edits">
        <h2 id="claim-edits">Scrubber findings</h2>
        {c.edits.length === 0 ? <p>No scrubber finding: the claim passed every edit.</p> : (
          <table>
            <caption>Scrubber findings</caption>
            <thead><tr><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Field</th><th scope="col">Finding</th></tr></thead>
            <tbody>
              {c.edits.map((e, i) => (
                <tr key={i}><td><StatusBadge status={e.severity} /></td><td>{e.rule}</td><td>{e.target ?? "—"}</td><td>{e.message}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="claim-history">
        <h2 id="claim-history">History</h2>
        <table>
          <caption>History of claim {c.patientControlNumber}</caption>
          <thead><tr><th scope="col">When</th><th scope="col">Status</th><th scope="col">Detail</th></tr></thead>
          <tbody>
            {c.history.map((h, i) => (
              <tr key={i}><td>{dateTime(h.at)}</td><td><StatusBadge status={h.status} /></td><td>{h.detail ?? ""}</td></tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="claim-acks">
        <h2 id="claim-acks">Acknowledgments</h2>
        {acknowledgements.length === 0 ? <p>No 999 or 277CA has named this claim yet.</p> : (
          <ul>{acknowledgements.map((a, i) => <li key={i}>{dateTime(a.at)}: {a.detail}</li>)}</ul>
        )}
      </section>

      {(c.appeals?.length ?? 0) > 0 && (
        <section aria-labelledby="claim-appeals">
          <h2 id="claim-appeals">Appeals</h2>
          <table>
            <caption>Appeals</caption>
            <thead><tr><th scope="col">Level</th><th scope="col">Sent</th><th scope="col">Deadline</th><th scope="col">Outcome</th><th scope="col">Reason</th></tr></thead>
            <tbody>
              {c.appeals!.map((a) => (
                <tr key={a.id}>
                  <td>{titleCase(a.level)}</td><td>{date(a.sentOn)}{a.filedLate ? " (late)" : ""}</td><td>{date(a.deadline)}</td>
                  <td><StatusBadge status={a.outcome} /></td><td>{a.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <StatusChecksSection claim={c} />
      <ClaimLedgerSection claimId={c.id} />
      <X12Section claimId={c.id} />
    </>
  );
}

function X12Section({ claimId }: { claimId: string }) {
  const x12 = useQuery({ queryKey: ["claim-x12", claimId], queryFn: () => api.getText(`/api/claims/${claimId}/x12`), retry: false });
  const notSent = x12.error instanceof ApiError && x12.error.status === 404;
  return (
    <section aria-labelledby="claim-x12">
      <h2 id="claim-x12">837P sent</h2>
      {notSent && <p>Not sent in an 837P yet.</p>}
      {x12.error && !notSent && <ErrorBox error={x12.error} />}
      {x12.data && (
        <pre className="x12" tabIndex={0} role="region" aria-label="837P text">{x12.data.replace(/~/g, "~\n")}</pre>
      )}
    </section>
  );
}
