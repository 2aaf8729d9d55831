import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import type { AppContext } from "../core/context";
import { loadConfig } from "../project/config";
import { UserError } from "../project/errors";
import { hintText } from "../core/fix-text";
import type { X25519Identity } from "../store/age-decrypt";
import { actions } from "./actions";
import { buildState } from "./state";

/** The dashboard's files, built with the package (dist/ui/page): no bundler, no third-party asset. */
const PAGE_DIR = path.join(__dirname, "page");
const PAGE_FILES: Record<string, [file: string, type: string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
};

const SECURITY_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
};

/** A running dashboard. */
export interface Dashboard {
  /** The URL to open: the session token is in the fragment, which browsers never send. */
  url: string;
  port: number;
  /** Resolves when the server has stopped (closed, idle, or the terminal went away). */
  stopped: Promise<void>;
  close(): Promise<void>;
}

/** Options of `keystash ui`. */
export interface DashboardOptions {
  port?: number;
  /** Stops after this long without a request (default 30 minutes). */
  idleMs?: number;
  /** One line per request (method, path, status): never a body, a header or a value. */
  log?: (line: string) => void;
}

/**
 * Starts the dashboard on 127.0.0.1 only. Every API call needs the session token (made anew
 * each start) in a header; the Host header must name this server (DNS rebinding) and a
 * request that changes anything must come from its own origin (CSRF). Values cross the wire
 * only to `reveal`, in a response body, never a URL.
 */
export async function startDashboard(contextIn: AppContext, identities: readonly X25519Identity[], options: DashboardOptions = {}): Promise<Dashboard> {
  const token = crypto.randomBytes(32).toString("base64url");
  const tokenHash = crypto.createHash("sha256").update(token).digest();
  const log = options.log ?? (() => undefined);
  const watchers: fs.FSWatcher[] = [];
  const listeners = new Set<http.ServerResponse>();
  let context = contextIn;
  let port = 0;
  let idle: NodeJS.Timeout | undefined;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  const hosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const authorised = (request: http.IncomingMessage) => {
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
    return crypto.timingSafeEqual(crypto.createHash("sha256").update(given).digest(), tokenHash);
  };

  const send = (response: http.ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": "application/json; charset=utf-8" });
    response.end(JSON.stringify(body));
  };
  const readBody = async (request: http.IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > 1024 * 1024) throw new UserError("request too large");
      chunks.push(chunk as Buffer);
    }
    let parsed: unknown = {};
    try {
      if (chunks.length) parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
    } catch {
      throw new UserError("expected a JSON object");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UserError("expected a JSON object");
    return parsed as Record<string, unknown>;
  };
  // The page's state is built once per change on disk, not once per request.
  let cachedState: ReturnType<typeof buildState> | undefined;
  const refreshContext = () => {
    cachedState = undefined;
    context = { ...context, config: loadConfig(context.root) };
  };

  const api = async (request: http.IncomingMessage, url: URL, response: http.ServerResponse): Promise<void> => {
    const method = request.method ?? "GET";
    if (method === "GET" && url.pathname === "/api/state") return send(response, 200, (cachedState ??= buildState(context, identities)));
    if (method === "GET" && url.pathname === "/api/events") {
      response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": "text/event-stream" });
      response.write(": connected\n\n");
      listeners.add(response);
      request.on("close", () => listeners.delete(response));
      return;
    }
    const match = /^\/api\/secrets\/([A-Za-z_][A-Za-z0-9_]*)\/(set|unset|delete|rollback|history|reveal)$/.exec(url.pathname);
    if (method === "POST" && match) {
      const [, name, action] = match as unknown as [string, string, string];
      const body = await readBody(request);
      if (action === "set") return send(response, 200, await actions.set(context, name, body, identities[0]?.recipient));
      if (action === "unset") return send(response, 200, await actions.unset(context, name, body));
      if (action === "delete") return send(response, 200, await actions.delete(context, name));
      if (action === "rollback") return send(response, 200, await actions.rollback(context, name, body, identities));
      if (action === "history") return send(response, 200, actions.history(context, name));
      return send(response, 200, { value: actions.reveal(context, name, body, identities) });
    }
    if (method === "POST" && url.pathname === "/api/access/sync") return send(response, 200, await actions.sync(context, identities, await readBody(request)));
    send(response, 404, { error: "no such endpoint" });
  };

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const finish = (status: number) => log(`${request.method} ${url.pathname} ${status}`);
    response.on("finish", () => finish(response.statusCode));
    clearTimeout(idle);
    idle = setTimeout(() => void close(), options.idleMs ?? 30 * 60_000);
    // DNS rebinding: a page of another site resolved to 127.0.0.1 still sends its own Host.
    if (!hosts().has(request.headers.host ?? "")) return send(response, 421, { error: "wrong Host" });
    if (!url.pathname.startsWith("/api/")) {
      if (url.pathname === "/favicon.ico") return void response.writeHead(204, SECURITY_HEADERS).end();
      const page = Object.hasOwn(PAGE_FILES, url.pathname) ? PAGE_FILES[url.pathname] : undefined;
      if (!page || request.method !== "GET") return send(response, 404, { error: "not found" });
      response.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": page[1] });
      return void response.end(fs.readFileSync(path.join(PAGE_DIR, page[0])));
    }
    // CSRF: a cross-origin page cannot read the token, and its writes carry its own Origin.
    if (request.method !== "GET" && request.method !== "HEAD" && !origins().has(request.headers.origin ?? "")) return send(response, 403, { error: "cross-origin request refused" });
    if (!authorised(request)) return send(response, 401, { error: "missing or wrong session token" });
    api(request, url, response)
      .catch((error: unknown) => {
        // A fix travels as data (the page may offer it as an action) and as the CLI's words.
        if (error instanceof UserError) return send(response, 400, { error: error.message, hint: hintText(error) ?? null, fix: error.fix ?? null });
        send(response, 500, { error: `unexpected failure (${(error as Error)?.name ?? "error"})` });
      })
      .finally(() => {
        if (request.method === "POST") cachedState = undefined; // a write: the next read rebuilds
      });
  });

  // Live updates: the store, keystash.yaml or the code changed on disk (a teammate's git pull).
  let pending: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      try {
        refreshContext();
      } catch {
        // a half-written keystash.yaml: the next change retries
      }
      for (const listener of listeners) listener.write("data: changed\n\n");
    }, 150);
  };
  for (const watched of [context.root, path.join(context.root, ".keystash")]) {
    try {
      const watcher = fs.watch(watched, { recursive: watched === context.root }, (_event, file) => {
        if (!file || !/(^|[/\\])(node_modules|\.git|dist)([/\\]|$)/.test(String(file))) changed();
      });
      watcher.unref();
      watchers.push(watcher);
    } catch {
      // no such folder yet (no store): the root watcher sees it appear
    }
  }

  const close = async (): Promise<void> => {
    clearTimeout(idle);
    for (const watcher of watchers) watcher.close();
    for (const listener of listeners) listener.end();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    resolveStopped();
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new UserError(`ui: cannot listen on 127.0.0.1:${options.port ?? 0} (${error.code ?? "error"})`, "pass another --port")));
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  // Warm: the first page load should not wait for TypeScript to load and the app to be analysed.
  setImmediate(() => {
    try {
      cachedState ??= buildState(context, identities);
    } catch {
      // reported to the page when it asks
    }
  });
  idle = setTimeout(() => void close(), options.idleMs ?? 30 * 60_000);
  return { url: `http://127.0.0.1:${port}/#token=${token}`, port, stopped, close };
}
