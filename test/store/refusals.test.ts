import * as fs from "node:fs";
import * as path from "node:path";
import { UserError } from "../../src/project/errors";
import * as refusals from "../../src/store/errors";
import { generateIdentity } from "../../src/store/age-encrypt";
import { loadIdentities } from "../../src/store/identity";
import { readStore } from "../../src/store/store-file";
import { changeAccess, rollbackSecret, setSecretValue, unsetSecretValue } from "../../src/store/store";
import { appPerTest, storeText, type AppUser } from "../helpers/keystash-app";

// The store refuses by class, with the data a front end acts on, in its own terms: no message
// names the command that ran into it (the CLI, the dashboard and the runtime each reach these).

const { StoreRefusal } = refusals;
const types = (...list: string[]) => ({ types: list, envs: [] }) as Parameters<typeof setSecretValue>[2];
const envs = (...list: string[]) => ({ types: [], envs: list }) as Parameters<typeof setSecretValue>[2];

async function refusal(work: () => unknown): Promise<refusals.StoreRefusal> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreRefusal);
    expect(error).toBeInstanceOf(UserError);
    const { message } = error as Error;
    // Said in the store's terms, never as a command (`secret set: …`) or a command line.
    expect(message).not.toMatch(/^(secret|access|sync|export|run|check)\b|keystash (secret|access|init|sync|export|run|check|manifest)\b/);
    return error as refusals.StoreRefusal;
  }
  throw new Error("expected the store to refuse");
}

describe("each refusal carries its class, its stable name and its data", () => {
  const user: AppUser = appPerTest({ "keystash.yaml": "environments:\n  staging: development\n" });
  const identities = () => loadIdentities(user.env as NodeJS.ProcessEnv);
  const writer = () => identities()[0]!.recipient;
  const set = (selector: Parameters<typeof setSecretValue>[2], value: string, confirm = () => true) => setSecretValue(user.app, "Token", selector, value, { writer: writer(), confirm });

  test("unset: no such secret, no value for the selector", async () => {
    const unknown = await refusal(() => unsetSecretValue(user.app, "Token", types("local")));
    expect(unknown).toMatchObject({ problem: "unknown-secret", secret: "Token", fix: { kind: "listSecrets", name: undefined } });
    await set(types("development"), "d");
    const none = await refusal(() => unsetSecretValue(user.app, "Token", types("local")));
    expect(none).toMatchObject({ problem: "no-value", secret: "Token", exact: false, selector: types("local"), message: "'Token' has no value for --type local" });
  });

  test("set: an overlapping selector names the shared part and the existing value's selector", async () => {
    await set(types("development", "local"), "d");
    const overlap = await refusal(() => set(types("local"), "l"));
    expect(overlap).toBeInstanceOf(refusals.SelectorOverlapError);
    expect(overlap).toMatchObject({ problem: "overlap", secret: "Token", shared: types("local"), existing: types("development", "local") });
  });

  test("set: nobody listed to read production (init lists nobody there)", async () => {
    const none = await refusal(() => set(types("production"), "p"));
    expect(none).toMatchObject({ problem: "no-recipients", types: ["production"], fix: { kind: "firstReader", type: "production" } });
    expect(fs.existsSync(path.join(user.app, ".keystash/store.yaml")) ? storeText(user) : "").not.toContain("production");
  });

  test("rollback: no value set with exactly the selector, no such version", async () => {
    await set(types("development"), "one");
    const notExact = await refusal(() => rollbackSecret(user.app, "Token", types("development", "local"), 1, identities(), () => true));
    expect(notExact).toMatchObject({ problem: "no-value", exact: true, fix: { kind: "showHistory", name: "Token" } });
    const noVersion = await refusal(() => rollbackSecret(user.app, "Token", types("development"), 7, identities(), () => true));
    expect(noVersion).toMatchObject({ problem: "no-version", version: 7, selector: types("development") });
  });

  test("rollback of a value whose environment changed type: the env, both types and the fix", async () => {
    await set(envs("staging"), "one");
    await set(envs("staging"), "two");
    const config = path.join(user.app, "keystash.yaml");
    fs.writeFileSync(config, fs.readFileSync(config, "utf8").replace("staging: development", "staging: preview"));
    const changed = await refusal(() => rollbackSecret(user.app, "Token", envs("staging"), 1, identities(), () => true));
    expect(changed).toMatchObject({ problem: "type-changed", secret: "Token", env: "staging", recorded: "development", now: "preview", fix: { kind: "setAgain", name: "Token", env: "staging" } });
  });

  test("access: removing someone who is not a reader", async () => {
    const stranger = generateIdentity().recipient;
    const notListed = await refusal(() => changeAccess(user.app, "remove", "preview", stranger, identities(), () => true));
    expect(notListed).toMatchObject({ problem: "not-a-recipient", recipient: stranger, type: "preview" });
  });

  test("a gain nobody said yes to: who would gain what, and nothing written", async () => {
    await set(types("development"), "d");
    const before = storeText(user);
    const configBefore = fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8");
    const teammate = generateIdentity().recipient;
    const refused = await refusal(() => changeAccess(user.app, "add", "development", teammate, identities(), () => false));
    expect(refused).toMatchObject({ problem: "not-confirmed", fix: { kind: "confirmGains" }, gains: [{ recipient: teammate, type: "development", secrets: ["Token"] }] });
    expect(storeText(user)).toBe(before);
    expect(fs.readFileSync(path.join(user.app, "keystash.yaml"), "utf8")).toBe(configBefore);
  });

  test("a store file that is not a store: corrupt, at its line", async () => {
    fs.mkdirSync(path.join(user.app, ".keystash"), { recursive: true });
    fs.writeFileSync(path.join(user.app, ".keystash/store.yaml"), "version: 1\nsecrets:\n  Token: [\n");
    const corrupt = await refusal(() => readStore(user.app));
    expect(corrupt).toMatchObject({ problem: "corrupt", fix: { kind: "repairStore" } });
    expect((corrupt as refusals.StoreCorruptError).line).toBeGreaterThanOrEqual(3);
    fs.writeFileSync(path.join(user.app, ".keystash/store.yaml"), "version: 1\n<<<<<<< ours\nsecrets: {}\n");
    expect(await refusal(() => readStore(user.app))).toMatchObject({ problem: "corrupt", line: 2, fix: { kind: "removeConflictMarkers" } });
  });
});
