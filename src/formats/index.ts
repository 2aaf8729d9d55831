import { UserError } from "../project/errors";
import { cloudRun } from "./cloud-run";
import { dotenv } from "./dotenv";
import { ecs } from "./ecs";
import { envFile } from "./env-file";
import { externalSecret } from "./external-secret";
import type { ExportFormat } from "./format";
import { json } from "./json";
import { k8sSecret } from "./k8s-secret";
import { shell } from "./shell";

/** Every `keystash export --format`: adding one is a file in this folder and a line here. */
export const FORMATS: Record<string, ExportFormat> = {
  dotenv,
  json,
  shell,
  "env-file": envFile,
  "k8s-secret": k8sSecret,
  "external-secret": externalSecret,
  ecs,
  "cloud-run": cloudRun,
};

/**
 * The format named `id`.
 * @throws UserError listing the formats when there is no such format.
 */
export function exportFormat(id: string): ExportFormat {
  if (!Object.hasOwn(FORMATS, id)) throw new UserError(`--format: '${id}' is not an export format`, `use one of: ${Object.keys(FORMATS).join(", ")}`);
  return FORMATS[id]!;
}
