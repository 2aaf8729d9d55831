import * as path from "node:path";
import type { Command } from "commander";
import { UserError } from "../../project/errors";
import { exportFormat, FORMATS } from "../../formats";
import { targetNaming } from "../../targets";
import { secretsByService, syncPrefix } from "../../targets/placement";
import { appContext } from "../context";
import { declaredSecrets } from "../declared";
import { targetEnvironment } from "../environment";
import { currentIo } from "../io";
import { warnIfLocalFileTracked } from "../local-file";
import { processOutput } from "../output";
import { declaredNames, resolveValues, warnUnknownLocalNames } from "../resolve-values";
import { required, withExamples, ROOT_OPTION } from "../help";

interface ExportFlags {
  env: string;
  format: string;
  service?: string;
  manifest?: string;
  root?: string;
  namespace?: string;
  target?: string;
  prefix?: string;
  store?: string;
  storeKind?: string;
  region?: string;
  account?: string;
}

/** `keystash export --env E [--format …]`: values, or deploy files that reference synced secrets. */
export function register(program: Command): void {
  withExamples(program.command("export"), [
    "keystash export --env dev > .env.ci                      # dotenv lines for a pipeline",
    "keystash export --env prod --format k8s-secret --service api",
    "keystash export --env prod --format ecs --region eu-west-1 --account 123456789012",
  ])
    .description("print an environment's declared secrets for a pipeline or platform: values (dotenv, json, shell, env-file, k8s-secret) or deploy files that reference synced secrets (external-secret, ecs, cloud-run)")
    .requiredOption("--env <env>", required("environment name or env type"))
    .option("--format <format>", Object.keys(FORMATS).join(", "), "dotenv")
    .option("--service <name>", "only the secrets this service declares")
    .option("--manifest <file>", "declared secrets from a build's manifest instead of analysing the source")
    .option("--namespace <namespace>", "k8s-secret, external-secret: the Kubernetes namespace")
    .option("--target <target>", "external-secret, ecs, cloud-run: where `keystash sync` put the secrets (aws-secrets-manager, gcp-secret-manager, vault)")
    .option("--prefix <prefix>", "external-secret, ecs, cloud-run: the sync prefix (default: APP/ENV, as sync)")
    .option("--store <name>", "external-secret: the SecretStore's name (default: keystash)")
    .option("--store-kind <kind>", "external-secret: SecretStore or ClusterSecretStore", "SecretStore")
    .option("--region <region>", "ecs: the AWS region, for full ARNs")
    .option("--account <id>", "ecs: the AWS account id, for full ARNs")
    .option(...ROOT_OPTION)
    .action((flags: ExportFlags) => {
      const format = exportFormat(flags.format);
      const output = processOutput();
      const context = appContext(flags);
      const env = targetEnvironment(context.config, flags.env);
      const { manifest } = declaredSecrets(context, flags.manifest, env);
      const names = declaredNames(manifest, context.config, flags.service);
      const services = secretsByService(manifest, names, flags.service);
      const app = context.config.app ?? path.basename(context.root);
      let synced;
      if (format.needsTarget) {
        // ECS task definitions reference only Secrets Manager (or SSM), so that is ecs's target unless told otherwise.
        const target = flags.target ?? (flags.format === "ecs" ? "aws-secrets-manager" : undefined);
        if (!target) throw new UserError(`--format ${flags.format} references synced secrets: pass --target`, "the target you sync to: aws-secrets-manager, gcp-secret-manager or vault");
        // The same names sync writes.
        synced = { target, prefix: syncPrefix(app, env.name, flags.prefix), naming: targetNaming(target) };
      }
      let values: ReadonlyMap<string, string> = new Map();
      if (format.carriesValues) {
        warnIfLocalFileTracked(context.root, output);
        if (env.type === "local") warnUnknownLocalNames(context.root, manifest.secrets.map((s) => s.name), output);
        values = resolveValues(context, env, names, output);
        // A local environment may miss some (warned above): export what it has.
        for (const [service, list] of services) services.set(service, list.filter((name) => values.has(name)));
      }
      const text = format.render({
        env, app, services, values, synced,
        options: { namespace: flags.namespace, store: flags.store, storeKind: flags.storeKind, region: flags.region, account: flags.account },
      });
      currentIo().stdout.write(text);
    });
}
