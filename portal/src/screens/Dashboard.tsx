import { useQuery } from "@tanstack/react-query";
import { api } from "../lib/api";
import { useTitle } from "../lib/router";
import { money, percent } from "../lib/format";
import { Tile } from "../components/Tile";
import { ErrorBox } from "../components/ErrorBox";
import { Chart, type ChartOption } from "../components/Chart";

interface Measure { value?: number | null; unit: string; target: string; meetsTarget?: boolean | null }
interface Rate { percent?: number | null; count: number; outOf: number; target: string; meetsTarget?: boolean | null }
interface PaymentMeasures { asOf: string; daysInAr: Measure; daysInInsuranceAr: Measure; netCollectionRate: Measure; insuranceArOver90: Measure; totalAr: number }
interface ClaimMeasures { from: string; to: string; claimsSubmitted: number; denialRate: Rate; cleanClaimRate: Rate; firstPassResolution: Rate; firstPassAcceptance: Rate }
interface Buckets { days0To30: number; days31To60: number; days61To90: number; days91To120: number; over120: number }
interface ArAging { payers: { payerId: string; payerName: string; buckets: Buckets; total: number }[]; totals: Buckets; total: number }
interface CashByDay { days: { date: string; insurance: number; patient: number; total: number }[]; total: number }
interface DenialsByWeek { items: { weekStart: string; adjudicated: number; denied: number; ratePercent?: number | null; categories: { category: string; claims: number }[] }[] }

const bucketNames: [keyof Buckets, string][] = [
  ["days0To30", "0–30"],
  ["days31To60", "31–60"],
  ["days61To90", "61–90"],
  ["days91To120", "91–120"],
  ["over120", "120+"],
];

function days(m: Measure | undefined): string {
  return m?.value === null || m?.value === undefined ? "—" : `${m.value.toFixed(1)} days`;
}

/** The practice's health at a glance: the measures with their targets (each tile opens the list behind it) and four charts. */
export default function Dashboard(_: { params: Record<string, string> }) {
  useTitle("Dashboard");
  const payments = useQuery({ queryKey: ["/api/payments/measures"], queryFn: () => api.get<PaymentMeasures>("/api/payments/measures") });
  const claims = useQuery({ queryKey: ["/api/claims/measures"], queryFn: () => api.get<ClaimMeasures>("/api/claims/measures") });
  const aging = useQuery({ queryKey: ["/api/payments/ar-aging"], queryFn: () => api.get<ArAging>("/api/payments/ar-aging") });
  const cash = useQuery({ queryKey: ["/api/payments/measures/cash-by-day"], queryFn: () => api.get<CashByDay>("/api/payments/measures/cash-by-day") });
  const denials = useQuery({
    queryKey: ["/api/claims/measures/denials-by-week"],
    queryFn: () => api.get<DenialsByWeek>("/api/claims/measures/denials-by-week?weeks=12"),
  });
  const p = payments.data;
  const c = claims.data;

  return (
    <>
      <h1>Dashboard</h1>
      <ErrorBox error={payments.error ?? claims.error ?? aging.error ?? cash.error ?? denials.error} />
      <section aria-label="Measures" className="tiles">
        <Tile label="Days in AR" value={days(p?.daysInAr)} target={p?.daysInAr.target} meets={p?.daysInAr.meetsTarget} to="/follow-up"
          detail={p ? `Total AR ${money(p.totalAr)}` : undefined} />
        <Tile label="Denial rate" value={percent(c?.denialRate.percent)} target={c?.denialRate.target} meets={c?.denialRate.meetsTarget} to="/denials"
          detail={c ? `${c.denialRate.count} of ${c.denialRate.outOf} claims adjudicated` : undefined} />
        <Tile label="Clean-claim rate" value={percent(c?.cleanClaimRate.percent)} target={c?.cleanClaimRate.target} meets={c?.cleanClaimRate.meetsTarget}
          to="/claims" detail={c ? `${c.cleanClaimRate.count} of ${c.cleanClaimRate.outOf} claims answered` : undefined} />
        <Tile label="First-pass resolution" value={percent(c?.firstPassResolution.percent)} target={c?.firstPassResolution.target}
          meets={c?.firstPassResolution.meetsTarget} to="/claims"
          detail={c ? `${c.firstPassResolution.count} of ${c.firstPassResolution.outOf} claims adjudicated` : undefined} />
        <Tile label="Net collection rate" value={percent(p?.netCollectionRate.value)} target={p?.netCollectionRate.target}
          meets={p?.netCollectionRate.meetsTarget} to="/payments" detail="Last 90 days" />
      </section>
      {c && <p className="tile-detail">Claim measures: original claims first submitted {c.from} to {c.to}.</p>}
      <section aria-label="Charts" className="charts">
        {aging.data && <Chart title="Insurance AR by age and payer" option={agingChart(aging.data)} summary={<AgingTable aging={aging.data} />} />}
        {cash.data && <Chart title="Cash posted per day (last 30 days)" option={cashChart(cash.data)} summary={<CashTable cash={cash.data} />} />}
        {denials.data && <Chart title="Denial rate per week, with reasons" option={denialChart(denials.data)} summary={<DenialTable weeks={denials.data} />} />}
      </section>
    </>
  );
}

