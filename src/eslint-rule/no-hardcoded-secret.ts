import type { TSESTree } from "@typescript-eslint/utils";
import { createRule } from "./create-rule";
import { detectSecrets, redact } from "../scan/detect";

/**
 * `keystash/no-hardcoded-secret`: the detectors of `keystash scan`, on string and template
 * literals: a credential written into the code is reported where it stands.
 */
export const noHardcodedSecret = createRule<"hardcoded">({
  name: "no-hardcoded-secret",
  meta: {
    type: "problem",
    docs: { description: "Disallow credentials written into string and template literals" },
    messages: {
      hardcoded: "{{kind}} hard-coded in the source ({{preview}}); keep it in keystash: `keystash secret set NAME`, then `const value = secret(\"NAME\")` (`keystash migrate --write` does the rewrite).",
    },
    schema: [],
  },
  create(context) {
    const literals: [number, number][] = [];
    return {
      Literal(node: TSESTree.Literal) {
        if (typeof node.value === "string") literals.push(node.range);
      },
      TemplateElement(node: TSESTree.TemplateElement) {
        literals.push(node.range);
      },
      "Program:exit"() {
        if (literals.length === 0) return;
        const source = context.sourceCode;
        for (const detection of detectSecrets(source.text)) {
          if (!literals.some(([start, end]) => start <= detection.start && detection.end <= end)) continue;
          context.report({
            messageId: "hardcoded",
            data: { kind: detection.kind, preview: redact(detection.value) },
            loc: { start: source.getLocFromIndex(detection.start), end: source.getLocFromIndex(detection.end) },
          });
        }
      },
    };
  },
});
