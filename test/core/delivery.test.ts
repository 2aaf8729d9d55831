import { openApp } from "../../src/core/context";
import { deliveryValues, planDelivery } from "../../src/core/delivery";
import { renderExport } from "../../src/core/export";
import { planTargetSync, syncPrefixFor } from "../../src/core/sync";
import { resolveEnvironment } from "../../src/project/environments";
import { loadIdentities } from "../../src/store/identity";
import type { DesiredSecret, Target } from "../../src/targets/target";
import { grantProduction, sharedApp } from "../helpers/keystash-app";

// The delivery use case (which secrets an environment carries, their values, an export, a sync
// plan) as functions over typed data, with no CLI around them: what run, export and sync share.

describe("an environment's delivery, without the CLI", () => {
  const user = sharedApp(
    {
      "keystash.yaml": "app: shop\nservices:\n  api: services/api\n  billing: services/billing\nenvironments:\n  prod: production\n",
      "services/api/a.ts": 'import { secret } from "keystash";\nexport const g = secret("GitHubAPIToken");\nexport const s = secret("Shared");\n',
      "services/billing/b.ts": 'import { secret } from "keystash";\nexport const k = secret("StripeKey");\nexport const s = secret("Shared");\n',
    },
    (user) => {
      grantProduction(user);
      for (const [name, value] of [["GitHubAPIToken", "gh-1"], ["Shared", "both"]] as const) user.ks(["secret", "set", "--prod", name], value);
    },
  );
  const context = () => openApp(user.app, {});
  const prod = () => resolveEnvironment(context().config, "prod");
  const identities = () => loadIdentities(user.env as NodeJS.ProcessEnv);

  test("which secrets, by the service that declares them (a shared one in both), and one service's only", () => {
    const notices: string[] = [];
    const all = planDelivery(context(), { env: prod() }, (line) => notices.push(line));
    expect([all.app, all.names.sort(), [...all.services]]).toEqual(["shop", ["GitHubAPIToken", "Shared", "StripeKey"], [["api", ["GitHubAPIToken", "Shared"]], ["billing", ["Shared", "StripeKey"]]]]);
    const api = planDelivery(context(), { env: prod(), service: "api" }, (line) => notices.push(line));
    expect([api.names.sort(), [...api.services]]).toEqual([["GitHubAPIToken", "Shared"], [["api", ["GitHubAPIToken", "Shared"]]]]);
    expect(notices).toEqual([]);
    expect(() => planDelivery(context(), { env: prod(), service: "apii" }, () => undefined)).toThrow("--service: unknown service 'apii'");
  });

  test("values: a cloud environment missing one refuses all of it (exit 1), naming what and the fix", () => {
    const delivery = planDelivery(context(), { env: prod() }, () => undefined);
    expect(() => deliveryValues(context(), prod(), delivery.names, identities, () => undefined)).toThrow(expect.objectContaining({ exitCode: 1, message: expect.stringContaining("StripeKey: never set; keystash secret set --type production StripeKey") }));
    const api = planDelivery(context(), { env: prod(), service: "api" }, () => undefined);
    expect(deliveryValues(context(), prod(), api.names, identities, () => undefined)).toEqual(new Map([["GitHubAPIToken", "gh-1"], ["Shared", "both"]]));
  });

  test("an export document and a sync plan from the same delivery", async () => {
    const api = planDelivery(context(), { env: prod(), service: "api" }, () => undefined);
    const dotenv = renderExport(context(), api, { format: "dotenv", options: {} }, identities, () => undefined);
    expect(dotenv).toBe("KEYSTASH_ENV='prod'\nKEYSTASH_ENV_TYPE='production'\nGitHubAPIToken='gh-1'\nShared='both'\n");
    const values = deliveryValues(context(), prod(), api.names, identities, () => undefined);
    // A target that holds nothing yet: every secret is a create, under APP/ENV/SERVICE.
    const empty: Pick<Target, "remoteId" | "scope" | "list" | "maxValueBytes"> = {
      remoteId: (prefix, service, name) => `${prefix}/${service ?? "-"}/${name}`,
      scope: (prefix) => prefix,
      list: async () => [],
      maxValueBytes: 3,
    };
    const request = { targetName: "test", prefix: syncPrefixFor(api, undefined), prune: false, identity: identities()[0]! };
    await expect(planTargetSync(empty as Target, api, values, request)).rejects.toThrow("test stores values of at most 3 bytes; nothing was sent:\n  GitHubAPIToken: 4 bytes\n  Shared: 4 bytes");
    const { prefix, desired, plan } = await planTargetSync({ ...empty, maxValueBytes: undefined } as Target, api, values, request);
    expect(prefix).toBe("shop/prod");
    expect(desired.map((d: DesiredSecret) => [d.id, d.value === values.get(d.name), d.fingerprint.includes(d.value)])).toEqual([["shop/prod/api/GitHubAPIToken", true, false], ["shop/prod/api/Shared", true, false]]);
    expect(plan.map((entry) => [entry.action, entry.id])).toEqual([["create", "shop/prod/api/GitHubAPIToken"], ["create", "shop/prod/api/Shared"]]);
  });
});
