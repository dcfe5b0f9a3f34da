import { useState, type ReactNode } from "react";
import { useMutation, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { ErrorBox } from "../../components/ErrorBox";

/** A change that shows the API's field errors and confirms itself, then refreshes the lists it touched. */
export function useChange<TBody, TAnswer>(call: (body: TBody) => Promise<TAnswer>, confirm: (answer: TAnswer) => string, refresh: QueryKey[] = []) {
  const queries = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: call,
    onMutate: () => setDone(null),
    onSuccess: async (answer) => {
      setDone(confirm(answer));
      await Promise.all(refresh.map((queryKey) => queries.invalidateQueries({ queryKey })));
    },
  });
  return { ...mutation, done };
}

/** Invalidates every DataTable page over an API list (their query keys are the URL). */
export function useRefreshList() {
  const queries = useQueryClient();
  return (endpoint: string) => queries.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === "string" && (q.queryKey[0] as string).startsWith(endpoint) });
}

export function Outcome({ error, done }: { error: unknown; done: string | null }) {
  return (
    <>
      {error ? <ErrorBox error={error} /> : null}
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
    </>
  );
}

export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
