import { openAnyFolder, openApp, type AppContext } from "../core/context";
import { currentIo } from "./io";

export type { AppContext };

/** The app the running command works on, from its working directory (core/context.ts, openApp). */
export function appContext(options: { root?: string }, use: { writesStore?: boolean } = {}): AppContext {
  return openApp(currentIo().cwd, options, use);
}

/** For `scan`: the app when there is one, else the working directory (core/context.ts, openAnyFolder). */
export function scanContext(options: { root?: string }): AppContext {
  return openAnyFolder(currentIo().cwd, options);
}
