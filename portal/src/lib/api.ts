// The portal's only way to the platform: the gateway's public API, same origin, with the session cookie.
// Writes carry the session's anti-forgery token (X-CSRF-Token); errors arrive as RFC 9457 problem details.

export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(public readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status() {
    return this.problem.status;
  }
  /** Every message of the problem, field errors first ("items[0].code: must be ..."). */
  get messages(): string[] {
    const fields = Object.entries(this.problem.errors ?? {}).flatMap(([field, msgs]) => msgs.map((m) => `${field}: ${m}`));
    return fields.length > 0 ? fields : [this.message];
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when any call answers 401: the session ended (idle log-off, sign-out elsewhere, expiry). */
export function setUnauthorizedHandler(handler: (() => void) | null) {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** Raw text (an 835, a CSV) instead of JSON. */
  text?: string;
  contentType?: string;
  idempotencyKey?: string;
  accept?: string;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body !== undefined || options.text !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { Accept: options.accept ?? "application/json" };
  let body: BodyInit | undefined;
  if (options.text !== undefined) {
    body = options.text;
    headers["Content-Type"] = options.contentType ?? "text/plain";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] = "application/json";
  }
  if (method !== "GET" && method !== "HEAD" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  if (options.idempotencyKey) headers["Idempotency-Key"] = options.idempotencyKey;

  const response = await fetch(path, { method, headers, body, credentials: "same-origin" });
  if (response.status === 401 && onUnauthorized && !path.startsWith("/api/auth/")) onUnauthorized();
  if (!response.ok) {
    let problem: Problem = { status: response.status, title: response.statusText || `HTTP ${response.status}` };
    try {
      const json = await response.json();
      problem = { ...problem, ...json, status: response.status };
    } catch {
      /* not JSON */
    }
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get("Content-Type") ?? "";
  return (type.includes("json") ? await response.json() : await response.text()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>(path),
  getText: (path: string) => request<string>(path, { accept: "text/plain, text/html, */*" }),
  post: <T>(path: string, body?: unknown, idempotencyKey?: string) =>
    request<T>(path, { method: "POST", body: body ?? {}, idempotencyKey }),
  put: <T>(path: string, body: unknown) => request<T>(path, { method: "PUT", body }),
  del: <T>(path: string) => request<T>(path, { method: "DELETE" }),
};

/** A query string from the values that are set. */
export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
