import { loadAppPackage } from "../project/app-package";
import { UserError } from "../project/errors";
import { lazy } from "../lazy";
import type { Target, TargetNaming, TargetOptions } from "./target";

/** A sync target: the npm package it needs (optional, installed by the app that syncs) and its module. */
interface TargetEntry {
  description: string;
  /** The package the target's module loads; apps that never sync never install it. */
  sdk?: string;
  load: () => TargetModule;
}

/** What a target's file exports. */
interface TargetModule {
  createTarget: (options: TargetOptions, sdk: unknown) => Target;
  naming: TargetNaming;
}

/** Every target `keystash sync --to` knows: adding one is a file in this folder and a line here. */
export const TARGETS: Record<string, TargetEntry> = {
  "aws-secrets-manager": { description: "AWS Secrets Manager", sdk: "@aws-sdk/client-secrets-manager", load: lazy(() => require("./aws-secrets-manager") as TargetModule) },
  "gcp-secret-manager": { description: "Google Cloud Secret Manager", sdk: "@google-cloud/secret-manager", load: lazy(() => require("./gcp-secret-manager") as TargetModule) },
  vault: { description: "HashiCorp Vault / OpenBao KV v2", load: lazy(() => require("./vault") as TargetModule) },
};

/**
 * How target `id` names secrets (no SDK loaded): what deploy files reference.
 * @throws UserError for an unknown target.
 */
export function targetNaming(id: string): TargetNaming {
  return entryOf(id).load().naming;
}

function entryOf(id: string): TargetEntry {
  const entry = Object.hasOwn(TARGETS, id) ? TARGETS[id] : undefined;
  if (!entry) throw new UserError(`--to: unknown target '${id}'`, `use one of: ${Object.keys(TARGETS).join(", ")}`);
  return entry;
}

/** A target's SDK, from the app (see loadAppPackage). */
function loadSdk(name: string, root: string): unknown {
  const sdk = loadAppPackage(name, root);
  if (sdk === undefined) throw new UserError(`sync: the target needs ${name}, which is not installed`, `install it in your app: npm install --save-dev ${name}`);
  return sdk;
}

/**
 * The target named `id`, with its SDK loaded (only now: `keystash run` never pays for it).
 * @throws UserError for an unknown target or a missing SDK.
 */
export function openTarget(id: string, options: TargetOptions): Target {
  const entry = entryOf(id);
  const sdk = entry.sdk === undefined ? undefined : loadSdk(entry.sdk, options.root);
  return entry.load().createTarget(options, sdk);
}
