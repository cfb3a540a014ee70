// The playground's identity, admin token and JSON API calls.

const TOKEN_KEY = "pathfinder.adminToken";
const USER_KEY = "pathfinder.userId";

export function randomId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on any http://host too.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function adoptTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // Keep the token out of the address bar, history and screenshots.
  history.replaceState(null, "", location.pathname + location.search);
}

export function userId() {
  let id = localStorage.getItem(USER_KEY);
  if (!id) {
    id = `web-${randomId().slice(0, 20)}`;
    localStorage.setItem(USER_KEY, id);
  }
  return id;
}

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  return send(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

/**
 * Sends a file's bytes as the body, its name (URI-encoded: headers carry Latin-1 only) in X-File-Name;
 * the Knowledge tab's upload.
 */
export function uploadFile(path, file) {
  return send(
    "POST",
    path,
    { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name) },
    file,
  );
}

async function send(method, path, extraHeaders, body) {
  const headers = { accept: "application/json", ...extraHeaders };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body });
  } catch {
    throw new ApiError("Pathfinder is not answering. Is `npm start` still running?", 0, {});
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(data.error || `Request failed (${response.status})`, response.status, data);
  return data;
}

/** What /api/meta says (categories, regions, platforms), filled once at start; shared by the tabs. */
export const meta = { categories: [], regions: [], platforms: { slack: "", teams: "" } };

/** Loads /api/meta into `meta`. */
export async function loadMeta() {
  Object.assign(meta, await api("GET", "/api/meta"));
}
