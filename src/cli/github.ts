// GitHub workflow commands: data escapes %, CR and LF; property values also `:` and `,`, so a
// crafted file name cannot end the command early and inject another (`::add-mask::`...).
const escapeData = (text: string): string => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");

/** One `::level file=…,line=…,col=…,title=…::message` workflow command, every part escaped. */
export function githubCommand(level: string, message: string, at?: { file: string; line: number; column: number }, title = "keystash"): string {
  const where = at ? `file=${escapeProperty(at.file)},line=${at.line},col=${at.column},` : "";
  return `::${level} ${where}title=${escapeProperty(title)}::${escapeData(message)}`;
}

