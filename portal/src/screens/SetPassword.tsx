import { useState, type FormEvent } from "react";
import { api } from "../lib/api";
import { Link, useTitle } from "../lib/router";
import { ErrorBox } from "../components/ErrorBox";

/**
 * The one-time link an admin gives a new user (or one whose password was reset): `/set-password#token=…`. The token travels in the
 * fragment, which the browser never sends to a server, so it is in no access log; it works once, for a limited time.
 */
export function SetPassword() {
  useTitle("Set your password");
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password !== repeat) {
      setError(new Error("The two passwords are not the same."));
      return;
    }
    setBusy(true);
    try {
      await api.post("/api/auth/set-password", { token, password });
      setDone(true);
      window.history.replaceState(null, "", "/set-password"); // the used token leaves the address bar and the history
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <h1>RevenueCycle</h1>
      {done ? (
        <div role="status" className="notice">
          <p>Your password is set.</p>
          <Link to="/">Sign in</Link>
        </div>
      ) : !token ? (
        <p role="alert" className="error">
          This link has no token. Ask your practice's admin for a new one.
        </p>
      ) : (
        <form onSubmit={submit} aria-label="Set your password">
          <h2>Set your password</h2>
          <p id="password-rule">At least 12 characters; a long phrase is best. Common passwords are refused.</p>
          <label>
            New password
            <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" required
              minLength={12} aria-describedby="password-rule" autoFocus />
          </label>
          <label>
            Confirm the password
            <input type="password" value={repeat} onChange={(e) => setRepeat(e.target.value)} autoComplete="new-password" required />
          </label>
          <button type="submit" disabled={busy}>
            Set password
          </button>
          {error !== null && <ErrorBox error={error} />}
        </form>
      )}
    </main>
  );
}
