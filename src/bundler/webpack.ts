import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a webpack config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().webpack;
export = keystash;
