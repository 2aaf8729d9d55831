import { UserError } from "../project/errors";
import type { EnvType } from "../project/env-types";
import { describeEnvironment, type Environment } from "../project/environments";
import type { Fix } from "../project/fix";
import { STORE_FILE } from "../project/file-names";
import type { StoreProblem } from "./problem";
import { describeSelector, type Selector } from "./selector";

export type { StoreProblem };

/**
 * What the store refuses, by class, each with the data a front end needs to act on it: the CLI
 * prints the message and words the fix, the dashboard sends both as JSON (and offers some as a
 * button), the runtime wraps them in a KeystashStoreError that keeps `problem` and `fix`.
 * Messages say what is wrong in the store's terms; none names the command that ran into it.
 */


/** The base of the store's refusals. */
export abstract class StoreRefusal extends UserError {
  abstract readonly problem: StoreProblem;
}

/** The secret is not in the store at all. */
export class UnknownSecretError extends StoreRefusal {
  readonly problem = "unknown-secret";
  constructor(readonly secret: string) {
    super(`no secret named '${secret}' in the store`, undefined, { fix: { kind: "listSecrets", name: undefined } });
  }
}

/** The secret holds no value for the selector: none reaching it (`exact: false`), or none set with exactly it. */
export class NoValueError extends StoreRefusal {
  readonly problem = "no-value";
  constructor(
    readonly secret: string,
    readonly selector: Selector,
    readonly exact: boolean,
  ) {
    super(`'${secret}' has no value ${exact ? "set with" : "for"} ${describeSelector(selector)}`, undefined, { fix: exact ? { kind: "showHistory", name: secret } : { kind: "listSecrets", name: secret } });
  }
}

/** The value has no such version to roll back to. */
export class NoSuchVersionError extends StoreRefusal {
  readonly problem = "no-version";
  constructor(
    readonly secret: string,
    readonly selector: Selector,
    readonly version: number,
  ) {
    super(`'${secret}' (${describeSelector(selector)}) has no version ${version}`, undefined, { fix: { kind: "showHistory", name: secret } });
  }
}

/** A new value's selector overlaps an existing value's: `shared` is the part both would serve. */
export class SelectorOverlapError extends StoreRefusal {
  readonly problem = "overlap";
  constructor(
    readonly secret: string,
    readonly shared: Selector,
    readonly existing: Selector,
  ) {
    super(`'${secret}' already has a value for ${describeSelector(shared)} (the value set with ${describeSelector(existing)})`, undefined, {
      fix: { kind: "removeOverlap", name: secret, shared: describeSelector(shared), existing: describeSelector(existing) },
    });
  }
}

/** Nobody is listed to read the env types a value would reach: encrypting it would lock it away. */
export class NoRecipientsError extends StoreRefusal {
  readonly problem = "no-recipients";
  constructor(readonly types: readonly EnvType[]) {
    super(`nobody can read ${types.join(", ") || "that selector"}: keystash.yaml lists no recipient under access.${types[0] ?? "<type>"}`, undefined, { fix: { kind: "firstReader", type: types[0] } });
  }
}

/** Removing a reader who is not one. */
export class NotARecipientError extends StoreRefusal {
  readonly problem = "not-a-recipient";
  constructor(
    readonly recipient: string,
    readonly type: EnvType,
  ) {
    super(`${recipient} is not a recipient of ${type}`, `see access.${type} in keystash.yaml`);
  }
}

/**
 * A value's environment changed type since it was written (`recorded` then, `now` in
 * keystash.yaml): re-encrypting it for the new type's readers would hand, say, a production
 * value to development keys, so the store refuses.
 */
export class EnvTypeChangedError extends StoreRefusal {
  readonly problem = "type-changed";
  constructor(
    readonly secret: string,
    readonly selector: Selector,
    readonly env: string,
    readonly recorded: EnvType,
    readonly now: EnvType | undefined,
  ) {
    super(`store: '${secret}' (${describeSelector(selector)}) was written when ${env} was ${recorded}; keystash.yaml now says ${now ?? "nothing"} for it, so keystash will not re-encrypt it for other readers`, undefined, {
      fix: { kind: "setAgain", name: secret, env },
    });
  }
}

/** A value whose metadata or ciphertext contradicts itself: never served. `version` when one version is at fault. */
export class StoreTamperedError extends StoreRefusal {
  readonly problem = "tampered";
  constructor(
    readonly secret: string,
    readonly reason: string,
    fix: Fix,
    options: { version?: number; cause?: unknown } = {},
  ) {
    super(`store: '${secret}'${options.version === undefined ? "" : ` version ${options.version}`} is tampered: ${reason}`, undefined, { fix, cause: options.cause });
    this.version = options.version;
  }
  readonly version: number | undefined;
}

/** The process's identities are not among a value's readers. */
export class NotAReaderError extends StoreRefusal {
  readonly problem = "not-a-reader";
  constructor(
    readonly secret: string,
    readonly env: Environment,
    recipient: string | undefined,
    cause?: unknown,
  ) {
    super(`store: cannot decrypt '${secret}' for ${describeEnvironment(env)}: no identity matches its recipients`, undefined, { cause, fix: { kind: "grantAccess", type: env.type, recipient } });
  }
}

/** The store file cannot be read as a store: `line` (1-based) where one is known. */
export class StoreCorruptError extends StoreRefusal {
  readonly problem = "corrupt";
  constructor(
    readonly what: string,
    readonly line: number | undefined,
    fix: Fix = { kind: "repairStore" },
  ) {
    super(`store: ${line ? `${STORE_FILE}:${line}` : STORE_FILE}: ${what}`, undefined, { fix });
  }
}

/** Someone a change lets read an env type for the first time, and the secrets that grants them. */
export interface AccessGain {
  recipient: string;
  type: EnvType;
  secrets: string[];
}

/** A write or re-encryption that would let someone read an env type for the first time was not confirmed: nothing was written. */
export class GainNotConfirmedError extends StoreRefusal {
  readonly problem = "not-confirmed";
  constructor(readonly gains: readonly AccessGain[]) {
    super("store: not confirmed who gains access; nothing was written", undefined, { fix: { kind: "confirmGains" } });
  }
}
