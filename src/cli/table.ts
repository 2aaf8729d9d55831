import { stripVTControlCharacters } from "node:util";

const MIN_COLUMN = 6;

/**
 * A plain text table: a header row, a rule, then left-aligned columns (colour-aware widths).
 * With `maxWidth` (the terminal's), the widest columns give way until the table fits: their
 * cells are cut with "…" (and lose their colour), never wrapped, so each row stays one line.
 */
export function renderTable(header: string[], rows: string[][], maxWidth?: number): string {
  const width = (text: string) => stripVTControlCharacters(text).length;
  const widths = header.map((title, i) => Math.max(width(title), ...rows.map((row) => width(row[i] ?? ""))));
  if (maxWidth !== undefined) {
    const total = () => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
    while (total() > maxWidth) {
      const widest = widths.indexOf(Math.max(...widths));
      if (widths[widest]! <= MIN_COLUMN) break; // as narrow as it goes: let the terminal wrap
      widths[widest] = Math.max(MIN_COLUMN, widths[widest]! - (total() - maxWidth));
    }
  }
  const fit = (cell: string, w: number) => (width(cell) <= w ? cell : `${stripVTControlCharacters(cell).slice(0, w - 1)}…`);
  const line = (cells: string[]) =>
    cells.map((cell, i) => {
      const shown = fit(cell, widths[i]!);
      return shown + " ".repeat(widths[i]! - width(shown));
    }).join("  ").trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
