import { createRequire } from "node:module";
import * as path from "node:path";
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

/** Loads an optional package from the app first, then from beside keystash. */
function loadSdk(name: string, root: string): unknown {
  for (const from of [path.join(root, "package.json"), __filename]) {
    try {
      return createRequire(from)(name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    }
  }
  throw new UserError(`sync: the target needs ${name}, which is not installed`, `install it in your app: npm install --save-dev ${name}`);
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
