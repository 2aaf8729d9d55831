import { stripVTControlCharacters } from "node:util";

/** A plain text table: a header row, a rule, then left-aligned columns (colour-aware widths). */
export function renderTable(header: string[], rows: string[][]): string {
  const width = (text: string) => stripVTControlCharacters(text).length;
  const widths = header.map((title, i) => Math.max(width(title), ...rows.map((row) => width(row[i] ?? ""))));
  const line = (cells: string[]) =>
    cells.map((cell, i) => cell + " ".repeat(widths[i]! - width(cell))).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
