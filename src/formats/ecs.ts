import { placeVariables, type ExportFormat } from "./format";

/**
 * `--format ecs`: per service, the task definition's container `secrets` array (`name`,
 * `valueFrom`: the secret synced to AWS Secrets Manager, by ARN when `--region` and
 * `--account` are given, else by name, which ECS accepts in the task's own account and
 * region) and the `environment` entries for KEYSTASH_ENV and KEYSTASH_ENV_TYPE. No values.
 */
export const ecs: ExportFormat = {
  description: "ECS task definition secrets (valueFrom the synced AWS secrets) per service (no values)",
  carriesValues: false,
  needsTarget: true,
  render(input) {
    const synced = input.synced!;
    const { region, account } = input.options;
    const reference = (id: string) => (region && account ? `arn:aws:secretsmanager:${region}:${account}:secret:${id}` : id);
    const services = Object.fromEntries(
      [...input.services].map(([service, names]) => [
        service ?? "_shared",
        {
          secrets: names.map((name) => ({ name, valueFrom: reference(synced.naming.remoteId(synced.prefix, service, name)) })),
          environment: placeVariables(input.env).map(([name, value]) => ({ name, value })),
        },
      ]),
    );
    return `${JSON.stringify(services, null, 2)}\n`;
  },
};
