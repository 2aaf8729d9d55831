import type { TSESLint } from "@typescript-eslint/utils";

/** Where a rule is documented: its section of the README. */
const docsUrl = (name: string): string => `https://github.com/keystash/keystash#rule-${name}`;

/**
 * A keystash ESLint rule (no options) with its docs URL: what `ESLintUtils.RuleCreator` makes,
 * written here so the plugin has no run-time dependency. `@typescript-eslint/utils` is only a
 * type; ESLint and the parser come from the app, as they do for every plugin.
 */
export function createRule<MessageIds extends string>(rule: {
  name: string;
  meta: Omit<TSESLint.RuleMetaData<MessageIds, unknown, []>, "docs"> & { docs: { description: string } };
  create: (context: Readonly<TSESLint.RuleContext<MessageIds, []>>) => TSESLint.RuleListener;
}): TSESLint.RuleModule<MessageIds, [], unknown> & { name: string } {
  return {
    name: rule.name,
    meta: { ...rule.meta, docs: { ...rule.meta.docs, url: docsUrl(rule.name) } },
    defaultOptions: [],
    create: (context) => rule.create(context),
  };
}
