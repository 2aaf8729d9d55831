import { exportedVariables, type ExportFormat } from "./format";

/** A POSIX shell line (`export NAME='...'`) that bash/sh `eval` or `source` read back exactly. */
export function shellLine(name: string, value: string): string {
  return `export ${name}='${value.replace(/'/g, `'\\''`)}'`;
}

/** `--format shell`: `export NAME='…'` lines for `source` or `eval`. */
export const shell: ExportFormat = {
  description: "export NAME='…' lines for source or eval",
  carriesValues: true,
  render: (input) => exportedVariables(input).map(([name, value]) => `${shellLine(name, value)}\n`).join(""),
};
