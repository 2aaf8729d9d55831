import type { Command } from "../../vendor/commander";
import { registerSecretReads } from "./secret-read";
import { registerSecretWrites } from "./secret-write";

/** `keystash secret ...`: the writes (set, unset, rollback) and the reads (list, get, history). */
export function register(program: Command): void {
  const secret = program.command("secret").description("set, list and read secret values");
  registerSecretWrites(secret);
  registerSecretReads(secret);
}
