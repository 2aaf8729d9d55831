import { initLoader, isSecretSet, readSecret } from "./loader";
import { checkName } from "./names";

/** A declared secret: call it to read the value. Never reveals the value when printed. */
export interface Secret<Name extends string = string> {
  (): string;
  /** The secret's name, as declared. */
  readonly name: Name;
}

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** `Name` when it is one string literal; `never` for `string` or a union, so those do not compile. */
export type SingleLiteral<Name extends string> = string extends Name
  ? never
  : [Name] extends [UnionToIntersection<Name>]
    ? Name
    : never;

/**
 * Declares a secret the app needs. Call it once at module top level with a string literal:
 * `const githubToken = secret("GitHubAPIToken")`, then `githubToken()` to read the value.
 * The name's type must be one string literal: `secret(someString)` does not compile.
 *
 * @throws InvalidSecretNameError for a name the analyzer rejects (KS1006), and
 *   KeystashStartupError on the first call when the environment cannot be told or a non-local
 *   environment misses secrets. Reading throws SecretNotSetError when the value is missing in a
 *   non-local environment, KeystashStoreError when the store cannot give it.
 */
export function secret<Name extends string>(name: SingleLiteral<Name>): Secret<Name> {
  checkName(name, "secret()", true);
  initLoader();
  let value: string | undefined;
  // After the first read, calling a secret costs one variable read.
  const read = (): string => (value ??= readSecret(name));
  Object.defineProperty(read, "name", { value: name, enumerable: true });
  // Printing, JSON and util.inspect come from one shared prototype (cheaper than four own properties per secret).
  return Object.setPrototypeOf(read, SECRET_PROTOTYPE) as Secret<Name>;
}

function describe(this: { name: string }): string {
  return `Secret<${this.name}>(${isSecretSet(this.name) ? "*****" : "not set"})`;
}

// util.inspect.custom is this registered symbol (Node, Bun and Deno); naming it keeps node:util out of bundles.
const INSPECT = Symbol.for("nodejs.util.inspect.custom");

const SECRET_PROTOTYPE: object = Object.create(Function.prototype, {
  toString: { value: describe },
  toJSON: { value: describe },
  [INSPECT]: { value: describe },
});
