import { checkSecretName } from "../core/secret-name";
import { checkValueCarriable } from "../core/carriable";
import { selectorFromFlags } from "../core/selector-flags";
import type { AppContext } from "../core/context";
import { UserError } from "../project/errors";
import { parseEnvType, type EnvType } from "../project/env-types";
import type { X25519Identity } from "../store/age-decrypt";
import { describeSelector, selectorKey, type Selector } from "../store/selector";
import { SelectorOverlapError } from "../store/errors";
import { deleteSecret, rollbackSecret, setSecretValue, syncAccess, unsetSecretValue, type ConfirmGains } from "../store/store";
import { recipientLabel } from "../project/recipient";
import { readStore, type StoredValue } from "../store/store-file";
import { canRead, currentVersion, decryptVersion } from "../store/values";

/** A selector as the page sends it: `{ types, envs }`, checked exactly as the CLI's flags are. */
function selectorOf(context: AppContext, body: { types?: unknown; envs?: unknown }): Selector {
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);
  return selectorFromFlags(context.config, { type: list(body.types), env: list(body.envs) });
}

/**
 * The value of a secret the page means, by its selector (`selectorKey`): stable while others
 * write, where a position in the list is not (a concurrent `set` shifts it).
 */
function valueBySelector(context: AppContext, name: string, key: unknown, action: string): StoredValue {
  const value = typeof key === "string" ? (readStore(context.root).secrets[name] ?? []).find((v) => selectorKey(v.selector) === key) : undefined;
  if (!value) throw new UserError(`${action}: '${name}' has no value with that selector`, "reload the page: the store changed");
  return value;
}

/**
 * The dashboard's yes to new readers: non-production gains pass (the CLI prints them, the page
 * shows the access panel); a production gain passes only when the request says so for exactly
 * that, else the refusal names who and where to confirm it.
 */
function dashboardConfirm(context: AppContext, body: { grantProduction?: unknown }, command: string): ConfirmGains {
  return (gains) => {
    const production = gains.filter((gain) => gain.type === "production");
    if (production.length === 0 || body.grantProduction === true) return true;
    const who = production.map((gain) => recipientLabel(gain.recipient, context.config.recipientNames)).join(", ");
    throw new UserError(`${command}: this would let ${who} read production for the first time; nothing was written`, "check access.production in keystash.yaml, then confirm on the command line (keystash access sync)");
  };
}

/** What an action answers: a message for the page, and what to offer when a selector overlaps. */
export interface ActionResult {
  message: string;
  /** For an overlap: the part to remove from the existing value (the CLI's `secret unset` fix), as the page offers it. */
  resolve?: { unset: Selector; from: string };
}

/**
 * The dashboard's writes and reads: each goes through the same store function as the CLI
 * (same lock, same validation, same messages). The page adds no rule of its own.
 * @throws UserError with the CLI's message and hint.
 */
export const actions = {
  async set(context: AppContext, name: string, body: { types?: unknown; envs?: unknown; value?: unknown; grantProduction?: unknown }, writer?: string): Promise<ActionResult> {
    checkSecretName(name);
    const selector = selectorOf(context, body);
    if (typeof body.value !== "string") throw new UserError("no value given");
    if (body.value === "") throw new UserError("the value is empty", "an empty value is not stored from the dashboard");
    checkValueCarriable(name, body.value, "secret set");
    try {
      const outcome = await setSecretValue(context.root, name, selector, body.value, { writer, confirm: dashboardConfirm(context, body, "set") });
      return { message: `Successfully ${outcome} secret value for ${name}.` };
    } catch (error) {
      // The store's own overlap rule; the page offers its fix (unset the shared part) as a button.
      if (!(error instanceof SelectorOverlapError)) throw error;
      return { message: error.message, resolve: { unset: error.shared, from: describeSelector(error.existing) } };
    }
  },

  async unset(context: AppContext, name: string, body: { types?: unknown; envs?: unknown }): Promise<ActionResult> {
    checkSecretName(name);
    const selector = selectorOf(context, body);
    await unsetSecretValue(context.root, name, selector);
    return { message: `Removed ${describeSelector(selector)} from ${name}.` };
  },

  async delete(context: AppContext, name: string): Promise<ActionResult> {
    checkSecretName(name);
    await deleteSecret(context.root, name);
    return { message: `Deleted ${name}.` };
  },

  async rollback(context: AppContext, name: string, body: { selector?: unknown; to?: unknown; grantProduction?: unknown }, identities: readonly X25519Identity[]): Promise<ActionResult> {
    checkSecretName(name);
    const to = Number(body.to);
    if (!Number.isInteger(to) || to < 1) throw new UserError("rollback: not a version number");
    const value = valueBySelector(context, name, body.selector, "rollback");
    const version = await rollbackSecret(context.root, name, value.selector, to, identities, dashboardConfirm(context, body, "rollback"));
    return { message: `Rolled back ${name} to version ${to}'s value, as version ${version}.` };
  },

  history(context: AppContext, name: string): { key: string; selector: string; version: number; created: string; current: boolean; writer: string | null }[] {
    checkSecretName(name);
    return (readStore(context.root).secrets[name] ?? []).flatMap((value) =>
      value.versions.map((v) => ({ key: selectorKey(value.selector), selector: describeSelector(value.selector), version: v.version, created: v.created, current: v.version === value.current, writer: v.writer ?? null })),
    );
  },

  /** The current value of one of a secret's values, for the identity that reads it; never logged. */
  reveal(context: AppContext, name: string, body: { selector?: unknown }, identities: readonly X25519Identity[]): string {
    checkSecretName(name);
    const value = valueBySelector(context, name, body.selector, "reveal");
    const version = currentVersion(value);
    if (!canRead(identities, version)) throw new UserError(`reveal: your identity cannot read ${name} (${describeSelector(value.selector)})`);
    const type = (value.selector.types[0] ?? parseEnvType("local")) as EnvType;
    return decryptVersion(name, value, version, identities, { name: type, type });
  },

  async sync(context: AppContext, identities: readonly X25519Identity[], body: { grantProduction?: unknown } = {}): Promise<ActionResult> {
    // As on the CLI: nobody gains production without the user saying yes to exactly that.
    const result = await syncAccess(context.root, identities, dashboardConfirm(context, body, "sync"));
    const cannot = result.unsynced.map((u) => `${u.name} (${describeSelector(u.selector)})`);
    return { message: `Re-encrypted ${result.reencrypted.length} secret(s)${cannot.length ? `; could not re-encrypt ${cannot.join(", ")}` : ""}.` };
  },
};
