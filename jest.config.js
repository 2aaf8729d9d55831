/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(t|j|mj)s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } },
    ],
  },
  // age-encryption (with its @noble/@scure dependencies) and cctv-age are ESM-only: compile them for jest.
  transformIgnorePatterns: ["/node_modules/(?!(age-encryption|@noble|@scure|cctv-age)/)"],
  testTimeout: 60000,
  // At least two workers, even on two cores: most suites wait on child processes (the CLI,
  // age, tsc, git, Chromium) more than they compute, so two overlap well (95 s -> 61 s here).
  maxWorkers: Math.max(2, require("node:os").availableParallelism() - 1),
};
