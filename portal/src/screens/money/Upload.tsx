import { useState, type FormEvent, type ReactNode } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ErrorBox } from "../../components/ErrorBox";

/** A file (or pasted text) sent as the body of one POST: an 835, a BAI2 or CSV deposit file. */
export function Upload<T>({ title, fieldLabel, accept, send, onDone, children }: {
  title: string;
  fieldLabel: string;
  accept: string;
  send: (text: string) => Promise<T>;
  onDone: (result: T) => ReactNode;
  children?: ReactNode;
}) {
  const queries = useQueryClient();
  const [text, setText] = useState("");
  const [result, setResult] = useState<ReactNode>(null);
  const upload = useMutation({
    mutationFn: send,
    onSuccess: async (r) => {
      setResult(onDone(r));
      setText("");
      await queries.invalidateQueries();
    },
    onError: () => setResult(null),
  });
  const id = title.toLowerCase().replace(/\W+/g, "-");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    upload.mutate(text);
  };
  return (
    <details className="panel">
      <summary>{title}</summary>
      <form className="upload" onSubmit={submit} aria-label={title}>
        {children}
        <label>
          Choose a file
          <input type="file" accept={accept} onChange={async (e) => setText((await e.target.files?.[0]?.text()) ?? "")} />
        </label>
        <label htmlFor={id}>{fieldLabel}</label>
        <textarea id={id} rows={6} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
        <div className="actions">
          <button type="submit" disabled={upload.isPending || !text.trim()}>
            {upload.isPending ? "Uploading…" : "Upload"}
          </button>
        </div>
      </form>
      {upload.error && <ErrorBox error={upload.error} />}
      {result && (
        <div role="status" className="notice">
          {result}
        </div>
      )}
    </details>
  );
}
