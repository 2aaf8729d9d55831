#!/usr/bin/env node
"use strict";
// check-secrets --env prod  ==  keystash check --env prod
require("../dist/cli/main.js").runBinary(process.argv.slice(2), "check-secrets");
