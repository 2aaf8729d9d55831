import type { Command } from "../../vendor/commander";
import { UserError } from "../../project/errors";
import { openTarget, TARGETS } from "../../targets";
import { applySync, type PlanEntry } from "../../targets/sync";
import { checkSegment, FAILURE_HINTS, TargetError } from "../../targets/target";
import { deliveryValues, planDelivery } from "../../core/delivery";
import { planTargetSync, syncPrefixFor } from "../../core/sync";
import { askYesNo } from "../confirm";
import { appContext } from "../context";
import { targetEnvironment } from "../environment";
import { requireIdentities } from "../identities";
import { loadIdentities } from "../../store/identity";
import { currentIo, setExitCode } from "../io";
import { plural, printable, printJson, processOutput } from "../output";
import { renderTable } from "../table";
import { required, withExamples, ROOT_OPTION, MANIFEST_OPTION } from "../help";

/** A target failure as one line plus what to do. */
function targetFailure(error: unknown): never {
  if (error instanceof TargetError) throw new UserError(error.message, FAILURE_HINTS[error.kind], { cause: error });
  throw error;
}

const confirm = (question: string): Promise<boolean> =>
  askYesNo(question, new UserError("sync: refusing to change the target without confirmation", "review the plan, then pass --yes (or --dry-run to only plan)"));

/** The sync command's definition: its flags' type comes from it (commander's inference). */
function syncCommand(program: Command) {
  return withExamples(program.command("sync"), [
    "keystash sync --env prod --to aws-secrets-manager --dry-run   # the plan, nothing written",
    "keystash sync --env prod --to vault --yes --prune",
    "keystash sync --env prod --to gcp-secret-manager --project my-project --service api",
  ])
    .description("replicate an environment's declared secrets into a cloud secret manager, one path per service (plan first, idempotent, --prune)")
    .requiredOption("--env <env>", required("environment name or env type"))
    .requiredOption("--to <target>", required(`target: ${Object.keys(TARGETS).join(", ")}`))
    .option("--service <name>", "only this service's secrets (and, with --prune, only its path)")
    .option("--prefix <prefix>", "path prefix in the target (default: APP/ENV)")
    .option("--prune", "delete secrets keystash created under the prefix that the code no longer declares")
    .option("--dry-run", "print the plan and stop")
    .option("--yes", "apply without asking")
    .option("--json", "print the plan (and what was applied) as JSON")
    .option(...MANIFEST_OPTION)
    .option("--region <region>", "aws-secrets-manager: the AWS region (else the SDK's own configuration)")
    .option("--endpoint <url>", "the target's address (an emulator; for vault, else VAULT_ADDR)")
    .option("--project <project>", "gcp-secret-manager: the GCP project (else GOOGLE_CLOUD_PROJECT)")
    .option("--mount <mount>", "vault: the KV v2 mount (default: secret)")
    .option(...ROOT_OPTION);
}

type SyncFlags = ReturnType<ReturnType<typeof syncCommand>["opts"]>;

/** `keystash sync --env E --to TARGET`: plan, confirm, apply. */
export function register(program: Command): void {
  syncCommand(program).action(async (flags) => {
    // Bounded in total too: a server that answers slowly but forever cannot hold production values in flight.
    const deadline = setTimeout(() => {
      processOutput().err("error: sync: stopped after 10 minutes; what landed stays, running the same command again converges");
      process.exit(2);
    }, 10 * 60_000);
    deadline.unref();
    try {
      await runSync(flags);
    } finally {
      clearTimeout(deadline);
    }
  });
}

/** One sync run: plan (core/sync.ts), confirm, apply (see register). */
async function runSync(flags: SyncFlags): Promise<void> {
  const output = processOutput();
  const context = appContext(flags);
  const env = targetEnvironment(context.config, flags.env);
  const delivery = planDelivery(context, { env, manifestFile: flags.manifest, service: flags.service }, (line) => output.err(line));
  // Names are data: every part of a remote name is checked as one segment before any request.
  const prefix = syncPrefixFor(delivery, flags.prefix);
  if (flags.mount !== undefined) checkSegment("mount", flags.mount);
  const warn = (line: string) => output.warn(printable(line));
  const target = openTarget(flags.to, { region: flags.region, endpoint: flags.endpoint, project: flags.project, mount: flags.mount, env: currentIo().env, root: context.root, warn });
  const values = deliveryValues(context, env, delivery.names, () => loadIdentities(currentIo().env), output.warn);
  const request = { targetName: flags.to, prefix, service: flags.service, prune: flags.prune === true, identity: requireIdentities()[0]! };
  const { desired, plan } = await planTargetSync(target, delivery, values, request).catch(targetFailure);
  const changes = plan.filter((entry) => entry.action !== "unchanged" && entry.action !== "blocked");
  const blocked = plan.filter((entry) => entry.action === "blocked");
  const describe = { target: flags.to, env: env.name, type: env.type, prefix, plan };
  if (!flags.json) {
    output.out(renderTable(["Action", "Secret", "Service", "Name in target"], plan.map((e: PlanEntry) => [e.action, e.name ?? "", e.service ?? (e.name ? "-" : ""), e.id]), output.width));
    const counts = (["create", "update", "delete", "unchanged", "blocked"] as const).map((action) => `${plan.filter((e) => e.action === action).length} ${action}`);
    output.out(`Plan for ${flags.to} (${prefix}): ${counts.join(", ")}.`);
    for (const entry of blocked) output.warn(`${entry.id} exists but was not created by this keystash sync (another tool, or another prefix or environment): left alone (rename it, or pass another --prefix)`);
  }
  if (blocked.length > 0) setExitCode(1);
  if (flags.dryRun || changes.length === 0) {
    if (flags.json) printJson(output, { ...describe, applied: [], failed: [] });
    if (flags.dryRun) setExitCode(0);
    return;
  }
  if (!flags.yes && !(await confirm(`Apply ${plural(changes.length, "change")} to ${flags.to}? [y/N] `))) {
    throw new UserError("sync: aborted, nothing changed", undefined, { exitCode: 1 });
  }
  // On a terminal, a line that counts the changes as they land (rewritten in place, cleared at the end).
  const { stderr } = currentIo();
  const progress = stderr.isTTY === true && !flags.json ? (done: number, total: number) => stderr.write(`\r\u001b[Kapplying ${done + 1} of ${total} to ${flags.to}…`) : undefined;
  const result = await applySync(target, plan, desired, progress);
  if (progress) stderr.write("\r\u001b[K");
  const failed = result.failed.map(({ entry, error }) => ({ ...entry, error: error.message, hint: FAILURE_HINTS[error.kind] }));
  if (flags.json) {
    printJson(output, { ...describe, applied: result.applied, failed });
  } else {
    output.out(`Applied ${result.applied.length} of ${plural(changes.length, "change")}.`);
    for (const failure of failed) output.err(`${output.errColor.red("error:")} ${failure.error}\n${output.errColor.gray("hint:")} ${failure.hint}`);
  }
  if (result.applied.length < changes.length) {
    if (!flags.json) output.err(`${plural(changes.length - result.applied.length, "change")} did not land; run the same command again: sync converges`);
    setExitCode(2);
  }
}

