import { useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { date, titleCase } from "../../lib/format";
import { DataTable } from "../../components/DataTable";
import { ErrorBox } from "../../components/ErrorBox";
import { Outcome, Section, useChange, useRefreshList } from "./common";

interface StaffUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  status: "invited" | "active" | "disabled" | string;
  secondFactorEnrolled: boolean;
  passwordChangedAt?: string | null;
  createdAt: string;
}

interface SetPasswordLink {
  token: string;
  url: string;
  expiresAt: string;
}

const Roles = ["admin", "biller", "coder", "auditor", "front-desk", "read-only", "pm-system"];

/** The one-time link an admin passes on to the user (there is no mail server): shown once, here. */
function OneTimeLink({ who, link }: { who: string; link: SetPasswordLink }) {
  const url = new URL(link.url, window.location.origin).toString();
  return (
    <div className="notice" role="status" aria-label="One-time set-password link">
      <p>
        <strong>One-time set-password link for {who}</strong> — shown only now; pass it on to them. It works once, until {date(link.expiresAt)}.
      </p>
      <p>
        <label>
          Link
          <input readOnly value={url} size={80} onFocus={(e) => e.target.select()} />
        </label>
      </p>
    </div>
  );
}

export function StaffUsers() {
  const refresh = useRefreshList();
  const [link, setLink] = useState<{ who: string; link: SetPasswordLink } | null>(null);
  return (
    <>
      <CreateUser onCreated={(who, l) => setLink({ who, link: l })} />
      {link && <OneTimeLink who={link.who} link={link.link} />}
      <UserActions onLink={(who, l) => setLink({ who, link: l })} refresh={() => refresh("/api/users")} />
      <SecondFactorSetting />
    </>
  );
}

function CreateUser({ onCreated }: { onCreated: (who: string, link: SetPasswordLink) => void }) {
  const refresh = useRefreshList();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<string[]>(["biller"]);
  const create = useChange(
    (body: { email: string; name: string; roles: string[] }) => api.post<{ user: StaffUser; setPassword: SetPasswordLink }>("/api/users", body),
    (a) => `Created ${a.user.name} (${a.user.email}).`,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { email: email.trim(), name: name.trim(), roles },
      {
        onSuccess: (a) => {
          onCreated(a.user.email, a.setPassword);
          setEmail("");
          setName("");
          refresh("/api/users");
        },
      },
    );
  };
  return (
    <Section id="new-user" title="Add a staff user">
      <form onSubmit={submit} className="inline">
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </label>
        <label>
          Full name
          <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </label>
        <fieldset className="roles">
          <legend>Roles</legend>
          {Roles.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
              {titleCase(r)}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending}>
          Add user
        </button>
      </form>
      <Outcome error={create.error} done={create.done} />
    </Section>
  );
}

function UserActions({ onLink, refresh }: { onLink: (who: string, link: SetPasswordLink) => void; refresh: () => void }) {
  const act = useChange(
    ({ user, action }: { user: StaffUser; action: "disable" | "enable" | "password-reset" | "second-factor/reset" }) =>
      api.post<StaffUser | SetPasswordLink>(`/api/users/${user.id}/${action}`).then((answer) => ({ user, action, answer })),
    ({ user, action, answer }) => {
      if (action === "password-reset") onLink(user.email, answer as SetPasswordLink);
      refresh();
      return {
        disable: `${user.name} is disabled: their sessions ended and they cannot sign in.`,
        enable: `${user.name} is enabled again.`,
        "password-reset": `${user.name}'s password was reset: their sessions ended; pass on the one-time link.`,
        "second-factor/reset": `${user.name}'s second factor was reset: they enrol again at their next sign-in.`,
      }[action];
    },
  );
  return (
    <Section id="users" title="Staff users">
      <Outcome error={act.error} done={act.done} />
      <DataTable<StaffUser>
        id="users"
        endpoint="/api/users"
        caption="Staff users"
        rowKey={(u) => u.id}
        empty="No staff users yet."
        columns={[
          { header: "Name", render: (u) => u.name },
          { header: "Email", render: (u) => u.email },
          { header: "Roles", render: (u) => u.roles.map(titleCase).join(", ") },
          {
            header: "Status",
            render: (u) => <span className={`badge ${u.status === "active" ? "good" : u.status === "disabled" ? "bad" : "warn"}`}>{titleCase(u.status)}</span>,
          },
          { header: "Second factor", render: (u) => (u.secondFactorEnrolled ? "Enrolled" : "Not enrolled") },
          { header: "Created", render: (u) => date(u.createdAt) },
          {
            header: "Actions",
            render: (u) => (
              <div className="actions">
                {u.status === "disabled" ? (
                  <button type="button" className="secondary" onClick={() => act.mutate({ user: u, action: "enable" })} aria-label={`Enable ${u.email}`}>
                    Enable
                  </button>
                ) : (
                  <button type="button" className="danger" onClick={() => act.mutate({ user: u, action: "disable" })} aria-label={`Disable ${u.email}`}>
                    Disable
                  </button>
                )}
                <button type="button" className="secondary" onClick={() => act.mutate({ user: u, action: "password-reset" })} aria-label={`Reset password of ${u.email}`}>
                  Reset password
                </button>
                {u.secondFactorEnrolled && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => act.mutate({ user: u, action: "second-factor/reset" })}
                    aria-label={`Reset second factor of ${u.email}`}
                  >
                    Reset second factor
                  </button>
                )}
              </div>
            ),
          },
        ]}
      />
    </Section>
  );
}

function SecondFactorSetting() {
  const settings = useQuery({ queryKey: ["users-settings"], queryFn: () => api.get<{ requireSecondFactorForAdmins: boolean }>("/api/users/settings") });
  const save = useChange(
    (body: { requireSecondFactorForAdmins: boolean }) => api.put<{ requireSecondFactorForAdmins: boolean }>("/api/users/settings", body),
    (s) => (s.requireSecondFactorForAdmins ? "Admins now need a second factor to sign in." : "Admins no longer need a second factor."),
    [["users-settings"]],
  );
  return (
    <Section id="sign-in-settings" title="Sign-in">
      {settings.error && <ErrorBox error={settings.error} />}
      {settings.data && (
        <label className="check">
          <input
            type="checkbox"
            checked={settings.data.requireSecondFactorForAdmins}
            disabled={save.isPending}
            onChange={(e) => save.mutate({ requireSecondFactorForAdmins: e.target.checked })}
          />
          Require a second factor (TOTP) for admins
        </label>
      )}
      <Outcome error={save.error} done={save.done} />
    </Section>
  );
}
