import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/**
 * A loopback google.cloud.secretmanager.v1.SecretManagerService, served over plaintext gRPC
 * from the .proto files the official SDK ships: secrets with labels, versions (ENABLED,
 * DISABLED) with numbered names, page tokens, `state:ENABLED` filters, gRPC status codes
 * (ALREADY_EXISTS, NOT_FOUND, PERMISSION_DENIED, RESOURCE_EXHAUSTED). Test-only.
 */
export interface FakeGcp {
  endpoint: string;
  project: string;
  secrets: Map<string, { labels: Record<string, string>; versions: { data: Buffer; state: "ENABLED" | "DISABLED" }[] }>;
  /** Answer the next N calls with RESOURCE_EXHAUSTED (a quota): the SDK retries. */
  exhausted: number;
  /** Answer every call with PERMISSION_DENIED while true. */
  denied: boolean;
  close(): Promise<void>;
}

const SDK_PROTOS = path.join(path.dirname(require.resolve("@google-cloud/secret-manager/package.json")), "build/protos");
// google-gax (the SDK's transport) carries google/api, google/iam and google/protobuf.
const GAX_PROTOS = path.join(path.dirname(require.resolve("@google-cloud/secret-manager/package.json")), "../../google-gax/build/protos");

type Callback = (error: Partial<grpc.StatusObject> | null, value?: unknown) => void;

export async function startFakeGcp(): Promise<FakeGcp> {
  const definition = protoLoader.loadSync(path.join(SDK_PROTOS, "google/cloud/secretmanager/v1/service.proto"), {
    includeDirs: [SDK_PROTOS, GAX_PROTOS], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as { google: { cloud: { secretmanager: { v1: { SecretManagerService: { service: grpc.ServiceDefinition } } } } } };
  const fake = { project: "keystash-test", secrets: new Map<string, { labels: Record<string, string>; versions: { data: Buffer; state: "ENABLED" | "DISABLED" }[] }>(), exhausted: 0, denied: false };
  const parent = `projects/${fake.project}`;
  const fail = (code: grpc.status, details: string): Partial<grpc.StatusObject> => ({ code, details });
  const secretOf = (name: string) => {
    const id = name.startsWith(`${parent}/secrets/`) ? name.slice(`${parent}/secrets/`.length).split("/")[0]! : "";
    const secret = fake.secrets.get(id);
    if (!secret) throw fail(grpc.status.NOT_FOUND, `Secret [${name}] not found.`);
    return { id, secret };
  };
  const asSecret = (id: string) => ({ name: `${parent}/secrets/${id}`, labels: fake.secrets.get(id)!.labels, replication: { automatic: {} } });
  const asVersion = (id: string, index: number) => ({ name: `${parent}/secrets/${id}/versions/${index + 1}`, state: fake.secrets.get(id)!.versions[index]!.state });

  const handlers: Record<string, (request: Record<string, unknown>) => unknown> = {
    ListSecrets(request) {
      if (request.parent !== parent) throw fail(grpc.status.PERMISSION_DENIED, "Permission denied on resource project.");
      const ids = [...fake.secrets.keys()].sort();
      const start = Number(request.pageToken || 0);
      const size = Number(request.pageSize || 25);
      return { secrets: ids.slice(start, start + size).map(asSecret), nextPageToken: start + size < ids.length ? String(start + size) : "", totalSize: ids.length };
    },
    CreateSecret(request) {
      const id = String(request.secretId);
      if (!/^[A-Za-z0-9_-]{1,255}$/.test(id)) throw fail(grpc.status.INVALID_ARGUMENT, "Invalid secret id.");
      if (fake.secrets.has(id)) throw fail(grpc.status.ALREADY_EXISTS, `Secret [${parent}/secrets/${id}] already exists.`);
      const labels = ((request.secret as { labels?: Record<string, string> }).labels) ?? {};
      for (const [key, value] of Object.entries(labels)) if (!/^[a-z][a-z0-9_-]{0,62}$/.test(key) || !/^[a-z0-9_-]{0,63}$/.test(value)) throw fail(grpc.status.INVALID_ARGUMENT, "Invalid label.");
      fake.secrets.set(id, { labels, versions: [] });
      return asSecret(id);
    },
    AddSecretVersion(request) {
      const { id, secret } = secretOf(String(request.parent));
      secret.versions.push({ data: Buffer.from((request.payload as { data: Buffer }).data), state: "ENABLED" });
      return asVersion(id, secret.versions.length - 1);
    },
    UpdateSecret(request) {
      const update = request.secret as { name: string; labels: Record<string, string> };
      const { id, secret } = secretOf(update.name);
      if (!(request.updateMask as { paths: string[] }).paths.includes("labels")) throw fail(grpc.status.INVALID_ARGUMENT, "update_mask must name labels");
      secret.labels = update.labels;
      return asSecret(id);
    },
    ListSecretVersions(request) {
      const { id, secret } = secretOf(String(request.parent));
      const all = secret.versions.map((_, index) => asVersion(id, index)).reverse();
      const versions = request.filter === "state:ENABLED" ? all.filter((v) => v.state === "ENABLED") : all;
      return { versions, nextPageToken: "", totalSize: versions.length };
    },
    DisableSecretVersion(request) {
      const { id, secret } = secretOf(String(request.name));
      const index = Number(String(request.name).split("/").pop()) - 1;
      if (!secret.versions[index]) throw fail(grpc.status.NOT_FOUND, "Version not found.");
      secret.versions[index]!.state = "DISABLED";
      return asVersion(id, index);
    },
    DeleteSecret(request) {
      fake.secrets.delete(secretOf(String(request.name)).id);
      return {};
    },
    AccessSecretVersion(request) {
      const { id, secret } = secretOf(String(request.name));
      const which = String(request.name).split("/").pop();
      const index = which === "latest" ? secret.versions.map((v) => v.state).lastIndexOf("ENABLED") : Number(which) - 1;
      const version = secret.versions[index];
      if (!version || version.state !== "ENABLED") throw fail(grpc.status.FAILED_PRECONDITION, "Version is not enabled.");
      return { name: asVersion(id, index).name, payload: { data: version.data } };
    },
  };

  const server = new grpc.Server();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    implementation[method] = (call: { request: Record<string, unknown> }, callback: Callback) => {
      if (fake.denied) return callback(fail(grpc.status.PERMISSION_DENIED, "Permission 'secretmanager.secrets.list' denied."));
      if (fake.exhausted > 0) {
        fake.exhausted--;
        return callback(fail(grpc.status.RESOURCE_EXHAUSTED, "Quota exceeded."));
      }
      try {
        callback(null, handler(call.request));
      } catch (error) {
        callback(error as Partial<grpc.StatusObject>);
      }
    };
  }
  server.addService(loaded.google.cloud.secretmanager.v1.SecretManagerService.service, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const timer = setTimeout(() => server.forceShutdown(), 120_000);
  timer.unref();
  return Object.assign(fake, {
    endpoint: `127.0.0.1:${port}`,
    close: async () => {
      clearTimeout(timer);
      server.forceShutdown();
    },
  });
}
