import * as http from "node:http";
import { listenOnLoopback } from "./loopback";

/**
 * A loopback Vault / OpenBao KV version 2 engine at /v1/secret, as its HTTP API documents it:
 * `X-Vault-Token` checked (403 `{"errors": ["permission denied"]}`), LIST on metadata paths
 * (keys, folders ending in `/`, 404 when empty), data writes creating versions, custom metadata,
 * metadata DELETE removing every version, 429 for a rate-limit quota. Test-only.
 * Hostile modes: `listingExtras` adds keys to a folder's LIST answer (traversal, cycles), and
 * `redirectTo` answers every request with a 307 to another origin.
 */
export interface FakeVault {
  address: string;
  token: string;
  secrets: Map<string, { versions: Record<string, string>[]; custom: Record<string, string> }>;
  calls: string[];
  rateLimit: number;
  listingExtras: Map<string, unknown[]>;
  redirectTo?: string;
  close(): Promise<void>;
}

export async function startFakeVault(): Promise<FakeVault> {
  const fake = {
    token: "hvs.keystash-test-token", secrets: new Map<string, { versions: Record<string, string>[]; custom: Record<string, string> }>(), calls: [] as string[], rateLimit: 0,
    listingExtras: new Map<string, unknown[]>(), redirectTo: undefined as string | undefined,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body?: unknown) => {
        response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const url = new URL(request.url ?? "/", "http://vault");
      if (fake.redirectTo) {
        fake.calls.push(`redirected ${request.method} ${url.pathname}`);
        response.writeHead(307, { location: `${fake.redirectTo}${url.pathname}${url.search}` });
        return response.end();
      }
      const method = request.method === "GET" && url.searchParams.get("list") === "true" ? "LIST" : request.method ?? "GET";
      const match = /^\/v1\/secret\/(data|metadata)\/(.*)$/.exec(url.pathname);
      if (request.headers["x-vault-token"] !== fake.token) return reply(403, { errors: ["permission denied"] });
      if (fake.rateLimit > 0) {
        fake.rateLimit--;
        return reply(429, { errors: ["request path \"secret/\": rate limit quota exceeded"] });
      }
      if (!match) return reply(404, { errors: [] });
      const [, kind, path] = match as unknown as [string, string, string];
      fake.calls.push(`${method} ${kind}/${path}`);
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>) : {};
      if (kind === "metadata" && method === "LIST") {
        const folder = path.endsWith("/") ? path : `${path}/`;
        const keys = new Set<string>();
        for (const name of fake.secrets.keys()) {
          if (!name.startsWith(folder)) continue;
          const rest = name.slice(folder.length);
          keys.add(rest.includes("/") ? `${rest.split("/")[0]}/` : rest);
        }
        const extras = fake.listingExtras.get(folder) ?? [];
        return keys.size || extras.length ? reply(200, { data: { keys: [...[...keys].sort(), ...extras] } }) : reply(404, { errors: [] });
      }
      const secret = fake.secrets.get(path);
      if (kind === "metadata" && method === "GET") {
        return secret ? reply(200, { data: { custom_metadata: secret.custom, current_version: secret.versions.length } }) : reply(404, { errors: [] });
      }
      if (kind === "metadata" && (method === "POST" || method === "PUT")) {
        const entry = secret ?? { versions: [], custom: {} };
        entry.custom = { ...(body.custom_metadata as Record<string, string>) };
        fake.secrets.set(path, entry);
        return reply(204);
      }
      if (kind === "metadata" && method === "DELETE") {
        fake.secrets.delete(path);
        return reply(204);
      }
      if (kind === "data" && (method === "POST" || method === "PUT")) {
        const entry = secret ?? { versions: [], custom: {} };
        entry.versions.push(body.data as Record<string, string>);
        fake.secrets.set(path, entry);
        return reply(200, { data: { version: entry.versions.length, created_time: new Date().toISOString() } });
      }
      if (kind === "data" && method === "GET") {
        return secret ? reply(200, { data: { data: secret.versions.at(-1), metadata: { version: secret.versions.length } } }) : reply(404, { errors: [] });
      }
      return reply(405, { errors: ["unsupported operation"] });
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return Object.assign(fake, { address: origin, close });
}
