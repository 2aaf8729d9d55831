import type { Environment } from "../project/environments";
import { declaredSecrets as declaredInApp, type Declared } from "../core/declared";
import type { AppContext } from "./context";
import { processOutput } from "./output";

/** The declared secrets (core/declared.ts), with its notices on the command's standard error. */
export function declaredSecrets(context: AppContext, manifestFile?: string, env?: Environment): Declared {
  return declaredInApp(context, manifestFile, env, (line) => processOutput().err(line));
}
