import * as crypto from "node:crypto";
import * as http from "node:http";
import { listenOnLoopback } from "./loopback";

/**
 * A loopback AWS Secrets Manager for the official SDK: the AWS JSON 1.1 protocol (POST /,
 * `X-Amz-Target: secretsmanager.<Operation>`), SigV4 `Authorization` required and its access
 * key checked, the documented error shapes (`__type`, HTTP 400), ListSecrets pagination and
 * name filters, version stages (AWSCURRENT / AWSPREVIOUS) and scheduled deletion. Test-only.
 */
export interface FakeAws {
  endpoint: string;
  secrets: Map<string, FakeSecret>;
  /** Every operation received, in order. */
  calls: string[];
  /** Answer the next N requests with ThrottlingException. */
  throttle: number;
  /** After this many more mutating requests, drop every connection and stop answering. */
  dieAfter?: number;
  close(): Promise<void>;
}

export interface FakeSecret {
  arn: string;
  tags: Map<string, string>;
  versions: { id: string; value: string; stages: string[] }[];
  deleted?: Date;
}

const ACCESS_KEY = "AKIAKEYSTASHTEST0001";
export const FAKE_AWS_ENV = {
  AWS_ACCESS_KEY_ID: ACCESS_KEY,
  AWS_SECRET_ACCESS_KEY: "keystash-test-secret-access-key",
  AWS_REGION: "eu-west-1",
  AWS_EC2_METADATA_DISABLED: "true",
};

class AwsError extends Error {
  constructor(readonly type: string, message: string, readonly status = 400) {
    super(message);
  }
}

const MUTATING = new Set(["CreateSecret", "PutSecretValue", "TagResource", "DeleteSecret", "RestoreSecret"]);

/** Starts the fake on 127.0.0.1 (a free port); it stops by itself after 120 s. */
export async function startFakeAws(): Promise<FakeAws> {
  const fake = { secrets: new Map<string, FakeSecret>(), calls: [] as string[], throttle: 0, dieAfter: undefined as number | undefined };
  const find = (id: unknown): FakeSecret & { name: string } => {
    for (const [name, secret] of fake.secrets) {
      if ((name === id || secret.arn === id) && !secret.deleted) return { ...secret, name };
    }
    throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
  };
  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    ListSecrets(input) {
      const filters = (input.Filters as { Key: string; Values: string[] }[] | undefined) ?? [];
      const names = [...fake.secrets.entries()]
        .filter(([name, secret]) => !secret.deleted && filters.every((f) => f.Key !== "name" || f.Values.some((v) => name.startsWith(v))))
        .sort(([a], [b]) => (a < b ? -1 : 1));
      const start = Number(input.NextToken ?? 0);
      const size = Math.min(Number(input.MaxResults ?? 100), 100);
      const page = names.slice(start, start + size);
      return {
        SecretList: page.map(([name, secret]) => ({ ARN: secret.arn, Name: name, Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })) })),
        ...(start + size < names.length ? { NextToken: String(start + size) } : {}),
      };
    },
    CreateSecret(input) {
      const name = String(input.Name);
      if (fake.secrets.get(name)?.deleted) throw new AwsError("InvalidRequestException", "You can't create this secret because a secret with this name is already scheduled for deletion.");
      if (fake.secrets.has(name)) throw new AwsError("ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
      const id = crypto.randomUUID();
      const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-${crypto.randomBytes(3).toString("hex")}`;
      const tags = new Map(((input.Tags as { Key: string; Value: string }[] | undefined) ?? []).map((t) => [t.Key, t.Value]));
      fake.secrets.set(name, { arn, tags, versions: [{ id, value: String(input.SecretString), stages: ["AWSCURRENT"] }] });
      return { ARN: arn, Name: name, VersionId: id };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      const stored = fake.secrets.get(secret.name)!;
      for (const version of stored.versions) version.stages = version.stages.includes("AWSCURRENT") ? ["AWSPREVIOUS"] : [];
      const id = crypto.randomUUID();
      stored.versions.push({ id, value: String(input.SecretString), stages: ["AWSCURRENT"] });
      return { ARN: stored.arn, Name: secret.name, VersionId: id, VersionStages: ["AWSCURRENT"] };
    },
    TagResource(input) {
      const stored = fake.secrets.get(find(input.SecretId).name)!;
      for (const tag of (input.Tags as { Key: string; Value: string }[]) ?? []) stored.tags.set(tag.Key, tag.Value);
      return {};
    },
    DeleteSecret(input) {
      const secret = find(input.SecretId);
      const stored = fake.secrets.get(secret.name)!;
      stored.deleted = new Date(Date.now() + Number(input.RecoveryWindowInDays ?? 30) * 86_400_000);
      return { ARN: stored.arn, Name: secret.name, DeletionDate: stored.deleted.getTime() / 1000 };
    },
    RestoreSecret(input) {
      const name = [...fake.secrets.keys()].find((n) => n === input.SecretId || fake.secrets.get(n)!.arn === input.SecretId);
      if (!name) throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
      delete fake.secrets.get(name)!.deleted;
      return { ARN: fake.secrets.get(name)!.arn, Name: name };
    },
    // Answers for a secret scheduled for deletion too (with its DeletedDate), as AWS does.
    DescribeSecret(input) {
      const name = [...fake.secrets.keys()].find((n) => n === input.SecretId || fake.secrets.get(n)!.arn === input.SecretId);
      if (!name) throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
      const secret = fake.secrets.get(name)!;
      return { ARN: secret.arn, Name: name, Tags: [...secret.tags].map(([Key, Value]) => ({ Key, Value })), ...(secret.deleted ? { DeletedDate: secret.deleted.getTime() / 1000 } : {}) };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      const current = secret.versions.find((v) => v.stages.includes("AWSCURRENT"))!;
      return { ARN: secret.arn, Name: secret.name, SecretString: current.value, VersionId: current.id, VersionStages: current.stages };
    },
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const reply = (status: number, body: unknown, type?: string) => {
        response.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": crypto.randomUUID(), ...(type ? { "x-amzn-errortype": type } : {}) });
        response.end(JSON.stringify(body));
      };
      try {
        const target = String(request.headers["x-amz-target"] ?? "");
        const operation = target.replace(/^secretsmanager\./, "");
        if (request.method !== "POST" || request.headers["content-type"] !== "application/x-amz-json-1.1" || !Object.hasOwn(operations, operation)) {
          throw new AwsError("UnknownOperationException", `unknown operation ${target}`);
        }
        const authorization = String(request.headers.authorization ?? "");
        if (!authorization.startsWith("AWS4-HMAC-SHA256 Credential=") || !request.headers["x-amz-date"]) throw new AwsError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
        if (!authorization.includes(`Credential=${ACCESS_KEY}/`)) throw new AwsError("UnrecognizedClientException", "The security token included in the request is invalid.");
        if (fake.throttle > 0) {
          fake.throttle--;
          throw new AwsError("ThrottlingException", "Rate exceeded");
        }
        if (MUTATING.has(operation) && fake.dieAfter !== undefined) {
          if (fake.dieAfter === 0) {
            server.closeAllConnections();
            server.close();
            return;
          }
          fake.dieAfter--;
        }
        fake.calls.push(operation);
        reply(200, operations[operation]!(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Record<string, unknown>));
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        reply(error.status, { __type: error.type, message: error.message }, error.type);
      }
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return Object.assign(fake, { endpoint: origin, close });
}
