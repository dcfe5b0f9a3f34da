import { Link, useTitle } from "../lib/router";
import { Remittances } from "./money/Remittances";
import { Eob } from "./money/Eob";
import { PostingExceptions, PostingException } from "./money/Exceptions";
import { Deposits, Deposit } from "./money/Deposits";
import "./money/money.css";

const tabs = [
  { tab: "remittances", label: "Remittances" },
  { tab: "exceptions", label: "Posting exceptions" },
  { tab: "deposits", label: "Deposits" },
];

export default function Payments({ params }: { params: Record<string, string> }) {
  const tab = tabs.find((t) => t.tab === params.tab)?.tab ?? "remittances";
  const label = tabs.find((t) => t.tab === tab)!.label;
  useTitle(`Payments · ${label}`);
  return (
    <>
      <h1>Payments</h1>
      <nav className="tabs" aria-label="Payments">
        {tabs.map((t) => (
          <Link key={t.tab} to={`/payments/${t.tab}`} aria-current={t.tab === tab ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "remittances" && (params.id ? <Eob id={params.id} /> : <Remittances />)}
      {tab === "exceptions" && (params.id ? <PostingException id={params.id} /> : <PostingExceptions />)}
      {tab === "deposits" && (params.id ? <Deposit id={params.id} /> : <Deposits />)}
    </>
  );
}
