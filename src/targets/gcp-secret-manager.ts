import { createRequire } from "node:module";
import { FINGERPRINT_KEY, MANAGED_KEY, OWNER_ENV_KEY, OWNER_PREFIX_KEY, SERVICE_KEY, TargetError, withRetries, type DesiredSecret, type RemoteSecret, type Target, type TargetNaming, type TargetOptions } from "./target";

/**
 * Google Cloud Secret Manager through the official SDK (gRPC): one secret per name, id
 * PREFIX--SERVICE--NAME (ids allow letters, digits, `_` and `-` only; `/` in the prefix
 * becomes `-`), labelled as keystash's
 * with the value's fingerprint. A changed value is a new version; older enabled versions are
 * then disabled (never destroyed: `gcloud secrets versions enable` brings one back).
 * Credentials: Application Default Credentials. `--project` (else GOOGLE_CLOUD_PROJECT),
 * `--endpoint HOST:PORT` for an emulator (plaintext gRPC).
 */

interface Client {
  listSecrets(request: object, options?: object): Promise<[{ name?: string | null; labels?: Record<string, string> | null }[], unknown, unknown]>;
  createSecret(request: object): Promise<[{ name?: string | null }]>;
  addSecretVersion(request: object): Promise<[{ name?: string | null }]>;
  updateSecret(request: object): Promise<unknown>;
  listSecretVersions(request: object, options?: object): Promise<[{ name?: string | null; state?: string | number | null }[]]>;
  disableSecretVersion(request: object): Promise<unknown>;
  deleteSecret(request: object): Promise<unknown>;
}

// gRPC status codes (https://grpc.github.io/grpc/core/md_doc_statuscodes.html)
const KIND_BY_CODE: Record<number, TargetError["kind"]> = { 16: "credentials", 7: "denied", 8: "throttled", 14: "network", 4: "network", 5: "notFound" };

function classify(error: unknown, what: string): TargetError {
  const e = error as { code?: number | string; details?: string; message?: string };
  const kind = typeof e.code === "number" ? (KIND_BY_CODE[e.code] ?? "other") : /credentials/i.test(e.message ?? "") ? "credentials" : "other";
  return new TargetError(kind, `gcp-secret-manager: ${what} failed (${typeof e.code === "number" ? `gRPC status ${e.code}` : "error"})`, { cause: error });
}



/** Ids are PREFIX--SERVICE--NAME: `--` separates the parts (names have no `-`), `/` becomes `-`. */
const labelValue = (text: string): string => text.toLowerCase().replace(/[^a-z0-9_-]/g, "-").slice(0, 63);

export const naming: TargetNaming = {
  remoteId: (prefix, service, name) => `${prefix}--${service ?? "_shared"}--${name}`.replace(/[^A-Za-z0-9_-]/g, "-"),
  scope: (prefix, service) => (service === undefined ? `${prefix}--` : `${prefix}--${service}--`).replace(/[^A-Za-z0-9_-]/g, "-"),
  // Secret Manager's documented limit for a version's payload.
  maxValueBytes: 65_536,
  recordedOwner: (owner) => ({ prefix: labelValue(owner.prefix), env: labelValue(owner.env) }),
};

/** The target for `keystash sync --to gcp-secret-manager`. */
export function createTarget(options: TargetOptions, sdk: unknown): Target {
  const project = options.project ?? options.env.GOOGLE_CLOUD_PROJECT ?? options.env.GCLOUD_PROJECT;
  if (!project) throw new TargetError("credentials", "gcp-secret-manager: no project: pass --project or set GOOGLE_CLOUD_PROJECT");
  const { SecretManagerServiceClient } = sdk as { SecretManagerServiceClient: new (options: object) => Client };
  let connection: object = { projectId: project };
  if (options.endpoint) {
    // An emulator: plaintext gRPC to HOST:PORT, with the grpc module the SDK itself uses.
    const [host, port] = options.endpoint.replace(/^\w+:\/\//, "").split(":");
    const gax = createRequire(require.resolve("@google-cloud/secret-manager", { paths: [options.root, __dirname] }))("google-gax") as { grpc: { credentials: { createInsecure(): object } } };
    connection = { ...connection, servicePath: host, port: Number(port), sslCreds: gax.grpc.credentials.createInsecure() };
  }
  const client = new SecretManagerServiceClient(connection);
  const parent = `projects/${project}`;
  // RESOURCE_EXHAUSTED (a quota) and UNAVAILABLE are retried with backoff; the SDK does not retry every call.
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(run, (error) => [8, 14].includes((error as { code?: number }).code ?? -1));
    } catch (error) {
      throw classify(error, what);
    }
  };
  const secretName = (id: string) => `${parent}/secrets/${id}`;
  const labels = (secret: DesiredSecret) => ({
    [MANAGED_KEY]: "true", [FINGERPRINT_KEY]: secret.fingerprint, [SERVICE_KEY]: labelValue(secret.service ?? "_shared"),
    [OWNER_PREFIX_KEY]: labelValue(secret.owner.prefix), [OWNER_ENV_KEY]: labelValue(secret.owner.env),
  });

  const addVersion = async (secret: DesiredSecret): Promise<void> => {
    await call(`adding a version to ${secret.id}`, () => client.addSecretVersion({ parent: secretName(secret.id), payload: { data: Buffer.from(secret.value, "utf8") } }));
  };

  return {
    ...naming,

    async list(prefix) {
      const idPrefix = `${prefix.replace(/[^A-Za-z0-9_-]/g, "-")}--`;
      const [secrets] = await call("listing secrets", () => client.listSecrets({ parent, pageSize: 100 }, { autoPaginate: true }));
      const found: RemoteSecret[] = [];
      for (const secret of secrets) {
        const id = secret.name?.slice(`${parent}/secrets/`.length) ?? "";
        if (!id.startsWith(idPrefix)) continue;
        found.push({ id, managed: secret.labels?.[MANAGED_KEY] === "true", fingerprint: secret.labels?.[FINGERPRINT_KEY], owner: { prefix: secret.labels?.[OWNER_PREFIX_KEY], env: secret.labels?.[OWNER_ENV_KEY] } });
      }
      return found;
    },

    async create(secret) {
      await call(`creating ${secret.id}`, () => client.createSecret({ parent, secretId: secret.id, secret: { replication: { automatic: {} }, labels: labels(secret) } }));
      await addVersion(secret);
    },

    async update(secret) {
      await addVersion(secret);
      await call(`labelling ${secret.id}`, () => client.updateSecret({ secret: { name: secretName(secret.id), labels: labels(secret) }, updateMask: { paths: ["labels"] } }));
      // Policy: the newest version stays enabled; older enabled ones are disabled, never destroyed.
      const [versions] = await call(`listing versions of ${secret.id}`, () => client.listSecretVersions({ parent: secretName(secret.id), filter: "state:ENABLED" }, { autoPaginate: true }));
      const enabled = versions.filter((v) => v.state === "ENABLED" || v.state === 1).map((v) => v.name ?? "");
      const newest = enabled.reduce((a, b) => (Number(b.split("/").pop()) > Number(a.split("/").pop()) ? b : a), enabled[0] ?? "");
      for (const name of enabled) if (name !== newest) await call(`disabling ${name}`, () => client.disableSecretVersion({ name }));
    },

    async remove(id) {
      await call(`deleting ${id}`, () => client.deleteSecret({ name: secretName(id) }));
    },
  };
}
