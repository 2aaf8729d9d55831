/**
 * keystash: declare the secrets your app needs, read them at run time.
 *
 * ```ts
 * import { secret } from "keystash";
 * const githubToken = secret("GitHubAPIToken");
 * githubToken(); // the value
 * ```
 */
export { secret, type Secret, type SingleLiteral } from "./secret";
export { KeystashError, KeystashStartupError, SecretNotSetError, InvalidSecretNameError, KeystashStoreError, type KeystashErrorCode } from "./errors";
export type { StoreProblem } from "../store/problem";
export type { Fix } from "../project/fix";
