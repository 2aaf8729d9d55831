import { execFileSync } from "node:child_process";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "../helpers/cli";
import { grantProduction, sharedApp } from "../helpers/keystash-app";

/**
 * Validates Kubernetes objects against the Kubernetes and External Secrets schemas with the
 * kubernetes-models library (ESM-only: run by node itself). Returns one line per object:
 * `ok Kind name` or the validation error.
 */
function validateKubernetes(yamlText: string): string[] {
  const script = `
    import { Secret } from "kubernetes-models/v1";
    import { ExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1";
    import { parseAllDocuments } from "yaml";
    let input = "";
    for await (const chunk of process.stdin) input += chunk;
    for (const doc of parseAllDocuments(input)) {
      const object = doc.toJS();
      const Model = object.kind === "Secret" ? Secret : object.kind === "ExternalSecret" ? ExternalSecret : undefined;
      try {
        if (!Model) throw new Error("unknown kind " + object.kind);
        new Model(object).validate();
        console.log("ok", object.kind, object.metadata.name);
      } catch (error) {
        console.log("invalid", object.kind, error.message);
      }
    }`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO_ROOT, input: yamlText, encoding: "utf8" }).trim().split("\n");
}

describe("deploy files from keystash export", () => {
  const user = sharedApp({
    "keystash.yaml": "app: Shop_App\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  prod: production\n",
    "services/api/a.ts": 'import { secret } from "keystash";\nexport const g = secret("GitHubAPIToken");\nexport const s = secret("Shared");\n',
    "services/billing/b.ts": 'import { secret } from "keystash";\nexport const k = secret("StripeSecretKey");\nexport const s = secret("Shared");\n',
  }, (user) => {
    grantProduction(user);
    for (const [name, value] of [["GitHubAPIToken", "gh:1"], ["StripeSecretKey", "sk\nmultiline"], ["Shared", "shared ✓"]] as const) user.ks(["secret", "set", "--prod", name], value);
  });
  const exportAs = (args: string[]) => user.ks(["export", "--env", "prod", ...args]);

  test("k8s-secret: one valid Secret per service with exactly its secrets, KEYSTASH_ENV and the envFrom snippet", () => {
    const result = exportAs(["--format", "k8s-secret", "--namespace", "Shop"]);
    expect(result.status).toBe(0);
    expect(validateKubernetes(result.stdout)).toEqual(["ok Secret shop-app-api-secrets", "ok Secret shop-app-billing-secrets"]);
    const [api, billing] = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as { metadata: { namespace: string }; data: Record<string, string> });
    const decode = (data: Record<string, string>) => Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]));
    expect(decode(api!.data)).toEqual({ KEYSTASH_ENV: "prod", KEYSTASH_ENV_TYPE: "production", GitHubAPIToken: "gh:1", Shared: "shared ✓" });
    expect(decode(billing!.data)).toEqual({ KEYSTASH_ENV: "prod", KEYSTASH_ENV_TYPE: "production", Shared: "shared ✓", StripeSecretKey: "sk\nmultiline" });
    expect(api!.metadata.namespace).toBe("shop");
    expect(result.stdout).toContain("#   envFrom:\n#     - secretRef:\n#         name: shop-app-api-secrets\n");
    // The validator does reject what the schema forbids.
    expect(validateKubernetes("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  A: 5\n")[0]).toMatch(/^invalid Secret /);
  });

  test("external-secret: valid ExternalSecrets per service that pull from the sync target's names, no values", () => {
    const result = exportAs(["--format", "external-secret", "--target", "vault", "--store", "vault-backend", "--service", "billing"]);
    expect(result.status).toBe(0);
    expect(validateKubernetes(result.stdout)).toEqual(["ok ExternalSecret shop-app-billing-secrets"]);
    const [object] = parseAllDocuments(result.stdout).map((doc) => doc.toJS() as { spec: { data: { secretKey: string; remoteRef: { key: string; property?: string } }[]; target: { template: { data: Record<string, string> } } } });
    expect(object!.spec.data).toEqual([
      { secretKey: "Shared", remoteRef: { key: "Shop_App/prod/billing/Shared", property: "value" } },
      { secretKey: "StripeSecretKey", remoteRef: { key: "Shop_App/prod/billing/StripeSecretKey", property: "value" } },
    ]);
    expect(object!.spec.target.template.data).toEqual({ KEYSTASH_ENV: "prod", KEYSTASH_ENV_TYPE: "production" });
    expect(result.stdout).not.toMatch(/gh:1|sk\n|shared ✓/);
  });

  test("ecs and cloud-run reference the synced secrets per service; no identity needed, no values", () => {
    const ecs = user.ks(["export", "--env", "prod", "--format", "ecs", "--target", "aws-secrets-manager", "--region", "eu-west-1", "--account", "123456789012"]);
    expect(JSON.parse(ecs.stdout)).toEqual({
      api: {
        secrets: [
          { name: "GitHubAPIToken", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Shop_App/prod/api/GitHubAPIToken" },
          { name: "Shared", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Shop_App/prod/api/Shared" },
        ],
        environment: [{ name: "KEYSTASH_ENV", value: "prod" }, { name: "KEYSTASH_ENV_TYPE", value: "production" }],
      },
      billing: {
        secrets: [
          { name: "Shared", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Shop_App/prod/billing/Shared" },
          { name: "StripeSecretKey", valueFrom: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:Shop_App/prod/billing/StripeSecretKey" },
        ],
        environment: [{ name: "KEYSTASH_ENV", value: "prod" }, { name: "KEYSTASH_ENV_TYPE", value: "production" }],
      },
    });
    const run = require("../helpers/cli").runCli(["export", "--env", "prod", "--format", "cloud-run", "--target", "gcp-secret-manager", "--service", "api"], { cwd: user.app, env: { XDG_CONFIG_HOME: "/nonexistent" } });
    expect(run.stdout).toBe("# api\n--set-secrets=GitHubAPIToken=Shop_App-prod--api--GitHubAPIToken:latest,Shared=Shop_App-prod--api--Shared:latest\n--update-env-vars=KEYSTASH_ENV=prod,KEYSTASH_ENV_TYPE=production\n");
    // ECS can only reference Secrets Manager: that is its target unless told otherwise.
    const defaultTarget = user.ks(["export", "--env", "prod", "--format", "ecs", "--region", "eu-west-1", "--account", "123456789012"]);
    expect([defaultTarget.status, defaultTarget.stdout]).toEqual([0, ecs.stdout]);
    const noTarget = exportAs(["--format", "external-secret"]);
    expect([noTarget.status, noTarget.stderr.split("\n")[0]]).toEqual([2, "error: --format external-secret references synced secrets: pass --target"]);
  });

  test("env-file: docker lines with KEYSTASH_ENV; a value with a line break is refused, never cut", () => {
    const refused = exportAs(["--format", "env-file"]);
    expect(refused.status).toBe(2);
    expect(refused.stderr.split("\n")[0]).toBe("error: export: the value of StripeSecretKey has a line break, which docker's --env-file cannot carry");
    expect(refused.stdout).toBe("");
    const api = exportAs(["--format", "env-file", "--service", "api"]);
    expect(api.stdout).toBe("KEYSTASH_ENV=prod\nKEYSTASH_ENV_TYPE=production\nGitHubAPIToken=gh:1\nShared=shared ✓\n");
  });
});
