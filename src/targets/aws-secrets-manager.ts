import type * as Aws from "@aws-sdk/client-secrets-manager";
import { FINGERPRINT_KEY, MANAGED_KEY, OWNER_ENV_KEY, OWNER_PREFIX_KEY, SERVICE_KEY, TargetError, type DesiredSecret, type RemoteSecret, type Target, type TargetNaming, type TargetOptions } from "./target";

/**
 * AWS Secrets Manager through the official SDK: one secret per name at PREFIX/SERVICE/NAME,
 * tagged as keystash's with the value's fingerprint. Credentials come from the SDK's standard
 * chain (environment, profile, SSO, instance or task role); `--region`, `--endpoint` for emulators.
 */

function classify(error: unknown, what: string): TargetError {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? "";
  const kind =
    name === "CredentialsProviderError" || name === "UnrecognizedClientException" || name === "InvalidSignatureException" || name === "ExpiredTokenException" ? "credentials"
    : name === "AccessDeniedException" ? "denied"
    : name === "ThrottlingException" || name === "TooManyRequestsException" || name === "LimitExceededException" ? "throttled"
    : name === "ResourceNotFoundException" ? "notFound"
    : e.$metadata?.httpStatusCode === undefined && (e.code !== undefined || name === "TimeoutError") ? "network"
    : "other";
  const detail = /Region is missing/.test(e.message ?? "") ? "no AWS region: pass --region or set AWS_REGION" : `${name || "error"}${e.code ? ` ${e.code}` : ""}`;
  return new TargetError(kind, `aws-secrets-manager: ${what} failed (${detail})`, { cause: error });
}

/** Secrets live at PREFIX/SERVICE/NAME (`_shared` for secrets no service declares). */
export const naming: TargetNaming = {
  remoteId: (prefix, service, name) => `${prefix}/${service ?? "_shared"}/${name}`,
  scope: (prefix, service) => (service === undefined ? `${prefix}/` : `${prefix}/${service}/`),
  // SecretString's documented maximum.
  maxValueBytes: 65_536,
};

/** The target for `keystash sync --to aws-secrets-manager`. */
export function createTarget(options: TargetOptions, sdk: unknown): Target {
  const aws = sdk as typeof Aws;
  const { env } = options;
  // The command's environment first (the SDK's own chain reads the process's): keys, then the
  // SDK's chain for profiles, SSO and instance or task roles.
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const keys = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) }
    : undefined;
  const client = new aws.SecretsManagerClient({
    ...(region ? { region } : {}),
    ...(keys ? { credentials: keys } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    maxAttempts: 5, // the SDK backs off on throttling
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 }, // bounded time per request
  });
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw classify(error, what);
    }
  };
  /** The tags that say keystash wrote it, with what, and for which prefix and environment. */
  const ownTags = (secret: DesiredSecret) => [
    { Key: MANAGED_KEY, Value: "true" },
    { Key: FINGERPRINT_KEY, Value: secret.fingerprint },
    { Key: SERVICE_KEY, Value: secret.service ?? "_shared" },
    { Key: OWNER_PREFIX_KEY, Value: secret.owner.prefix },
    { Key: OWNER_ENV_KEY, Value: secret.owner.env },
  ];
  return {
    ...naming,

    async list(prefix) {
      const found: RemoteSecret[] = [];
      let NextToken: string | undefined;
      do {
        const page = await call("listing secrets", () =>
          client.send(new aws.ListSecretsCommand({ Filters: [{ Key: "name", Values: [`${prefix}/`] }], MaxResults: 100, NextToken })),
        );
        for (const secret of page.SecretList ?? []) {
          if (!secret.Name?.startsWith(`${prefix}/`)) continue; // the name filter matches prefixes of words too
          const tag = (key: string) => secret.Tags?.find((t) => t.Key === key)?.Value;
          found.push({ id: secret.Name, managed: tag(MANAGED_KEY) === "true", fingerprint: tag(FINGERPRINT_KEY), owner: { prefix: tag(OWNER_PREFIX_KEY), env: tag(OWNER_ENV_KEY) } });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return found;
    },

    async create(secret: DesiredSecret) {
      try {
        await client.send(new aws.CreateSecretCommand({
          Name: secret.id,
          SecretString: secret.value,
          Description: `keystash: ${secret.name}${secret.service ? ` for service ${secret.service}` : ""}`,
          Tags: ownTags(secret),
        }));
      } catch (error) {
        if ((error as { name?: string }).name !== "InvalidRequestException" || !/scheduled for deletion/i.test((error as Error).message)) throw classify(error, `creating ${secret.id}`);
        // Scheduled for deletion: restored only when this very sync pruned it (its record says so),
        // never someone else's secret at keystash's name, with their policy and key.
        const described = await call(`reading ${secret.id}`, () => client.send(new aws.DescribeSecretCommand({ SecretId: secret.id })));
        const tag = (key: string) => described.Tags?.find((t) => t.Key === key)?.Value;
        if (tag(MANAGED_KEY) !== "true" || tag(OWNER_PREFIX_KEY) !== secret.owner.prefix || tag(OWNER_ENV_KEY) !== secret.owner.env) {
          throw new TargetError("denied", `aws-secrets-manager: ${secret.id} is scheduled for deletion and was not created by this keystash sync: not restored (delete it for good, or pass another --prefix)`);
        }
        await call(`restoring ${secret.id}`, () => client.send(new aws.RestoreSecretCommand({ SecretId: secret.id })));
        await this.update(secret);
      }
    },

    async update(secret: DesiredSecret) {
      await call(`updating ${secret.id}`, () => client.send(new aws.PutSecretValueCommand({ SecretId: secret.id, SecretString: secret.value })));
      await call(`tagging ${secret.id}`, () => client.send(new aws.TagResourceCommand({ SecretId: secret.id, Tags: ownTags(secret) })));
    },

    async remove(id) {
      // AWS keeps it recoverable for 7 days (`aws secretsmanager restore-secret`).
      await call(`deleting ${id}`, () => client.send(new aws.DeleteSecretCommand({ SecretId: id, RecoveryWindowInDays: 7 })));
    },
  };
}
