/**
 * A strict reader for the plain subset of YAML that `keystash.yaml` is written in: block
 * mappings, block sequences of scalars, flow sequences `[a, "b"]`, `[]` and `{}`, plain
 * scalars that can only be strings, quoted strings without escapes, and comments. Anything
 * else (anchors, tags, multi-line or escaped strings, numbers, booleans, tabs, CRLF,
 * duplicate keys, ...) gives undefined and the caller uses the `yaml` library; tests check that every
 * result it does give is what the `yaml` library's core schema gives.
 *
 * Why, measured (Node 24, a 12-line keystash.yaml, cold): the `yaml` library takes ~19 ms to load
 * and ~14 ms to parse, this reader ~1 ms and ~2 ms; every command and the runtime's start-up
 * from the store read the config.
 */

type Value = string | Value[] | { [key: string]: Value | null };

class NotSimple extends Error {}

// Plain scalars that YAML's core schema reads as strings: starting with a letter or `_` rules
// out numbers, `.inf`, `~` and every indicator; null and booleans are excluded by word.
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\/*+@=-]*$/;
const NOT_STRING = /^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const KEY_LINE = /^( *)([A-Za-z_][A-Za-z0-9_.\/*+@=-]*|"[^"\\]*"|'[^']*'):(?: +(.*))?$/;
const ITEM_LINE = /^( *)-(?: +(.*))?$/;
const COMMENT_OR_END = /^(?: +#.*)? *$/;

function fail(): never {
  throw new NotSimple();
}

/** A plain or quoted scalar that is exactly the whole of `text`. */
function scalar(text: string): string {
  const quoted = /^"([^"\\]*)"$|^'([^']*)'$/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2]!;
  if (!PLAIN.test(text) || NOT_STRING.test(text)) fail();
  return text;
}

/** A value written on the key's or item's line: a scalar, `[...]` or `{}`; comments removed. */
function inlineValue(text: string): Value {
  if (text.startsWith("[")) return flowSequence(text);
  if (text.startsWith("{")) {
    if (!/^\{\}(?: +#.*)? *$/.test(text)) fail();
    return {};
  }
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = text.indexOf(text[0]!, 1);
    if (end < 0 || !COMMENT_OR_END.test(text.slice(end + 1))) fail();
    return scalar(text.slice(0, end + 1));
  }
  const comment = text.search(/ +#/);
  return scalar((comment < 0 ? text : text.slice(0, comment)).replace(/ +$/, ""));
}

/** `[a, "b", 'c']` on one line: scalars only. */
function flowSequence(text: string): Value[] {
  const items: string[] = [];
  let rest = text.slice(1).replace(/^ +/, "");
  if (rest.startsWith("]")) {
    if (!COMMENT_OR_END.test(rest.slice(1))) fail();
    return items;
  }
  for (;;) {
    const item = /^("[^"\\]*"|'[^']*'|[^,\[\]{}#"' ]+) *([,\]])/.exec(rest);
    if (!item) fail();
    items.push(scalar(item[1]!));
    rest = rest.slice(item[0].length).replace(/^ +/, "");
    if (item[2] === "]") {
      if (!COMMENT_OR_END.test(rest)) fail();
      return items;
    }
  }
}

interface Line {
  indent: number;
  text: string;
}

/** Reads the block that starts at `lines[at]` with exactly `indent` spaces; returns it and the next index. */
function block(lines: readonly Line[], at: number, indent: number): [Value, number] {
  const first = lines[at]!;
  if (first.indent !== indent) fail();
  if (ITEM_LINE.test(first.text)) {
    const items: Value[] = [];
    let i = at;
    for (; i < lines.length && lines[i]!.indent >= indent; i++) {
      const item = lines[i]!.indent === indent ? ITEM_LINE.exec(lines[i]!.text) : null;
      if (!item || item[2] === undefined) fail();
      const value = inlineValue(item[2]);
      if (typeof value !== "string") fail();
      items.push(value);
    }
    return [items, i];
  }
  const mapping: { [key: string]: Value | null } = {};
  let i = at;
  while (i < lines.length && lines[i]!.indent >= indent) {
    const entry = lines[i]!.indent === indent ? KEY_LINE.exec(lines[i]!.text) : null;
    if (!entry) fail();
    const key = scalar(entry[2]!);
    if (Object.hasOwn(mapping, key) || key === "__proto__") fail();
    const inline = entry[3] === undefined || /^#/.test(entry[3]) ? "" : entry[3];
    i++;
    if (inline !== "") {
      mapping[key] = inlineValue(inline);
    } else if (i < lines.length && lines[i]!.indent > indent) {
      [mapping[key], i] = block(lines, i, lines[i]!.indent);
    } else {
      // `key:` then a sequence at the same indent is valid YAML this reader leaves to the `yaml` library.
      if (i < lines.length && lines[i]!.indent === indent && ITEM_LINE.test(lines[i]!.text)) fail();
      mapping[key] = null;
    }
  }
  return [mapping, i];
}

/**
 * The document as the `yaml` library's core schema reads it, when `text` is a mapping in the plain subset;
 * undefined for anything else (never throws).
 */
export function readSimpleYaml(text: string): Record<string, unknown> | undefined {
  // Only spaces count as YAML white space here: tabs, CR, BOM, control characters and
  // Unicode spaces are all left to the `yaml` library.
  if (/[\x00-\x09\x0b-\x1f\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    const indent = /^ */.exec(raw)![0].length;
    const content = raw.slice(indent).replace(/ +$/, "");
    if (content === "" || content.startsWith("#")) continue;
    lines.push({ indent, text: raw.slice(0, indent) + content });
  }
  if (lines.length === 0) return undefined;
  try {
    const [value, next] = block(lines, 0, 0);
    if (next !== lines.length || Array.isArray(value) || typeof value === "string") return undefined;
    return value;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}
