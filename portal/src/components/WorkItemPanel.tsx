import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Page } from "../lib/api";
import { useSession } from "../lib/session";
import { date, todayIso } from "../lib/format";
import { ErrorBox } from "./ErrorBox";

// The work-queue mechanics every queue shares (/api/work-queues/{queue}/items/{id}): assignment, pending until a date, comments,
// and the history of who changed what. Shown beside an item of any queue.

interface WorkEvent {
  action: string;
  assignee?: string | null;
  pendedUntil?: string | null;
  reason?: string | null;
  at: string;
  by: string;
}

interface WorkItem {
  queue: string;
  itemId: string;
  assignee?: string | null;
  assignedAt?: string | null;
  assignedBy?: string | null;
  pendedUntil?: string | null;
  pendReason?: string | null;
  pended: boolean;
  commentCount: number;
  history: WorkEvent[];
}

interface Comment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

interface StaffUser {
  id: string;
  name: string;
  email: string;
  status: string;
}

/** The practice's staff users, when the signed-in user may list them (the admin's); else none (assign to "me" only). */
export function useStaffUsers(): StaffUser[] {
  const { hasRole } = useSession();
  const mayList = hasRole("admin");
  const query = useQuery({
    queryKey: ["/api/users?limit=200"],
    queryFn: () => api.get<Page<StaffUser>>("/api/users?limit=200"),
    enabled: mayList,
    staleTime: 60_000,
  });
  return (query.data?.items ?? []).filter((u) => u.status !== "disabled");
}

/** How a user id reads: "Me", a colleague's name when known, else the id (an API key's changes carry the key's id). */
export function usePersonName(): (id: string | null | undefined) => string {
  const { session } = useSession();
  const users = useStaffUsers();
  return (id) => {
    if (!id) return "—";
    if (id === session?.userId) return `Me (${session.name})`;
    return users.find((u) => u.id === id)?.name ?? id;
  };
}

/** The assignee filter's options: anyone (no option), me, unassigned, and each colleague when listed. */
export function useAssigneeOptions(): { value: string; label: string }[] {
  const { session } = useSession();
  const users = useStaffUsers();
  return [
    ...(session ? [{ value: session.userId, label: "Me" }] : []),
    { value: "none", label: "Unassigned" },
    ...users.filter((u) => u.id !== session?.userId).map((u) => ({ value: u.id, label: u.name })),
  ];
}

