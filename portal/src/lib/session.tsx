import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from "./api";
import { mayChange, type ChangeRule } from "./policy";

export interface StaffSession {
  userId: string;
  tenantId: string;
  email: string;
  name: string;
  roles: string[];
  /** "full", "second-factor" (a code is due) or "enrol-second-factor" (the practice requires one this user has not set up). */
  stage: string;
  secondFactorEnrolled: boolean;
  expiresAt: string;
  signedInAt: string;
  csrfToken: string;
}

interface SessionState {
  session: StaffSession | null;
  loading: boolean;
  /** Why the last session ended, shown on the sign-in screen. */
  ended: string | null;
  rules: ChangeRule[];
  accept: (session: StaffSession) => void;
  signOut: () => Promise<void>;
  /** May the signed-in user make a change at this API path (the gateway's rule; the API refuses it anyway)? */
  can: (path: string) => boolean;
  hasRole: (...roles: string[]) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);
const IdleMs = 15 * 60 * 1000;
const IdleCheckMs = 30 * 1000;
const IdleMessage = "You were signed out after 15 minutes without activity (or your session ended elsewhere). Sign in again.";

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [session, setSession] = useState<StaffSession | null>(null);
  const [loading, setLoading] = useState(true);
  const [ended, setEnded] = useState<string | null>(null);
  const [rules, setRules] = useState<ChangeRule[]>([]);

  const accept = useCallback((s: StaffSession) => {
    setCsrfToken(s.csrfToken);
    setSession(s);
    setEnded(null);
  }, []);

  const clear = useCallback(
    (reason: string | null) => {
      setCsrfToken(null);
      setSession(null);
      setEnded(reason);
      queries.clear();
    },
    [queries],
  );

  useEffect(() => {
    api
      .get<StaffSession>("/api/auth/session")
      .then(accept)
      .catch(() => setSession(null))
      .finally(() => setLoading(false));
    api
      .get<{ changes: ChangeRule[] }>("/api/auth/policy")
      .then((p) => setRules(p.changes))
      .catch(() => setRules([]));
  }, [accept]);

  useEffect(() => {
    setUnauthorizedHandler(() => clear(IdleMessage));
    return () => setUnauthorizedHandler(null);
  }, [clear]);

  // Automatic log-off (HIPAA §164.312(a)(2)(iii)): the gateway ends a session after 15 minutes without a request; the portal ends
  // it after 15 minutes without a key or a click, whatever the page fetched meanwhile in the background (a refetch on focus is
  // not the user's activity): it signs out at the gateway and leaves the screen.
  useEffect(() => {
    if (!session || session.stage !== "full") return;
    let last = Date.now();
    const touch = () => (last = Date.now());
    const events = ["pointerdown", "keydown", "wheel"] as const;
    events.forEach((e) => window.addEventListener(e, touch, { passive: true }));
    const timer = window.setInterval(() => {
      if (Date.now() - last < IdleMs) return;
      window.clearInterval(timer);
      api.post("/api/auth/sign-out").then(
        () => clear(IdleMessage),
        () => clear(IdleMessage),
      );
    }, IdleCheckMs);
    return () => {
      events.forEach((e) => window.removeEventListener(e, touch));
      window.clearInterval(timer);
    };
  }, [session, clear]);

  const signOut = useCallback(async () => {
    try {
      await api.post("/api/auth/sign-out");
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    clear("You signed out.");
  }, [clear]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      ended,
      rules,
      accept,
      signOut,
      can: (path) => !!session && mayChange(rules, session.roles, path),
      hasRole: (...roles) => !!session && (session.roles.includes("admin") || roles.some((r) => session.roles.includes(r))),
    }),
    [session, loading, ended, rules, accept, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}
