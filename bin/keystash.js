#!/usr/bin/env node
"use strict";
require("../dist/cli/main.js").runBinary(process.argv.slice(2));
