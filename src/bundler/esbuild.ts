import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a esbuild config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().esbuild;
export = keystash;
