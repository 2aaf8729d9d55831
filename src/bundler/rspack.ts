import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a rspack config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().rspack;
export = keystash;
