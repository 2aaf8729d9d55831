import { UserError } from "../project/errors";
import { exportedVariables, type ExportFormat } from "./format";

/** A dotenv line the `dotenv` package reads back byte for byte, or null when none can. */
export function dotenvLine(name: string, value: string): string | null {
  // dotenv turns CRLF into LF everywhere and expands \n and \r only inside double quotes.
  if (!value.includes("'") && !value.includes("\r")) return `${name}='${value}'`;
  if (!value.includes("`") && !value.includes("\r")) return `${name}=\`${value}\``;
  if (!value.includes('"') && !/\\[nr]/.test(value)) return `${name}="${value.replace(/\n/g, "\\n").replace(/\r/g, "\\r")}"`;
  return null;
}

/** `--format dotenv`: what the dotenv package parses back byte for byte. */
export const dotenv: ExportFormat = {
  description: "a .env file the dotenv package reads back byte for byte",
  carriesValues: true,
  render: (input) =>
    exportedVariables(input)
      .map(([name, value]) => {
        const line = dotenvLine(name, value);
        if (line === null) throw new UserError(`export: the value of ${name} cannot be written as dotenv without changing it`, "use --format json or --format shell");
        return `${line}\n`;
      })
      .join(""),
};
