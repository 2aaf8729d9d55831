/** The config file's name at the app root. */
export const CONFIG_FILE = "keystash.yaml";

/** The manifest's default name at the app root (and in a build's outDir). */
export const MANIFEST_FILE = "keystash.manifest.json";
