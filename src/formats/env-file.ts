import { UserError } from "../project/errors";
import { exportedVariables, type ExportFormat } from "./format";

/**
 * `--format env-file`: `docker run --env-file` lines. Docker takes everything after the first
 * `=` literally (no quotes, no escapes) and a line cannot hold a line break, so a value with
 * one is refused rather than cut.
 */
export const envFile: ExportFormat = {
  description: "docker --env-file lines (NAME=value, taken literally)",
  carriesValues: true,
  render(input) {
    const lines = exportedVariables(input);
    for (const [name, value] of lines) {
      if (/[\r\n]/.test(value)) throw new UserError(`export: the value of ${name} has a line break, which docker's --env-file cannot carry`, "use --format k8s-secret, json or shell, or docker run -e");
    }
    return lines.map(([name, value]) => `${name}=${value}\n`).join("");
  },
};
