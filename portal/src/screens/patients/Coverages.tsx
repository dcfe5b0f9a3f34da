import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Page } from "../../lib/api";
import { date, money, percent, titleCase } from "../../lib/format";
import { useSession } from "../../lib/session";
import { ErrorBox } from "../../components/ErrorBox";
import type { Coverage, EligibilityCheck } from "./types";

/** The patient's insurance, primary first, each with its latest eligibility answer (270/271) and a button to ask again. */
export function Coverages({ patientId }: { patientId: string }) {
  const coverages = useQuery({
    queryKey: ["coverages", patientId],
    queryFn: () => api.get<Page<Coverage>>(`/api/patients/${patientId}/coverages`),
  });
  const order = ["primary", "secondary", "tertiary"];
  const items = [...(coverages.data?.items ?? [])].sort((a, b) => order.indexOf(a.priority) - order.indexOf(b.priority));
  return (
    <section className="panel" aria-labelledby="coverages">
      <h2 id="coverages">Coverage</h2>
      {coverages.error && <ErrorBox error={coverages.error} />}
      {coverages.isLoading && <p>Loading…</p>}
      {coverages.data && items.length === 0 && <p>No insurance on file: the patient is self-pay.</p>}
      {items.map((c) => (
        <CoverageCard key={c.id} coverage={c} />
      ))}
    </section>
  );
}

function CoverageCard({ coverage: c }: { coverage: Coverage }) {
  const { can } = useSession();
  const queries = useQueryClient();
  const checksKey = ["eligibility", c.id];
  const checks = useQuery({ queryKey: checksKey, queryFn: () => api.get<Page<EligibilityCheck>>(`/api/coverages/${c.id}/eligibility-checks`) });
  const run = useMutation({
    mutationFn: () => api.post<EligibilityCheck>(`/api/coverages/${c.id}/eligibility-checks`, {}),
    onSuccess: () => queries.invalidateQueries({ queryKey: checksKey }),
  });
  const latest = run.data ?? checks.data?.items[0];
  const heading = `${titleCase(c.priority)}: ${c.payer.name}`;
  return (
    <article className="coverage" aria-label={heading}>
      <h3>{heading}</h3>
      <dl className="facts">
        <dt>Member ID</dt>
        <dd>{c.memberId}</dd>
        <dt>Group</dt>
        <dd>{c.groupNumber ?? "—"}</dd>
        <dt>Subscriber</dt>
        <dd>
          {c.subscriber.firstName} {c.subscriber.lastName} ({titleCase(c.relationship)})
        </dd>
        <dt>Effective</dt>
        <dd>
          {date(c.effectiveFrom)} – {c.effectiveTo ? date(c.effectiveTo) : "open"}
        </dd>
      </dl>
      <h4>Eligibility</h4>
      {latest ? <EligibilityResult check={latest} /> : <p>Not checked yet.</p>}
      {run.error && <ErrorBox error={run.error} />}
      {can(`/api/coverages/${c.id}/eligibility-checks`) && (
        <div className="actions">
          <button type="button" onClick={() => run.mutate()} disabled={run.isPending} aria-label={`Check eligibility with ${c.payer.name}`}>
            {run.isPending ? "Checking…" : "Check eligibility"}
          </button>
        </div>
      )}
    </article>
  );
}

function EligibilityResult({ check }: { check: EligibilityCheck }) {
  const tone = check.status === "active" ? "good" : check.status === "inactive" ? "bad" : "warn";
  return (
    <dl className="facts" aria-label="Eligibility result">
      <dt>Status</dt>
      <dd>
        <span className={`badge ${tone}`}>{titleCase(check.status)}</span> <small>checked {date(check.checkedAt)}</small>
      </dd>
      {check.reason && (
        <>
          <dt>Reason</dt>
          <dd>{check.reason}</dd>
        </>
      )}
      <dt>Copay</dt>
      <dd>{money(check.copay)}</dd>
      <dt>Deductible remaining</dt>
      <dd>
        {money(check.deductibleRemaining)}
        {check.deductible != null ? ` of ${money(check.deductible)}` : ""}
      </dd>
      <dt>Coinsurance</dt>
      <dd>{percent(check.coinsurancePercent, 0)}</dd>
      {check.planBegin && (
        <>
          <dt>Plan year</dt>
          <dd>
            {date(check.planBegin)} – {date(check.planEnd)}
          </dd>
        </>
      )}
    </dl>
  );
}
