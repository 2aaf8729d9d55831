"use strict";
// A warm worker thread that runs the built CLI's main(argv, io) for the tests: each command
// runs in-process on its own streams, environment and folder, with keystash's modules loaded
// once. The test thread waits on a shared flag, so `runCli` stays synchronous.
const { parentPort, workerData } = require("node:worker_threads");
const { PassThrough, Readable } = require("node:stream");
const { main } = require(workerData.main);

// Cloud SDKs read these from the process: never probe a metadata address outside loopback.
process.env.AWS_EC2_METADATA_DISABLED = "true";
process.env.METADATA_SERVER_DETECTION = "none";

const collect = () => {
  const stream = new PassThrough();
  const chunks = [];
  stream.on("data", (chunk) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
};

parentPort.on("message", async ({ args, cwd, env, input, flag, port }) => {
  const stdout = collect();
  const stderr = collect();
  const stdin = Readable.from(input === undefined || input.length === 0 ? [] : [Buffer.from(input)]);
  let status;
  try {
    status = await main(args, { stdin, stdout: stdout.stream, stderr: stderr.stream, env, cwd });
  } catch (error) {
    status = `main threw: ${error && error.stack}`;
  }
  await new Promise((resolve) => setImmediate(resolve)); // let piped child output drain
  port.postMessage({ status, stdout: stdout.text(), stderr: stderr.text() });
  port.close();
  const shared = new Int32Array(flag);
  Atomics.store(shared, 0, 1);
  Atomics.notify(shared, 0);
});
