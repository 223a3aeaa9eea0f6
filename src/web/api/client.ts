/**
 * The one way the browser app talks to the server: same-origin fetch with the session cookie, the CSRF token
 * (kept in memory only, never in storage) on writes, and problem+json errors turned into `ApiError`.
 */
let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from sign-in or GET /api/session); null on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** One thing wrong with a request, as a `validation` problem lists them: where, and what. */
export interface ProblemIssue {
  path: string;
  message: string;
}

/** An RFC 9457 problem from the API, with its stable code (and, for `validation`, what was wrong where). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly ProblemIssue[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE" | "PATCH" | "PUT";
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * What to do when the server asks for the second factor again before a sensitive act (401 `step_up.required`):
 * the app shows a prompt and resolves true once the factor was confirmed, false if the user gave up. The
 * request is then sent once more, so no screen needs to know which acts are sensitive.
 */
let stepUpHandler: ((detail: string) => Promise<boolean>) | null = null;
export function setStepUpHandler(handler: ((detail: string) => Promise<boolean>) | null): void {
  stepUpHandler = handler;
}

/** Sends a request to the API and returns its JSON body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  try {
    return await send<T>(path, options);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "step_up.required" || !stepUpHandler) throw error;
    if (!(await stepUpHandler(error.message))) throw error;
    return send<T>(path, options);
  }
}

async function send<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: "same-origin",
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw problemOf(response.status, json);
  return json as T;
}

function problemOf(status: number, body: unknown): ApiError {
  if (body && typeof body === "object") {
    const { code, detail, title, issues } = body as {
      code?: unknown;
      detail?: unknown;
      title?: unknown;
      issues?: unknown;
    };
    const message = typeof detail === "string" ? detail : typeof title === "string" ? title : "";
    return new ApiError(
      status,
      typeof code === "string" ? code : "error",
      message || `HTTP ${status}`,
      Array.isArray(issues) ? issues.filter(isIssue) : [],
    );
  }
  return new ApiError(status, "error", `HTTP ${status}`);
}

const isIssue = (value: unknown): value is ProblemIssue =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ProblemIssue).path === "string" &&
  typeof (value as ProblemIssue).message === "string";

/** Sends a file's bytes (a draft to import) and returns the JSON answer. */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "content-type": "application/octet-stream",
  };
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(path, { method: "POST", headers, credentials: "same-origin", body: file });
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw problemOf(response.status, json);
  return json as T;
}
