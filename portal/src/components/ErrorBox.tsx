import { ApiError } from "../lib/api";

/** A problem-details answer as the user reads it: what was refused and why, field by field. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const messages = error instanceof ApiError ? error.messages : [error instanceof Error ? error.message : String(error)];
  const title = error instanceof ApiError ? error.problem.title : "Something went wrong";
  return (
    <div role="alert" className="error">
      <strong>{title}</strong>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
