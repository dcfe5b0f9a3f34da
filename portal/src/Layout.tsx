import type { ReactNode } from "react";
import { Link, useLocation } from "./lib/router";
import { useSession } from "./lib/session";

/** The screens, in the order a billing office thinks of them. Every role reads every list (the API's rule); Settings and Audit are the admin's. */
export const screens: { path: string; label: string; roles?: string[] }[] = [
  { path: "/", label: "Dashboard" },
  { path: "/coding", label: "Coding" },
  { path: "/claims", label: "Claims" },
  { path: "/denials", label: "Denials" },
  { path: "/follow-up", label: "Follow-up" },
  { path: "/payments", label: "Payments" },
  { path: "/patients", label: "Patients" },
  { path: "/settings", label: "Settings", roles: [] },
  { path: "/audit", label: "Audit", roles: [] },
];

export function Layout({ children }: { children: ReactNode }) {
  const { session, signOut, hasRole } = useSession();
  const { path } = useLocation();
  const current = (p: string) => (p === "/" ? path === "/" : path === p || path.startsWith(`${p}/`));
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header>
        <span className="brand">RevenueCycle</span>
        <nav aria-label="Main">
          <ul>
            {screens
              .filter((s) => !s.roles || hasRole(...s.roles))
              .map((s) => (
                <li key={s.path}>
                  <Link to={s.path} aria-current={current(s.path) ? "page" : undefined}>
                    {s.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="user">
          <span>
            {session?.name} <small>({session?.roles.join(", ")})</small>
          </span>
          <button type="button" onClick={() => signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
