import { allNames, type ExportFormat } from "./format";

/** `--format json`: one object, name -> value. */
export const json: ExportFormat = {
  description: "one JSON object, name -> value",
  carriesValues: true,
  render: (input) => `${JSON.stringify(Object.fromEntries(allNames(input).map((name) => [name, input.values.get(name)])), null, 2)}\n`,
};
