import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { analyzeSource } from "../../src/analyzer";
import { parseLocalSecrets } from "../../src/runtime/cue";
import { initApp, sharedApp } from "../helpers/keystash-app";

// Names are data, not code: a name can never hijack the process, reach a prototype, or inject output.
describe("reserved names", () => {
  test.each([
    "PATH", "HOME", "NODE_OPTIONS", "NODE_PATH", "LD_PRELOAD", "ld_preload", "DYLD_INSERT_LIBRARIES", "KEYSTASH_IDENTITY", "BASH_ENV", "Path",
    // What OpenSSL, glibc, Electron, editors, pagers, askpass helpers, XDG and TLS trust read at start-up.
    "OPENSSL_CONF", "GLIBC_TUNABLES", "ELECTRON_RUN_AS_NODE", "BROWSER", "EDITOR", "PAGER", "XDG_CONFIG_HOME", "SSH_ASKPASS",
    "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "BUN_OPTIONS", "DENO_DIR",
  ])(
    "the analyzer rejects %s as KS1006, saying why",
    (name) => {
      const analysis = analyzeSource(ts, `import { secret } from "keystash";\nconst s = secret("${name}");\n`, "app.ts");
      expect(analysis.declarations).toEqual([]);
      expect(analysis.findings.map((f) => [f.id, f.data.reason])).toEqual([
        ["invalidName", "it is a reserved environment variable that would change how the process runs; choose another name"],
      ]);
    },
  );

  test("ordinary names that merely start alike are fine", () => {
    const analysis = analyzeSource(ts, 'import { secret } from "keystash";\nconst a = secret("PATHWAY_KEY");\nconst b = secret("HOMEPAGE_TOKEN");\n', "app.ts");
    expect(analysis.findings).toEqual([]);
    expect(analysis.declarations.map((d) => d.name)).toEqual(["PATHWAY_KEY", "HOMEPAGE_TOKEN"]);
  });
});

describe("names through the CLI", () => {
  const FILES = { "src/app.ts": 'import { secret } from "keystash";\nexport const c = secret("constructor");\nexport const p = secret("__proto__");\n' };
  const user = sharedApp(FILES);

  test("secret set refuses a reserved name (exit 2) and stores nothing", () => {
    const storeFile = path.join(user.app, ".keystash/store.yaml");
    const before = fs.existsSync(storeFile) ? fs.readFileSync(storeFile, "utf8") : null;
    const result = user.ks(["secret", "set", "--dev", "NODE_OPTIONS"], "--require ./evil.js");
    expect(result.status).toBe(2);
    expect(result.stderr).toBe("error: 'NODE_OPTIONS' is not a valid secret name\nhint: it is a reserved environment variable that would change how the process runs; choose another name\n");
    expect(user.ks(["secret", "set", "--dev", "OPENSSL_CONF"], "/tmp/evil.cnf").status).toBe(2);
    expect(fs.existsSync(storeFile) ? fs.readFileSync(storeFile, "utf8") : null).toBe(before);
  });

  test("names that shadow Object.prototype work like any other name in every command", () => {
    expect(user.ks(["secret", "set", "--dev", "constructor"], "c-value").stdout).toBe("Successfully created secret value for constructor (development, preview, local).\n");
    expect(user.ks(["secret", "set", "--dev", "__proto__"], "p-value").status).toBe(0);
    expect(user.ks(["secret", "get", "constructor", "--env", "local"]).stdout).toBe("c-value");
    expect(user.ks(["secret", "get", "__proto__", "--env", "local"]).stdout).toBe("p-value");
    expect(user.ks(["secret", "get", "toString", "--env", "local"]).status).toBe(1); // not set: never Object.prototype.toString
    const exported = JSON.parse(user.ks(["export", "--env", "local", "--format", "json"]).stdout) as Record<string, string>;
    expect(Object.entries(exported)).toEqual([["KEYSTASH_ENV", "local"], ["KEYSTASH_ENV_TYPE", "local"], ["__proto__", "p-value"], ["constructor", "c-value"]]); // JSON.parse keeps __proto__ as an own key
    const list = JSON.parse(user.ks(["secret", "list", "--json"]).stdout) as { secrets: { name: string; status: string }[] };
    expect(list.secrets.map((s) => [s.name, s.status])).toEqual([["__proto__", "missing"], ["constructor", "missing"]]);
    expect(user.ks(["check", "--env", "constructor"]).status).toBe(2); // an environment named like a prototype member is just unknown
  });

  test("a hand-edited store or a --manifest naming a reserved variable is refused before anything is injected", () => {
    const user = initApp(FILES);
    expect(user.ks(["secret", "set", "--dev", "constructor"], "c-value").status).toBe(0);
    const storeFile = path.join(user.app, ".keystash/store.yaml");
    const original = fs.readFileSync(storeFile, "utf8");
    fs.writeFileSync(storeFile, original.replace(/^ {2}constructor:$/m, "  LD_PRELOAD:"));
    const store = user.ks(["export", "--env", "local"]);
    expect(store.status).toBe(2);
    expect(store.stderr).toContain('error: store: .keystash/store.yaml: "LD_PRELOAD" is not a valid secret name: it is a reserved environment variable');
    fs.writeFileSync(storeFile, original);
    fs.writeFileSync(path.join(user.app, "evil.json"), JSON.stringify({ version: 1, secrets: [{ name: "PATH", services: [], declarations: [] }] }));
    const manifest = user.ks(["run", "--manifest", "evil.json", "--", process.execPath, "-e", "0"]);
    expect(manifest.status).toBe(2);
    expect(manifest.stderr).toContain('error: manifest: evil.json names "PATH", which is not a valid secret name: it is a reserved environment variable');
  });
});

describe(".secrets.local.cue errors never echo a token of the file", () => {
  test.each([
    ['Token: "sup3r\\qs3cret"\n', "line 1: unknown escape sequence"],
    ['"ghp-sup3r-s3cret": 12\n', "line 1: a secret key's value is not a string (write it in quotes: Name: \"value\")"],
    ['Token: "a"\nghp_sup3rs3cretsup3rs3cretsup3rs3cretsup3rs3cretsup3rs3cretsup3rs3cret: x\n', "line 2: a secret key's value is not a string (write it in quotes: Name: \"value\")"],
    ['Token: sup3r-s3cret\n', "line 1: a secret key's value is not a string (write it in quotes: Name: \"value\")"],
    // A pasted token alone on a line looks like a key, and is short enough to be a secret name.
    ["ghp_sup3rs3cretsup3rs3cretsup3rs3cret12\n", "line 1: expected ':' after the key"],
    ['sup3rs3cret: "a"\nsup3rs3cret: "b"\n', "line 2: conflicting values for one secret key (lines 1 and 2)"],
    ['Token: "a" sup3r\n', "line 1: expected a new line or ',' after the value"],
  ])("%j", (text, message) => {
    expect(() => parseLocalSecrets(text)).toThrow(message);
    try {
      parseLocalSecrets(text);
    } catch (error) {
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toMatch(/sup3r|\\q/);
    }
  });
});