function AgingTable({ aging }: { aging: ArAging }) {
  return (
    <table>
      <caption>Insurance AR by age and payer</caption>
      <thead>
        <tr>
          <th scope="col">Payer</th>
          {bucketNames.map(([, label]) => (
            <th scope="col" key={label}>{label} days</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {aging.payers.map((p) => (
          <tr key={p.payerId}>
            <th scope="row">{p.payerName}</th>
            {bucketNames.map(([key]) => (
              <td key={key}>{money(p.buckets[key])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CashTable({ cash }: { cash: CashByDay }) {
  const days = cash.days.filter((d) => d.total !== 0);
  return (
    <table>
      <caption>Cash posted per day: {money(cash.total)} in all</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          <th scope="col">Insurance</th>
          <th scope="col">Patients</th>
        </tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr key={d.date}>
            <th scope="row">{d.date}</th>
            <td>{money(d.insurance)}</td>
            <td>{money(d.patient)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DenialTable({ weeks }: { weeks: DenialsByWeek }) {
  return (
    <table>
      <caption>Denials per week</caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col">Adjudicated</th>
          <th scope="col">Denied</th>
          <th scope="col">Rate</th>
          <th scope="col">Reasons</th>
        </tr>
      </thead>
      <tbody>
        {weeks.items.filter((w) => w.adjudicated > 0).map((w) => (
          <tr key={w.weekStart}>
            <th scope="row">{w.weekStart}</th>
            <td>{w.adjudicated}</td>
            <td>{w.denied}</td>
            <td>{percent(w.ratePercent)}</td>
            <td>{w.categories.map((c) => `${c.category}: ${c.claims}`).join(", ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const moneyAxis = { type: "value", axisLabel: { formatter: (v: number) => `$${v >= 1000 ? `${(v / 1000).toFixed(0)}k` : v}` } };

function agingChart(aging: ArAging): ChartOption {
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v) },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 60, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: bucketNames.map(([, l]) => `${l} days`) },
    yAxis: moneyAxis,
    series: aging.payers.map((p) => ({ name: p.payerName, type: "bar", stack: "ar", data: bucketNames.map(([k]) => p.buckets[k]) })),
  };
}

function cashChart(cash: CashByDay): ChartOption {
  return {
    tooltip: { trigger: "axis", valueFormatter: (v: number) => money(v) },
    legend: { bottom: 0 },
    grid: { left: 60, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: cash.days.map((d) => d.date.slice(5).replace("-", "/")) },
    yAxis: moneyAxis,
    series: [
      { name: "Insurance", type: "bar", stack: "cash", data: cash.days.map((d) => d.insurance) },
      { name: "Patients", type: "bar", stack: "cash", data: cash.days.map((d) => d.patient) },
    ],
  };
}

function denialChart(weeks: DenialsByWeek): ChartOption {
  const categories = [...new Set(weeks.items.flatMap((w) => w.categories.map((c) => c.category)))].sort();
  return {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", bottom: 0 },
    grid: { left: 48, right: 56, top: 36, bottom: 56 },
    xAxis: { type: "category", data: weeks.items.map((w) => w.weekStart.slice(5).replace("-", "/")) },
    yAxis: [
      { type: "value", name: "Denied claims", minInterval: 1 },
      { type: "value", name: "Rate", axisLabel: { formatter: "{value}%" }, min: 0 },
    ],
    series: [
      ...categories.map((category) => ({
        name: category,
        type: "bar",
        stack: "denials",
        data: weeks.items.map((w) => w.categories.find((c) => c.category === category)?.claims ?? 0),
      })),
      { name: "Denial rate", type: "line", yAxisIndex: 1, connectNulls: false, data: weeks.items.map((w) => w.ratePercent ?? null) },
    ],
  };
}
