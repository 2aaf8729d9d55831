import { createRequire } from "node:module";
import * as path from "node:path";
import type { TSESTree } from "@typescript-eslint/utils";
import { createRule } from "./create-rule";
import type * as TS from "typescript";
import { findTypeScript } from "../project/typescript";
import { analyzeSourceFile } from "../analyzer/analyze-source-file";
import { analyzeSource, mayReachPackage } from "../analyzer/analyze-source";
import { messages, type FindingId } from "../analyzer/messages";
import type { FileAnalysis } from "../analyzer/types";

let typescript: typeof TS | undefined;
/**
 * The TypeScript the parser uses when it can be found, else the app's own: looked up from the
 * folder ESLint runs in, then beside keystash (keystash declares no dependency on either), the
 * same search as the CLI's (project/typescript.ts). TypeScript 7 has no JavaScript API: the
 * parser then needs the TypeScript 6 API side by side.
 */
function loadTypeScript(): typeof TS {
  if (typescript) return typescript;
  const found = findTypeScript([path.join(process.cwd(), "package.json"), __filename], [{ via: "@typescript-eslint/typescript-estree" }, "typescript"], (file) => createRequire(file)(file));
  if ("api" in found) return (typescript = found.api);
  throw new Error(`keystash/valid-secret needs the TypeScript API: typescript 5.x/6.x, or on TypeScript 7${found.native ? ` (installed: ${found.native})` : ""} the side-by-side layout ("typescript": "npm:@typescript/typescript6@^6.0.2")`);
}

/** The TypeScript SourceFile @typescript-eslint/parser already built, so the rule need not parse again. */
function parsedSourceFile(programNode: TSESTree.Program, services: unknown): TS.SourceFile | undefined {
  const map = (services as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown } } | undefined)?.esTreeNodeToTSNodeMap;
  const sourceFile = map?.get(programNode) as TS.SourceFile | undefined;
  return sourceFile && Array.isArray(sourceFile.statements) ? sourceFile : undefined;
}

const messageTexts = Object.fromEntries(
  Object.entries(messages).map(([id, message]) => [id, `${message.code}: ${message.text}`]),
) as Record<FindingId, string>;

/** `keystash/valid-secret`: the analyzer's findings, in the editor. */
export const validSecret = createRule<FindingId>({
  name: "valid-secret",
  meta: {
    type: "problem",
    docs: { description: "Require `secret()` to be declared at module top level with a valid literal name" },
    messages: messageTexts,
    schema: [],
  },
  create(context) {
    return {
      Program(node) {
        const text = context.sourceCode.text;
        if (!mayReachPackage(text)) return;
        const ts = loadTypeScript();
        const file = path.relative(context.cwd, context.filename).split(path.sep).join("/");
        const parsed = parsedSourceFile(node, context.sourceCode.parserServices);
        const analysis: FileAnalysis = parsed ? analyzeSourceFile(ts, parsed, file) : analyzeSource(ts, text, file);
        for (const finding of analysis.findings) {
          // ESLint reports its own parse errors; the analyzer's unreadableFile would duplicate them.
          if (finding.id === "unreadableFile") continue;
          context.report({
            messageId: finding.id,
            data: finding.data,
            loc: {
              start: { line: finding.line, column: finding.column - 1 },
              end: { line: finding.endLine, column: finding.endColumn - 1 },
            },
          });
        }
      },
    };
  },
});
