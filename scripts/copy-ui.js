#!/usr/bin/env node
"use strict";
// Build step: the dashboard's HTML and CSS beside the compiled app.js in dist/ui/page (users need no bundler).
const fs = require("node:fs");
const path = require("node:path");

const from = path.join(__dirname, "../src/ui/page");
const to = path.join(__dirname, "../dist/ui/page");
fs.mkdirSync(to, { recursive: true });
for (const file of fs.readdirSync(from)) if (/\.(html|css)$/.test(file)) fs.copyFileSync(path.join(from, file), path.join(to, file));
