/** Valid secret names: every name is also a valid environment variable name. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables that change how a process, its loader, its shell or its tools behave.
 * keystash injects secrets as environment variables, so a secret with one of these names could
 * hijack the app (`NODE_OPTIONS=--require ./evil.js`, `LD_PRELOAD`, `PATH`). Compared without
 * regard to case (Windows reads `Path` as `PATH`).
 */
export const RESERVED_NAMES: readonly string[] = [
  "PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TMPDIR", "TMP", "TEMP", "TZ", "TERM",
  "LANG", "LANGUAGE", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "CDPATH",
  "GLOBIGNORE", "PERL5OPT", "PERL5LIB", "PERLLIB", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "RUBYOPT",
  "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH", "SSL_CERT_FILE",
  "SSL_CERT_DIR", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "GCONV_PATH", "HOSTALIASES",
  "LOCALDOMAIN", "RES_OPTIONS",
];

/** Name prefixes that are reserved the same way (`NODE_*` is Node's own namespace). */
export const RESERVED_PREFIXES: readonly string[] = ["LD_", "DYLD_", "NODE_", "NPM_CONFIG_", "KEYSTASH_", "LC_", "GIT_"];

const reservedNames = new Set(RESERVED_NAMES);

/** Whether `name` is a reserved environment variable name (see RESERVED_NAMES). */
export function isReservedName(name: string): boolean {
  const upper = name.toUpperCase();
  return reservedNames.has(upper) || RESERVED_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/**
 * Why `name` cannot be a secret name, as the end of a sentence, or undefined when it can.
 * The one check behind KS1006, `secret set`, `run`, `export`, the store reader and the runtime.
 */
export function secretNameProblem(name: string): string | undefined {
  if (!SECRET_NAME_PATTERN.test(name)) return "use letters, digits and underscores, not starting with a digit";
  if (isReservedName(name)) return "it is a reserved environment variable that would change how the process runs; choose another name";
  return undefined;
}
