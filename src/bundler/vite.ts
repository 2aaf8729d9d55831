import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a vite config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().vite;
export = keystash;
