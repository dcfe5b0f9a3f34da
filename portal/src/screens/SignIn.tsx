import { useState, type FormEvent } from "react";
import { api, ApiError } from "../lib/api";
import { useSession, type StaffSession } from "../lib/session";
import { useTitle } from "../lib/router";
import { ErrorBox } from "../components/ErrorBox";

/** Email and password; then the authenticator's code when the user has a second factor (or must set one up). */
export function SignIn() {
  useTitle("Sign in");
  const { accept, ended, session } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pending = session && session.stage !== "full" ? session : null;

  const run = async (action: () => Promise<StaffSession>) => {
    setBusy(true);
    setError(null);
    try {
      accept(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const signIn = (e: FormEvent) => {
    e.preventDefault();
    run(() => api.post<StaffSession>("/api/auth/sign-in", { email, password }));
  };
  const secondFactor = (e: FormEvent) => {
    e.preventDefault();
    run(() => api.post<StaffSession>("/api/auth/second-factor", { code }));
  };

  return (
    <main className="sign-in">
      <h1>RevenueCycle</h1>
      {pending?.stage === "second-factor" ? (
        <form onSubmit={secondFactor} aria-label="Second factor">
          <h2>Enter your authenticator code</h2>
          <label>
            Authentication code
            <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" required autoFocus />
          </label>
          <button type="submit" disabled={busy}>
            Verify
          </button>
          {error !== null && <ErrorBox error={error} />}
        </form>
      ) : pending?.stage === "enrol-second-factor" ? (
        <EnrolSecondFactor />
      ) : (
        <form onSubmit={signIn} aria-label="Sign in">
          <h2>Sign in</h2>
          {ended && <p role="status">{ended}</p>}
          <label>
            Email
            <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" required autoFocus />
          </label>
          <label>
            Password
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" required />
          </label>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
          {error !== null && (error instanceof ApiError && error.status === 401 ? <p role="alert" className="error">{error.message}</p> : <ErrorBox error={error} />)}
        </form>
      )}
    </main>
  );
}

/** The practice requires a second factor for this user's role and none is set up: enrol one (RFC 6238) before going on. */
function EnrolSecondFactor() {
  const { accept } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUri: string } | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      aria-label="Set up a second factor"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          accept(await api.post<StaffSession>("/api/auth/totp/confirm", { code }));
        } catch (err) {
          setError(err);
        }
      }}
    >
      <h2>Set up your authenticator</h2>
      <p>Your practice requires a second factor for your role.</p>
      {enrolment ? (
        <>
          <p>
            Add this key to your authenticator app: <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <label>
            Authentication code
            <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          <button type="submit">Confirm</button>
        </>
      ) : (
        <button type="button" onClick={async () => setEnrolment(await api.post("/api/auth/totp/enroll"))}>
          Show my key
        </button>
      )}
      {error !== null && <ErrorBox error={error} />}
    </form>
  );
}
