import type { EnvType } from "./env-types";

/**
 * What a user can do about a problem the store or the project found, as data. The layers below
 * the front ends say what is wrong and which of these fixes it; each front end words it its own
 * way: the CLI as a command to paste (`core/fix-text.ts`), the dashboard as an action, the runtime
 * as a line of its start-up error. None of those layers knows a command name.
 */
export type Fix =
  /** Give the secret a value for the type (nobody set one that reaches it). */
  | { kind: "set"; name: string; type: EnvType }
  /** Remove the value for `env` and set it again: its environment changed type since it was written. */
  | { kind: "setAgain"; name: string; env: string }
  /**
   * Someone re-encrypts the value for the recipients keystash.yaml lists for `type`: a reader of
   * the type, or (`valueReader`, when none of those can read it) anyone who still can.
   */
  | { kind: "syncAccess"; type: EnvType; by: "typeReader" | "valueReader" }
  /** Someone who can read `type` lists `recipient` (undefined: the user's own, once they have an identity). */
  | { kind: "grantAccess"; type: EnvType; recipient: string | undefined }
  /** Nobody can read `type` yet: list a first reader (the user's own key or a teammate's). */
  | { kind: "firstReader"; type: EnvType | undefined }
  /** Remove the overlapping part from the existing value, or set exactly the existing value's selector. */
  | { kind: "removeOverlap"; name: string; shared: string; existing: string }
  /** The process has no identity: give it one, or create one and ask for access. */
  | { kind: "provideIdentity" }
  /** The store's content contradicts itself: restore it from git and review who changed it. */
  | { kind: "restoreStore"; review: boolean }
  /** The store file cannot be read as a store: see what changed in git and mend it, or restore the last good version. */
  | { kind: "repairStore" }
  /** A change would let someone read an env type for the first time and nobody said yes: review who, then confirm. */
  | { kind: "confirmGains" }
  /** A merge left git's conflict markers in the store: keep both sides' entries, drop the markers. */
  | { kind: "removeConflictMarkers" }
  /** See which secrets (or which values of `name`) the store holds. */
  | { kind: "listSecrets"; name: string | undefined }
  /** See the versions of `name` and the selectors they were set with. */
  | { kind: "showHistory"; name: string }
  /** Build (or rebuild) the manifest: a build with the transformer or plugin, or the manifest command. */
  | { kind: "buildManifest"; rebuild: boolean }
  /** Set keystash up in this app (keystash.yaml with the user's key as a reader). */
  | { kind: "setUp" };
