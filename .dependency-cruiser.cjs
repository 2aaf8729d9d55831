// ARCHITECTURE.md's diagram, enforced: `npm run lint` runs `depcruise src` with these rules.
//   4  front ends   cli   transformer   eslint-rule   bundler   ui
//   3  services     core   runtime   targets   formats   scan   migrate
//   2  store
//   1  project
//   0  analyzer     (and src/lazy.ts, src/vendor)
// Each folder imports only its own layer's folders or lower ones; the services may use each
// other; front ends never use each other (one composition: `keystash ui` starts the dashboard).
// Type-only imports count: two files that need each other's types cannot be read apart.

const FRONT_ENDS = "^src/(cli|transformer|eslint-rule|bundler|ui)/";
const SERVICES = "^src/(core|runtime|targets|formats|scan|migrate)/";
const frontEnd = (name) => `^src/${name}/`;

/** A rule: files matching `from` must not import files matching `to` (unless `pathNot`). */
const forbid = (name, comment, from, to, extra = {}) => ({ name, comment, severity: "error", from: { path: from, ...(extra.fromNot ? { pathNot: extra.fromNot } : {}) }, to: { path: to, ...(extra.toNot ? { pathNot: extra.toNot } : {}) } });

module.exports = {
  forbidden: [
    { name: "no-cycles", comment: "no import cycles, type-only imports included", severity: "error", from: {}, to: { circular: true } },
    forbid("analyzer-is-the-bottom", "the analyzer (and lazy.ts, vendor) import nothing above them", "^src/(analyzer/|vendor/|lazy\\.ts$)", "^src/(project|store|core|runtime|targets|formats|scan|migrate|cli|transformer|eslint-rule|bundler|ui)/"),
    forbid("project-below-store", "project reads the app; it never reaches the store or anything above", "^src/project/", "^src/(store|core|runtime|targets|formats|scan|migrate|cli|transformer|eslint-rule|bundler|ui)/"),
    forbid("store-below-services", "the store knows no service and no front end", "^src/store/", `${SERVICES}|${FRONT_ENDS}`),
    forbid("services-below-front-ends", "services never import a front end", SERVICES, FRONT_ENDS),
    ...["transformer", "eslint-rule", "bundler"].map((name) => forbid(`${name}-uses-no-other-front-end`, "front ends never use each other", frontEnd(name), FRONT_ENDS, { toNot: frontEnd(name) })),
    forbid("cli-uses-no-other-front-end", "front ends never use each other", frontEnd("cli"), FRONT_ENDS, { fromNot: "^src/cli/commands/ui\\.ts$", toNot: frontEnd("cli") }),
    // The one composition: `keystash ui`, a CLI command, starts the dashboard (and uses nothing else of it).
    forbid("keystash-ui-starts-the-dashboard-only", "cli/commands/ui.ts may import ui/server.ts, nothing else of the dashboard", "^src/cli/commands/ui\\.ts$", FRONT_ENDS, { toNot: `${frontEnd("cli")}|^src/ui/server\\.ts$` }),
    forbid("ui-uses-no-other-front-end", "front ends never use each other: what the dashboard shares with the CLI is in core", frontEnd("ui"), FRONT_ENDS, { toNot: frontEnd("ui") }),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/ui/page/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
