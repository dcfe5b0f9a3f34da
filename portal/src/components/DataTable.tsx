import { useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, qs, type Page } from "../lib/api";
import { useQueryState } from "../lib/router";
import { ErrorBox } from "./ErrorBox";

export interface Column<T> {
  header: string;
  render: (row: T) => ReactNode;
  /** The API's sort key for this column (the list sorts by it, "-" first for descending). */
  sort?: string;
  numeric?: boolean;
}

export interface Filter {
  /** The API's query parameter. */
  name: string;
  label: string;
  type?: "text" | "select" | "date" | "number";
  options?: { value: string; label: string }[];
}

interface Props<T> {
  /** Names this list's state in the address (several lists on one screen keep theirs apart). */
  id: string;
  /** The API path of the list, without a query string. */
  endpoint: string;
  caption: string;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  filters?: Filter[];
  /** Fixed query parameters (not shown as filters). */
  params?: Record<string, string | undefined>;
  defaultSort?: string;
  limit?: number;
  onRowClick?: (row: T) => void;
  empty?: string;
}

/**
 * A paged, filterable, sortable list over one of the API's lists (`?limit=&cursor=&sort=` → `{ items, nextCursor }`).
 * Filters and sort live in the address, so a list survives reload and the back button; pages are keyset cursors.
 */
export function DataTable<T>({ id, endpoint, caption, columns, rowKey, filters = [], params = {}, defaultSort, limit = 25, onRowClick, empty }: Props<T>) {
  const [search, setSearch] = useQueryState();
  const key = (name: string) => `${id}.${name}`;
  const sort = search.get(key("sort")) ?? defaultSort ?? "";
  const values = Object.fromEntries(filters.map((f) => [f.name, search.get(key(f.name)) ?? ""]));
  const [cursors, setCursors] = useState<string[]>([]); // the cursors of the pages before this one
  const cursor = cursors.length ? cursors[cursors.length - 1] : undefined;
  const url = endpoint + qs({ ...params, ...values, sort: sort || undefined, limit, cursor });
  const query = useQuery({ queryKey: [url], queryFn: () => api.get<Page<T>>(url) });

  const setFilter = (name: string, value: string) => {
    setCursors([]);
    setSearch({ [key(name)]: value || null });
  };
  const toggleSort = (column: string) => {
    setCursors([]);
    setSearch({ [key("sort")]: sort === column ? `-${column}` : column });
  };

  return (
    <section className="list" aria-label={caption}>
      {filters.length > 0 && (
        <form className="filters" role="search" aria-label={`Filter ${caption.toLowerCase()}`} onSubmit={(e) => e.preventDefault()}>
          {filters.map((f) => (
            <label key={f.name}>
              {f.label}
              {f.type === "select" ? (
                <select value={values[f.name]} onChange={(e) => setFilter(f.name, e.target.value)}>
                  <option value="">Any</option>
                  {f.options?.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type={f.type ?? "text"}
                  defaultValue={values[f.name]}
                  onBlur={(e) => setFilter(f.name, e.target.value.trim())}
                  onKeyDown={(e) => e.key === "Enter" && setFilter(f.name, (e.target as HTMLInputElement).value.trim())}
                />
              )}
            </label>
          ))}
        </form>
      )}
      {query.error && <ErrorBox error={query.error} />}
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const direction = sort === c.sort ? "ascending" : sort === `-${c.sort}` ? "descending" : undefined;
              return (
                <th key={c.header} scope="col" aria-sort={direction ?? (c.sort ? "none" : undefined)} className={c.numeric ? "num" : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort" onClick={() => toggleSort(c.sort!)}>
                      {c.header}
                      <span aria-hidden="true">{direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : ""}</span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {query.isLoading && (
            <tr>
              <td colSpan={columns.length}>Loading…</td>
            </tr>
          )}
          {query.data?.items.length === 0 && (
            <tr>
              <td colSpan={columns.length}>{empty ?? "Nothing here."}</td>
            </tr>
          )}
          {query.data?.items.map((row) => (
            <tr key={rowKey(row)} className={onRowClick ? "clickable" : undefined} onClick={onRowClick ? () => onRowClick(row) : undefined}>
              {columns.map((c) => (
                <td key={c.header} className={c.numeric ? "num" : undefined}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="pager" aria-label={`${caption} pages`}>
        <button type="button" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length + 1}</span>
        <button type="button" disabled={!query.data?.nextCursor} onClick={() => setCursors([...cursors, query.data!.nextCursor!])}>
          Next page
        </button>
      </nav>
    </section>
  );
}
