import { lazy, Suspense, type ComponentType, type ReactElement } from "react";
import { useSession } from "./lib/session";
import { match, useLocation } from "./lib/router";
import { Layout } from "./Layout";
import { SignIn } from "./screens/SignIn";
import { SetPassword } from "./screens/SetPassword";

// Each screen is its own chunk (the dashboard's charts are the largest part), loaded when first opened.
const Dashboard = lazy(() => import("./screens/Dashboard"));
const Coding = lazy(() => import("./screens/Coding"));
const Claims = lazy(() => import("./screens/Claims"));
const Denials = lazy(() => import("./screens/Denials"));
const FollowUp = lazy(() => import("./screens/FollowUp"));
const Payments = lazy(() => import("./screens/Payments"));
const Patients = lazy(() => import("./screens/Patients"));
const Settings = lazy(() => import("./screens/Settings"));
const Audit = lazy(() => import("./screens/Audit"));

type Screen = ComponentType<{ params: Record<string, string> }>;

/** Routes, most specific first: a screen gets the path's parameters. */
const routes: [string, Screen][] = [
  ["/", Dashboard],
  ["/coding", Coding],
  ["/coding/:encounterId", Coding],
  ["/claims", Claims],
  ["/claims/:claimId", Claims],
  ["/denials", Denials],
  ["/follow-up", FollowUp],
  ["/follow-up/:queue", FollowUp],
  ["/payments", Payments],
  ["/payments/:tab", Payments],
  ["/payments/:tab/:id", Payments],
  ["/patients", Patients],
  ["/patients/:patientId", Patients],
  ["/settings", Settings],
  ["/settings/:tab", Settings],
  ["/audit", Audit],
];

export function App() {
  const { session, loading } = useSession();
  const { path } = useLocation();
  if (path === "/set-password") return <SetPassword />; // a one-time link works whoever is signed in, or no one
  if (loading) return <p className="loading">Loading…</p>;
  if (!session || session.stage !== "full") return <SignIn />;
  let screen: ReactElement = <NotFound />;
  for (const [pattern, Component] of routes) {
    const params = match(pattern, path);
    if (params) {
      screen = <Component params={params} />;
      break;
    }
  }
  return (
    <Layout>
      <Suspense fallback={<p className="loading">Loading…</p>}>{screen}</Suspense>
    </Layout>
  );
}

function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>There is no page at this address.</p>
    </>
  );
}
