import { keystashUnplugin } from "./plugin";

/** `plugins: [keystash()]` in a rolldown config: see src/bundler/plugin.ts and the README, "Building with a bundler". */
const keystash = keystashUnplugin().rolldown;
export = keystash;
