import type * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Starts a test's HTTP server on 127.0.0.1 (a free port). It stops by itself after two
 * minutes if the test never closes it; `close` also drops open (keep-alive) connections.
 */
export async function listenOnLoopback(server: http.Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const timer = setTimeout(() => server.close(), 120_000);
  timer.unref();
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      clearTimeout(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
