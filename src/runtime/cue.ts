
/**
 * A reader for the CUE subset of `.secrets.local.cue` (see the README, ".secrets.local.cue"): `label: "string"` fields,
 * `//` comments, double-quoted strings with CUE escapes, multi-line `"""` strings, raw
 * `#"..."#` strings, quoted labels, optional commas, an optional `package` clause; hidden
 * (`_x`) and definition (`#X`) fields are ignored. Anything else is an error naming the
 * line, never a guess. Error messages quote labels, never values.
 */

/** A `.secrets.local.cue` problem, with the 1-based line it is on. */
export class CueError extends Error {
  override readonly name = "CueError";
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "/": "/", "\\": "\\", '"': '"' };

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  line(at = this.pos): number {
    let line = 1;
    for (let i = 0; i < at && i < this.text.length; i++) if (this.text[i] === "\n") line++;
    return line;
  }

  fail(message: string, at = this.pos): never {
    throw new CueError(this.line(at), message);
  }

  /** Skips spaces, tabs, comments and (when `newlines`) line breaks and commas. */
  skip(newlines: boolean): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char === " " || char === "\t" || char === "\r" || (newlines && (char === "\n" || char === ","))) this.pos++;
      else if (char === "/" && this.text[this.pos + 1] === "/") while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
      else return;
    }
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(length = 1): string {
    return this.text.slice(this.pos, this.pos + length);
  }

  identifier(): string | undefined {
    const match = /^[A-Za-z_$#][A-Za-z0-9_$#]*/.exec(this.text.slice(this.pos, this.pos + 1000));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  /** A number, `true`, `false` or `null` at the cursor (skipped), or undefined. */
  scalar(): string | undefined {
    const match = /^(-?[0-9][0-9_.eExXa-fA-F]*|true|false|null)(?=[\s,]|\/\/|$)/.exec(this.text.slice(this.pos, this.pos + 1000));
    if (!match) return undefined;
    this.pos += match[0].length;
    return match[0];
  }

  expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** A string literal at the cursor, or undefined when there is none. */
  string(): string | undefined {
    const start = this.pos;
    let hashes = 0;
    while (this.text[this.pos + hashes] === "#") hashes++;
    if (this.text[this.pos + hashes] !== '"') return undefined;
    this.pos += hashes;
    if (this.peek(3) === '"""') {
      this.pos += 3;
      return this.multiline(hashes, start);
    }
    this.pos++;
    const closing = `"${"#".repeat(hashes)}`;
    const escape = `\\${"#".repeat(hashes)}`;
    let raw = "";
    for (;;) {
      if (this.atEnd() || this.text[this.pos] === "\n") this.fail("unterminated string", start);
      if (this.text.startsWith(escape, this.pos)) {
        // an escape: keep it and the character it escapes (which may be a quote)
        raw += this.text.slice(this.pos, this.pos + escape.length + 1);
        this.pos += escape.length + 1;
        continue;
      }
      if (this.text.startsWith(closing, this.pos)) {
        this.pos += closing.length;
        return unescape(raw, hashes, (message) => this.fail(message, start));
      }
      raw += this.text[this.pos++];
    }
  }

  private multiline(hashes: number, start: number): string {
    const lineEnd = this.text.indexOf("\n", this.pos);
    if (lineEnd < 0 || this.text.slice(this.pos, lineEnd).trim() !== "") this.fail('a """ string must start a new line after its opening quotes', start);
    this.pos = lineEnd + 1;
    const lines: string[] = [];
    const closing = `"""${"#".repeat(hashes)}`;
    for (;;) {
      if (this.atEnd()) this.fail('unterminated """ string', start);
      const end = this.text.indexOf("\n", this.pos);
      const line = this.text.slice(this.pos, end < 0 ? this.text.length : end).replace(/\r$/, "");
      const indent = /^[ \t]*/.exec(line)![0];
      if (line.slice(indent.length).startsWith(closing)) {
        this.pos += indent.length + closing.length;
        const body = lines.map((content, index) => {
          if (content.trim() === "") return "";
          if (!content.startsWith(indent)) this.fail("a line of the \"\"\" string is indented less than its closing quotes", start + index);
          return content.slice(indent.length);
        });
        return unescape(body.join("\n"), hashes, (message) => this.fail(message, start));
      }
      lines.push(line);
      this.pos = end < 0 ? this.text.length : end + 1;
    }
  }
}

function unescape(raw: string, hashes: number, fail: (message: string) => never): string {
  const escape = `\\${"#".repeat(hashes)}`;
  let out = "";
  for (let i = 0; i < raw.length; ) {
    if (!raw.startsWith(escape, i)) {
      out += raw[i++];
      continue;
    }
    i += escape.length;
    const char = raw[i];
    if (char === undefined) fail("a string ends with a lone backslash");
    if (char === "(") fail("string interpolation \\( is CUE beyond what keystash reads");
    if (char === "u" || char === "U") {
      const length = char === "u" ? 4 : 8;
      const hex = raw.slice(i + 1, i + 1 + length);
      const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === length ? parseInt(hex, 16) : NaN;
      if (Number.isNaN(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) fail(`invalid \\${char} escape`);
      out += String.fromCodePoint(code);
      i += 1 + length;
      continue;
    }
    const simple = SIMPLE_ESCAPES[char];
    if (simple === undefined) fail("unknown escape sequence");
    out += simple;
    i++;
  }
  return out;
}

/**
 * A label as error messages show it: a secret name as written, anything else (which may be a
 * value typed in the wrong place) only described, so that no error echoes a token of the file.
 */
/**
 * Parses `.secrets.local.cue` text into secret name -> value.
 * @throws CueError naming the line (never a token of the file: a key may be a pasted value)
 *   for a non-string value, and for syntax or CUE features outside the subset.
 */
export function parseLocalSecrets(text: string): Map<string, string> {
  const reader: Reader = new Reader(text);
  const values = new Map<string, { value: string; line: number }>();
  reader.skip(true);
  if (/^package\s/.test(reader.peek(8))) {
    reader.identifier();
    reader.skip(false);
    if (!reader.identifier()) reader.fail("expected a package name");
    reader.skip(true);
  }
  while (!reader.atEnd()) {
    const labelLine = reader.line();
    const quoted = reader.string();
    const label = quoted ?? reader.identifier();
    if (label === undefined) reader.fail("expected a field (`Name: \"value\"`)");
    // Unquoted _x and #X are hidden and definition fields: not part of the exported value.
    const ignored = quoted === undefined && /^[_#]/.test(label);
    reader.skip(false);
    if (reader.peek() === "?" || reader.peek() === "!") reader.fail("optional and required field markers are CUE beyond what keystash reads");
    reader.expect(":", "':' after the key");
    reader.skip(false);
    const value = reader.string();
    if (value === undefined) {
      // Hidden and definition fields may hold any simple value; secret keys must be strings.
      if (!ignored) reader.fail('a secret key\'s value is not a string (write it in quotes: Name: "value")');
      if (reader.scalar() === undefined) reader.fail("CUE beyond what keystash reads");
    } else if (!ignored) {
      const previous = values.get(label);
      if (previous && previous.value !== value) reader.fail(`conflicting values for one secret key (lines ${previous.line} and ${labelLine})`);
      values.set(label, { value, line: labelLine });
    }
    reader.skip(false);
    const next = reader.peek();
    if (next !== "" && next !== "\n" && next !== ",") reader.fail("expected a new line or ',' after the value");
    reader.skip(true);
  }
  return new Map([...values].map(([name, entry]) => [name, entry.value]));
}
