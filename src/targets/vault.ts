import { FINGERPRINT_KEY, MANAGED_KEY, OWNER_ENV_KEY, OWNER_PREFIX_KEY, SEGMENT_PATTERN, SERVICE_KEY, TargetError, withRetries, type DesiredSecret, type RemoteSecret, type Target, type TargetNaming, type TargetOptions } from "./target";

/**
 * HashiCorp Vault / OpenBao KV version 2 over its HTTP API (no SDK needed): one secret per
 * name at MOUNT/data/PREFIX/SERVICE/NAME holding `{ "value": … }`, with keystash's marker and
 * the fingerprint in the secret's custom metadata. `VAULT_ADDR` and `VAULT_TOKEN` (or
 * `--endpoint`) as the vault CLI reads them; `--mount` (default `secret`).
 */

/** Secrets live at PREFIX/SERVICE/NAME (`_shared` for secrets no service declares). */
export const naming: TargetNaming = {
  remoteId: (prefix, service, name) => `${prefix}/${service ?? "_shared"}/${name}`,
  scope: (prefix, service) => (service === undefined ? `${prefix}/` : `${prefix}/${service}/`),
};

/** The target for `keystash sync --to vault`. */
/** Listing bounds: a hostile or broken server cannot make a sync (even --dry-run) walk forever. */
const MAX_DEPTH = 8;
const MAX_SECRETS = 10_000;

/** The path of a request: each segment percent-encoded (they are checked segments already; this keeps the URL exactly that path). */
const encodePath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

/** VAULT_ADDR as messages may show it: never its user-info (`user:password@`). */
function shownAddress(address: string): string {
  try {
    const url = new URL(address);
    url.username = "";
    url.password = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "(an address that is not a URL)";
  }
}

export function createTarget(options: TargetOptions): Target {
  const address = (options.endpoint ?? options.env.VAULT_ADDR ?? "").replace(/\/+$/, "");
  const shown = shownAddress(address);
  const token = options.env.VAULT_TOKEN;
  const mount = options.mount ?? "secret";
  const namespace = options.env.VAULT_NAMESPACE;

  const request = async (what: string, method: string, path: string, body?: unknown): Promise<unknown> => {
    if (!address) throw new TargetError("network", "vault: no address: set VAULT_ADDR or pass --endpoint");
    if (!token) throw new TargetError("credentials", "vault: no token: set VAULT_TOKEN (as the vault CLI reads it)");
    return withRetries(() => requestOnce(what, method, path, body), (error) => (error as TargetError).kind === "throttled");
  };

  const requestOnce = async (what: string, method: string, path: string, body?: unknown): Promise<unknown> => {
    const headers: Record<string, string> = { "X-Vault-Token": token ?? "" };
    if (namespace) headers["X-Vault-Namespace"] = namespace;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      // Never follow a redirect: it would carry the token and the values wherever it points.
      response = await fetch(`${address}/v1/${encodePath(mount)}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: "manual", signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      const code = (error as { name?: string }).name === "TimeoutError" ? "no answer in 30 s" : (error as { cause?: { code?: string } }).cause?.code ?? "network error";
      throw new TargetError("network", `vault: ${what} failed (cannot reach ${shown}: ${code})`);
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get("location");
      throw new TargetError("other", `vault: ${what} failed (HTTP ${response.status}: redirected to ${location ? shownAddress(new URL(location, address).toString()) : "an unnamed location"}; keystash does not follow redirects with the token: set VAULT_ADDR to the server itself)`);
    }
    if (response.status === 429 || response.status === 503) throw new TargetError("throttled", `vault: ${what} failed (HTTP ${response.status}, after retries)`);
    if (response.status === 404) return undefined;
    if (response.status === 403) throw new TargetError("denied", `vault: ${what} failed (permission denied)`);
    if (!response.ok) throw new TargetError("other", `vault: ${what} failed (HTTP ${response.status})`);
    return response.status === 204 ? undefined : response.json();
  };

  const listKeys = async (folder: string): Promise<unknown[]> => {
    // `GET ?list=true` is the documented equivalent of Vault's LIST verb, which not every HTTP stack carries.
    const result = (await request(`listing ${folder}`, "GET", `metadata/${encodePath(folder)}?list=true`)) as { data?: { keys?: unknown } } | undefined;
    const keys = result?.data?.keys;
    return Array.isArray(keys) ? keys : [];
  };

  return {
    ...naming,

    async list(prefix) {
      const found: RemoteSecret[] = [];
      const folders: [folder: string, depth: number][] = [[`${prefix}/`, 0]];
      const seen = new Set<string>();
      while (folders.length > 0) {
        const [folder, depth] = folders.pop()!;
        if (seen.has(folder)) continue;
        seen.add(folder);
        for (const key of await listKeys(folder)) {
          // A listing is the server's word: a key must be one segment (a folder: one segment and `/`).
          const name = typeof key === "string" && key.endsWith("/") ? key.slice(0, -1) : key;
          if (typeof name !== "string" || !SEGMENT_PATTERN.test(name)) {
            options.warn?.(`vault: ignored a listing key under ${folder} that is not one path segment (${JSON.stringify(key).slice(0, 80)})`);
            continue;
          }
          if (name !== key) {
            if (depth + 1 > MAX_DEPTH) throw new TargetError("other", `vault: listing ${folder} goes deeper than ${MAX_DEPTH} folders; keystash stops there`);
            folders.push([`${folder}${name}/`, depth + 1]);
            continue;
          }
          const id = `${folder}${name}`;
          if (found.length >= MAX_SECRETS) throw new TargetError("other", `vault: more than ${MAX_SECRETS} secrets under ${prefix}/; keystash stops there`);
          const metadata = (await request(`reading ${id}`, "GET", `metadata/${encodePath(id)}`)) as { data?: { custom_metadata?: Record<string, string> | null } } | undefined;
          const custom = metadata?.data?.custom_metadata ?? {};
          found.push({ id, managed: custom[MANAGED_KEY] === "true", fingerprint: custom[FINGERPRINT_KEY], owner: { prefix: custom[OWNER_PREFIX_KEY], env: custom[OWNER_ENV_KEY] } });
        }
      }
      return found;
    },

    async create(secret: DesiredSecret) {
      await this.update(secret);
    },

    async update(secret: DesiredSecret) {
      await request(`writing ${secret.id}`, "POST", `data/${encodePath(secret.id)}`, { data: { value: secret.value } });
      const custom_metadata = {
        [MANAGED_KEY]: "true", [FINGERPRINT_KEY]: secret.fingerprint, [SERVICE_KEY]: secret.service ?? "_shared",
        [OWNER_PREFIX_KEY]: secret.owner.prefix, [OWNER_ENV_KEY]: secret.owner.env,
      };
      await request(`tagging ${secret.id}`, "POST", `metadata/${encodePath(secret.id)}`, { custom_metadata });
    },

    async remove(id) {
      await request(`deleting ${id}`, "DELETE", `metadata/${encodePath(id)}`);
    },
  };
}
