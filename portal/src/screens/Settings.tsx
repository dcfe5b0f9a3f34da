import { Link, useTitle } from "../lib/router";
import { useSession } from "../lib/session";
import { NotAllowed } from "./settings/NotAllowed";
import { PracticeProfile, Payers, Providers } from "./settings/PracticeSetup";
import { BillingSettings, ClaimSettings, Contracts, FeeSchedule } from "./settings/ClaimsSetup";
import { StaffUsers } from "./settings/StaffUsers";
import "./settings/settings.css";

const tabs = [
  { tab: "practice", label: "Practice profile", Screen: PracticeProfile },
  { tab: "providers", label: "Providers", Screen: Providers },
  { tab: "payers", label: "Payers", Screen: Payers },
  { tab: "fee-schedule", label: "Fee schedule", Screen: FeeSchedule },
  { tab: "contracts", label: "Contracts", Screen: Contracts },
  { tab: "users", label: "Staff users", Screen: StaffUsers },
  { tab: "claims", label: "Claim settings", Screen: ClaimSettings },
  { tab: "billing", label: "Billing settings", Screen: BillingSettings },
];

/** The practice admin's set-up, one tab per area. */
export default function Settings({ params }: { params: Record<string, string> }) {
  const { session } = useSession();
  const current = tabs.find((t) => t.tab === (params.tab ?? "practice"));
  useTitle(current ? `Settings · ${current.label}` : "Settings");
  if (!session?.roles.includes("admin")) return <NotAllowed screen="Settings" />;
  return (
    <>
      <h1>Settings</h1>
      <nav className="tabs" aria-label="Settings">
        {tabs.map((t) => (
          <Link key={t.tab} to={`/settings/${t.tab}`} aria-current={t === current ? "page" : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {current ? <current.Screen /> : <p>There is no such settings tab.</p>}
    </>
  );
}