function tomorrowIso(): string {
  const d = new Date(`${todayIso()}T12:00:00`);
  d.setDate(d.getDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function WorkItemPanel({ queue, itemId, label }: { queue: string; itemId: string; label: string }) {
  const { session, can } = useSession();
  const queries = useQueryClient();
  const users = useStaffUsers();
  const name = usePersonName();
  const base = `/api/work-queues/${queue}/items/${itemId}`;
  const item = useQuery({ queryKey: [base], queryFn: () => api.get<WorkItem>(base) });
  const comments = useQuery({ queryKey: [`${base}/comments?limit=200`], queryFn: () => api.get<Page<Comment>>(`${base}/comments?limit=200`) });
  const [assignee, setAssignee] = useState(session?.userId ?? "");
  const [until, setUntil] = useState("");
  const [reason, setReason] = useState("");
  const [body, setBody] = useState("");
  const [notice, setNotice] = useState<string | null>(null);

  const change = useMutation({
    mutationFn: async (run: { call: () => Promise<unknown>; done: string }) => {
      await run.call();
      return run.done;
    },
    onSuccess: async (done) => {
      setNotice(done);
      await queries.invalidateQueries();
    },
    onError: () => setNotice(null),
  });

  const mayAssign = can(`${base}/assignment`);
  const mayPend = can(`${base}/pend`);
  const mayComment = can(`${base}/comments`);
  const state = item.data;

  const assign = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ call: () => api.put(`${base}/assignment`, { assignee }), done: `Assigned to ${name(assignee)}.` });
  };
  const pend = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({
      call: () => api.put(`${base}/pend`, { until, reason: reason.trim() || undefined }),
      done: `Pended until ${date(until)}: hidden from the queue until then.`,
    });
  };
  const comment = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({ call: () => api.post(`${base}/comments`, { body }), done: "Comment added." });
    setBody("");
  };

  return (
    <section className="panel work-item" aria-labelledby={`work-${itemId}`}>
      <h2 id={`work-${itemId}`}>Work on {label}</h2>
      {item.error && <ErrorBox error={item.error} />}
      {change.error && <ErrorBox error={change.error} />}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {state && (
        <dl className="facts">
          <dt>Assigned to</dt>
          <dd data-field="assignee">{state.assignee ? name(state.assignee) : "Unassigned"}</dd>
          <dt>Pended</dt>
          <dd data-field="pended">
            {state.pended ? (
              <>
                <span className="badge warn">Pended until {date(state.pendedUntil)}</span> {state.pendReason}
              </>
            ) : (
              "No"
            )}
          </dd>
          <dt>Comments</dt>
          <dd>{state.commentCount}</dd>
        </dl>
      )}
      {(mayAssign || mayPend) && (
        <div className="work-actions">
          {mayAssign && (
            <form className="inline" onSubmit={assign} aria-label="Assign">
              <label>
                Assign to
                <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
                  {session && <option value={session.userId}>Me ({session.name})</option>}
                  {users
                    .filter((u) => u.id !== session?.userId)
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name} ({u.email})
                      </option>
                    ))}
                </select>
              </label>
              <button type="submit" disabled={change.isPending || !assignee}>
                Assign
              </button>
              {state?.assignee && (
                <button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => change.mutate({ call: () => api.del(`${base}/assignment`), done: "Unassigned." })}>
                  Unassign
                </button>
              )}
            </form>
          )}
          {mayPend && (
            <form className="inline" onSubmit={pend} aria-label="Pend">
              <label>
                Pend until
                <input type="date" required min={tomorrowIso()} value={until} onChange={(e) => setUntil(e.target.value)} />
              </label>
              <label>
                Pend reason
                <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. payer reprocessing" />
              </label>
              <button type="submit" disabled={change.isPending || !until}>
                Pend
              </button>
              {state?.pended && (
                <button type="button" className="secondary" disabled={change.isPending}
                  onClick={() => change.mutate({ call: () => api.del(`${base}/pend`), done: "Pend ended: the item is back in the queue." })}>
                  End pend
                </button>
              )}
            </form>
          )}
        </div>
      )}
      <h3>Comments</h3>
      {comments.error && <ErrorBox error={comments.error} />}
      {comments.data?.items.length === 0 && <p>No comments yet.</p>}
      <ol className="comments">
        {comments.data?.items.map((c) => (
          <li key={c.id}>
            <div className="comment-meta">
              <strong>{name(c.author)}</strong> · <time dateTime={c.createdAt}>{date(c.createdAt)}</time>
            </div>
            <p>{c.body}</p>
          </li>
        ))}
      </ol>
      {mayComment && (
        <form onSubmit={comment} className="comment-form">
          <label>
            Comment
            <textarea rows={3} maxLength={4000} required value={body} onChange={(e) => setBody(e.target.value)} />
          </label>
          <div className="actions">
            <button type="submit" disabled={change.isPending || !body.trim()}>
              Add comment
            </button>
          </div>
        </form>
      )}
      {state && state.history.length > 0 && (
        <table className="history">
          <caption>Assignment and pend history</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            {state.history.map((h, i) => (
              <tr key={i}>
                <td>{date(h.at)}</td>
                <td>
                  {h.action === "assigned" ? `Assigned to ${name(h.assignee)}` : h.action === "pended" ? `Pended until ${date(h.pendedUntil)}${h.reason ? ` (${h.reason})` : ""}` : h.action === "unpended" ? "Pend ended" : "Unassigned"}
                </td>
                <td>{name(h.by)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
