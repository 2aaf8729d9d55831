/** Valid secret names: every name is also a valid environment variable name. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Environment variables that change how a process, its loader, its shell or its tools behave.
 * keystash injects secrets as environment variables, so a secret with one of these names could
 * hijack the app (`NODE_OPTIONS=--require ./evil.js`, `LD_PRELOAD`, `PATH`). Compared without
 * regard to case (Windows reads `Path` as `PATH`).
 */
export const RESERVED_NAMES: readonly string[] = [
  // POSIX and shells (bash(1) "Shell Variables", dash(1)): what a shell reads at start-up.
  "PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TMPDIR", "TMP", "TEMP", "TZ", "TERM",
  "LANG", "LANGUAGE", "IFS", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND", "CDPATH",
  "GLOBIGNORE", "ZDOTDIR", "INPUTRC", "MAIL", "MAILPATH",
  // Other language runtimes a Node app may start (perlrun(1), python(1), ruby(1), java(1)).
  "PERL5OPT", "PERL5LIB", "PERLLIB", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "RUBYOPT",
  "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "CLASSPATH",
  // OpenSSL and TLS trust (openssl-env(7), curl(1), requests): a config or CA bundle runs or trusts foreign code.
  "OPENSSL_CONF", "OPENSSL_ENGINES", "OPENSSL_MODULES", "SSLKEYLOGFILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE",
  // Proxies (curl(1), Node's undici with NODE_USE_ENV_PROXY): traffic goes where the value says.
  "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY",
  // glibc (ld.so(8), iconv(3), resolv.conf(5)): the dynamic loader and the resolver.
  "GCONV_PATH", "GLIBC_TUNABLES", "MALLOC_CHECK_", "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS",
  // Electron, editors, pagers, browsers and askpass helpers that tools exec (git(1), less(1), xdg-open(1), ssh(1)).
  "ELECTRON_RUN_AS_NODE", "EDITOR", "VISUAL", "PAGER", "MANPAGER", "LESSOPEN", "LESSCLOSE", "BROWSER", "SSH_ASKPASS",
  "SUDO_ASKPASS", "SSH_AUTH_SOCK",
  // Where tools read their own configuration (XDG Base Directory; keystash's identity lives there).
  "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
];

/**
 * Name prefixes that are reserved the same way: the dynamic loaders (`LD_*`, `DYLD_*`), Node's
 * own namespace (`NODE_*`), npm's configuration (`NPM_CONFIG_*`, read case-insensitively),
 * keystash's own, the locale, git's (`GIT_*`: `GIT_SSH_COMMAND`, `GIT_EXEC_PATH`), Bun's and
 * Deno's runtimes, and TLS trust stores (`SSL_CERT_FILE`, `SSL_CERT_DIR`).
 */
export const RESERVED_PREFIXES: readonly string[] = ["LD_", "DYLD_", "NODE_", "NPM_CONFIG_", "KEYSTASH_", "LC_", "GIT_", "BUN_", "DENO_", "SSL_CERT_"];

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
