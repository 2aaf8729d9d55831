import type { Command } from "../../vendor/commander";
import { FORMATS } from "../../formats";
import { planDelivery } from "../../core/delivery";
import { renderExport } from "../../core/export";
import { loadIdentities } from "../../store/identity";
import { appContext } from "../context";
import { targetEnvironment } from "../environment";
import { currentIo } from "../io";
import { processOutput } from "../output";
import { required, withExamples, ROOT_OPTION, MANIFEST_OPTION, SERVICE_OPTION } from "../help";

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
    .option(...SERVICE_OPTION)
    .option(...MANIFEST_OPTION)
    .option("--namespace <namespace>", "k8s-secret, external-secret: the Kubernetes namespace")
    .option("--target <target>", "external-secret, ecs, cloud-run: where `keystash sync` put the secrets (aws-secrets-manager, gcp-secret-manager, vault)")
    .option("--prefix <prefix>", "external-secret, ecs, cloud-run: the sync prefix (default: APP/ENV, as sync)")
    .option("--store <name>", "external-secret: the SecretStore's name (default: keystash)")
    .option("--store-kind <kind>", "external-secret: SecretStore or ClusterSecretStore", "SecretStore")
    .option("--region <region>", "ecs: the AWS region, for full ARNs")
    .option("--account <id>", "ecs: the AWS account id, for full ARNs")
    .option(...ROOT_OPTION)
    .action((flags) => {
      const output = processOutput();
      const context = appContext(flags);
      const env = targetEnvironment(context.config, flags.env);
      const delivery = planDelivery(context, { env, manifestFile: flags.manifest, service: flags.service }, (line) => output.err(line));
      const { namespace, store, storeKind, region, account } = flags;
      const request = { format: flags.format, target: flags.target, prefix: flags.prefix, options: { namespace, store, storeKind, region, account } };
      const text = renderExport(context, delivery, request, () => loadIdentities(currentIo().env), output.warn);
      currentIo().stdout.write(text);
    });
}
