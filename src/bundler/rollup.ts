import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a rollup config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().rollup;
export = keystash;
