"use strict";
// Fills an app's store with `count` secrets (Secret_0..), each set for dev,preview,local and
// for production, encrypted to `recipient` — what `count` × 2 `secret set` runs would write.
const path = require("node:path");
const fs = require("node:fs");
const repo = path.resolve(__dirname, "..");
const { encryptValue } = require(path.join(repo, "dist/store/encrypt.js"));
const { serializeStore, STORE_FILE } = require(path.join(repo, "dist/store/store-file.js"));

async function main() {
  const [app, countText, recipient] = process.argv.slice(2);
  const count = Number(countText);
  const secrets = {};
  const created = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const name = `Secret_${i}`;
    secrets[name] = [];
    for (const types of [["development", "preview", "local"], ["production"]]) {
      const selector = { types, envs: [] };
      const ciphertext = encryptValue({ name, selector, version: 1, types, envTypes: {}, recipients: [recipient] }, `value-${i}-${types[0]}`);
      secrets[name].push({ selector, envTypes: {}, current: 1, versions: [{ version: 1, created, recipients: [recipient], ciphertext }] });
    }
  }
  fs.mkdirSync(path.join(app, ".keystash"), { recursive: true });
  fs.writeFileSync(path.join(app, STORE_FILE), serializeStore({ secrets }));
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
