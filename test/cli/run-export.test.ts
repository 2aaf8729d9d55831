import { execFileSync, spawn } from "node:child_process";
import { parse as parseDotenv } from "dotenv";
import { KEYSTASH_BIN, cleanEnv } from "../helpers/cli";
import { sharedApp } from "../helpers/keystash-app";

const VALUES: Record<string, string> = {
  Pem: "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----",
  Quotes: `it's "quoted" and \`ticked\``,
  Dollar: "$HOME ${PATH} $(whoami) `id`",
  Backslash: "C:\\path\\n\\t\\\\end\\",
  Unicode: "päss wörd ✓ 🔑 ünïcödé",
  Spaces: "  leading and trailing  ",
  Hash: "value # not a comment",
};

const sources = Object.fromEntries(
  Object.keys(VALUES).map((name) => [`src/${name}.ts`, `import { secret } from "keystash";\nexport const s = secret("${name}");\n`]),
);

describe("keystash export and run", () => {
  const user = sharedApp({
    ...sources,
    "keystash.yaml": "app: x\nservices:\n  only: src/Pem.ts\nenvironments:\n  staging: development\n",
  }, (user) => {
    user.ks(["init"]);
    for (const [name, value] of Object.entries(VALUES)) {
      const result = user.ks(["secret", "set", "--dev", name], value);
      if (result.status !== 0) throw new Error(result.stderr);
    }
  });

  // Every format holds where the app runs (README, "Export formats"), then the values.
  const PLACE = { KEYSTASH_ENV: "staging", KEYSTASH_ENV_TYPE: "development" };

  test("json round-trips every value, after the place variables", () => {
    const result = user.ks(["export", "--env", "staging", "--format", "json"]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ...PLACE, ...VALUES });
    expect(Object.keys(JSON.parse(result.stdout)).slice(0, 2)).toEqual(Object.keys(PLACE));
  });

  test("shell output round-trips through bash `source`", () => {
    const exported = user.ks(["export", "--env", "staging", "--format", "shell"]).stdout;
    const script = `${exported}\nnode -e 'const n=${JSON.stringify(Object.keys({ ...PLACE, ...VALUES }))};process.stdout.write(JSON.stringify(Object.fromEntries(n.map(k=>[k,process.env[k]]))))'`;
    const out = execFileSync("bash", ["--norc", "--noprofile", "-c", `source /dev/stdin <<'KEYSTASH_EOF'\n${script}\nKEYSTASH_EOF`], { encoding: "utf8", env: { PATH: process.env.PATH } });
    expect(JSON.parse(out)).toEqual({ ...PLACE, ...VALUES });
  });

  test("dotenv output round-trips through the dotenv package, or refuses clearly", () => {
    const result = user.ks(["export", "--env", "staging"]);
    // Quotes holds ' " and ` at once: dotenv has no quoting that keeps it, so export says so.
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("the value of Quotes cannot be written as dotenv without changing it");
    user.ks(["secret", "set", "--dev", "Quotes"], `it's "quoted"`);
    const ok = user.ks(["export", "--env", "staging", "--format", "dotenv"]);
    expect(ok.status).toBe(0);
    expect(parseDotenv(ok.stdout)).toEqual({ ...PLACE, ...VALUES, Quotes: `it's "quoted"` });
    user.ks(["secret", "set", "--dev", "Quotes"], VALUES.Quotes!);
  });

  test.each(["dotenv", "json", "shell", "env-file", "k8s-secret", ["external-secret", "--target", "vault"], ["ecs", "--target", "aws-secrets-manager"], ["cloud-run", "--target", "gcp-secret-manager"]])("%s holds KEYSTASH_ENV and KEYSTASH_ENV_TYPE", (format) => {
    const [name, ...rest] = ([] as string[]).concat(format);
    // Values every format can carry (dotenv cannot hold Quotes, env-file cannot hold Pem's line breaks).
    for (const secret of ["Quotes", "Pem"]) user.ks(["secret", "set", "--dev", secret], "plain");
    const result = user.ks(["export", "--env", "staging", "--format", name!, ...rest]);
    for (const secret of ["Quotes", "Pem"]) user.ks(["secret", "set", "--dev", secret], VALUES[secret]!);
    expect([name, result.status, result.stderr]).toEqual([name, 0, ""]);
    const shown = (key: string, value: string) =>
      name === "k8s-secret" ? `${key}: ${Buffer.from(value).toString("base64")}`
      : name === "ecs" ? new RegExp(`"name": "${key}",\\s*"value": "${value}"`)
      : name === "json" ? `"${key}": "${value}"`
      : name === "external-secret" ? `${key}: "${value}"`
      : name === "cloud-run" || name === "env-file" ? `${key}=${value}`
      : `${key}='${value}'`;
    for (const [key, value] of Object.entries(PLACE)) expect(result.stdout).toMatch(shown(key, value));
  });

  test("--service narrows to one service's secrets", () => {
    expect(Object.keys(JSON.parse(user.ks(["export", "--env", "staging", "--format", "json", "--service", "only"]).stdout))).toEqual([...Object.keys(PLACE), "Pem"]);
  });

  test("run injects values and KEYSTASH_ENV, values never in any argv, exit code forwarded", () => {
    const probe = [
      "const fs = require('fs');",
      "const argv = [fs.readFileSync('/proc/self/cmdline','utf8'), fs.readFileSync('/proc/' + process.ppid + '/cmdline','utf8')].join(' ');",
      `const names = ${JSON.stringify(Object.keys(VALUES))};`,
      "const leaked = names.filter((n) => argv.includes(process.env[n]));",
      "console.log(JSON.stringify({ env: process.env.KEYSTASH_ENV, type: process.env.KEYSTASH_ENV_TYPE, pem: process.env.Pem, leaked }));",
      "process.exit(7);",
    ].join("\n");
    const result = user.ks(["run", "--env", "staging", "--", process.execPath, "-e", probe]);
    expect(result.status).toBe(7);
    expect(JSON.parse(result.stdout)).toEqual({ env: "staging", type: "development", pem: VALUES.Pem, leaked: [] });
  });

  test("run forwards signals to the command", async () => {
    const child = spawn(process.execPath, [KEYSTASH_BIN, "run", "--env", "staging", "--", process.execPath, "-e",
      "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);"], {
      cwd: user.app,
      env: { ...cleanEnv(), ...user.env },
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("ready")) child.kill("SIGTERM");
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(out).toBe("ready\ngot SIGTERM\n");
    expect(code).toBe(42);
  });

  test("run: a command that does not exist is exit 127", () => {
    const result = user.ks(["run", "--", "definitely-not-a-command-xyz"]);
    expect(result.status).toBe(127);
    expect(result.stderr).toContain("run: cannot start 'definitely-not-a-command-xyz': command not found");
  });
});
