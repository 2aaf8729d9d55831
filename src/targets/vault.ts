import { FINGERPRINT_KEY, MANAGED_KEY, SERVICE_KEY, TargetError, withRetries, type DesiredSecret, type RemoteSecret, type Target, type TargetNaming, type TargetOptions } from "./target";

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
export function createTarget(options: TargetOptions): Target {
  const address = (options.endpoint ?? options.env.VAULT_ADDR ?? "").replace(/\/+$/, "");
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
      response = await fetch(`${address}/v1/${mount}/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new TargetError("network", `vault: ${what} failed (cannot reach ${address}: ${(error as { cause?: { code?: string } }).cause?.code ?? "network error"})`, { cause: error });
    }
    if (response.status === 429 || response.status === 503) throw new TargetError("throttled", `vault: ${what} failed (HTTP ${response.status}, after retries)`);
    if (response.status === 404) return undefined;
    if (response.status === 403) throw new TargetError("denied", `vault: ${what} failed (permission denied)`);
    if (!response.ok) throw new TargetError("other", `vault: ${what} failed (HTTP ${response.status})`);
    return response.status === 204 ? undefined : response.json();
  };

  const listKeys = async (folder: string): Promise<string[]> => {
    // `GET ?list=true` is the documented equivalent of Vault's LIST verb, which not every HTTP stack carries.
    const result = (await request(`listing ${folder}`, "GET", `metadata/${folder}?list=true`)) as { data?: { keys?: string[] } } | undefined;
    return result?.data?.keys ?? [];
  };

  return {
    ...naming,

    async list(prefix) {
      const found: RemoteSecret[] = [];
      const folders = [`${prefix}/`];
      while (folders.length > 0) {
        const folder = folders.pop()!;
        for (const key of await listKeys(folder)) {
          if (key.endsWith("/")) {
            folders.push(`${folder}${key}`);
            continue;
          }
          const id = `${folder}${key}`;
          const metadata = (await request(`reading ${id}`, "GET", `metadata/${id}`)) as { data?: { custom_metadata?: Record<string, string> | null } } | undefined;
          const custom = metadata?.data?.custom_metadata ?? {};
          found.push({ id, managed: custom[MANAGED_KEY] === "true", fingerprint: custom[FINGERPRINT_KEY] });
        }
      }
      return found;
    },

    async create(secret: DesiredSecret) {
      await this.update(secret);
    },

    async update(secret: DesiredSecret) {
      await request(`writing ${secret.id}`, "POST", `data/${secret.id}`, { data: { value: secret.value } });
      const custom_metadata = { [MANAGED_KEY]: "true", [FINGERPRINT_KEY]: secret.fingerprint, [SERVICE_KEY]: secret.service ?? "_shared" };
      await request(`tagging ${secret.id}`, "POST", `metadata/${secret.id}`, { custom_metadata });
    },

    async remove(id) {
      await request(`deleting ${id}`, "DELETE", `metadata/${id}`);
    },
  };
}
