import { exportedVariables, type ExportFormat } from "./format";

/** `--format json`: one object, name -> value (KEYSTASH_ENV and KEYSTASH_ENV_TYPE first, as every format). */
export const json: ExportFormat = {
  description: "one JSON object, name -> value",
  carriesValues: true,
  render: (input) => `${JSON.stringify(Object.fromEntries(exportedVariables(input)), null, 2)}\n`,
};
