/**
 * The one table of analyzer wording. ESLint `meta.messages`, TypeScript diagnostics and
 * CLI lines are all derived from it. Codes are stable and never reused.
 */
export const messages = {
  unreadableFile: {
    code: "KS1000",
    text: "This file could not be analysed ({{reason}}); fix it or leave it out of `include` in keystash.yaml.",
  },
  notTopLevel: {
    code: "KS1001",
    text: "`secret({{name}})` is inside {{context}}; declare it at module top level.",
  },
  notBound: {
    code: "KS1002",
    text: "`secret({{name}})` is {{context}}; assign it to a top-level const, e.g. `const token = secret({{name}})`.",
  },
  bindingPattern: {
    code: "KS1003",
    text: "`secret({{name}})` is destructured; bind it to a single name, e.g. `const token = secret({{name}})`.",
  },
  argumentCount: {
    code: "KS1004",
    text: "`secret()` is called with {{count}} arguments; pass exactly one string literal name.",
  },
  nameNotLiteral: {
    code: "KS1005",
    text: "`secret()` is called with {{found}}; pass the name as a string literal, e.g. `secret(\"GitHubAPIToken\")`.",
  },
  invalidName: {
    code: "KS1006",
    text: "Secret name {{name}} is not valid: {{reason}}.",
  },
  notCalled: {
    code: "KS1007",
    text: "`{{reference}}` is used as a value ({{context}}); call it directly, e.g. `const token = secret(\"Name\")`.",
  },
  dynamicImport: {
    code: "KS1008",
    text: "{{found}} cannot be followed by the keystash analyzer; import `secret` statically with `import { secret } from \"keystash\"`.",
  },
} as const;

/** A finding id: the key of one row of the message table. */
export type FindingId = keyof typeof messages;

/** Placeholder values that fill the `{{slots}}` of a message. */
export type MessageData = Readonly<Record<string, string>>;

/** Every finding id, in code order. */
export const findingIds = Object.keys(messages) as FindingId[];

/** Fills a message template's `{{slots}}` with `data` (unknown slots stay as written). */
export function formatMessage(id: FindingId, data: MessageData): string {
  return messages[id].text.replace(/\{\{\s*(\w+)\s*\}\}/g, (slot, key: string) => data[key] ?? slot);
}
