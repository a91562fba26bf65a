/**
 * Starts the simulators on a real HTTP server with a capture server standing in for the app (its origin is
 * the `appUrl`, so DPO pushes land there). Tests then speak the wire protocols with plain fetch.
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { handleSimulatorRequest } from "../router";
import { resetSimulators } from "../store";
import { serveHandler, startCaptureServer, type CaptureServer } from "./http-server";

export interface SimHarness {
  /** e.g. http://127.0.0.1:41234/sim */
  sim: string;
  app: CaptureServer;
  /** POST JSON to the control API (`/sim/api/…`). */
  control(path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<SimHarness> {
  resetSimulators();
  const app = await startCaptureServer();
  const server = await serveHandler((req) => handleSimulatorRequest(req, { appUrl: app.url }));
  const sim = `${server.url}/sim`;
  return {
    sim,
    app,
    control: (path, body) =>
      fetch(`${sim}/api${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      resetSimulators();
      await Promise.all([server.close(), app.close()]);
    },
  };
}

/**
 * One harness for a test file: started once, reset before each test. Returns a handle that reads the
 * running harness, so tests can write `h.sim` at the top level.
 */
export function simulatorHarnessPerFile(): SimHarness {
  let current: SimHarness | undefined;
  beforeAll(async () => {
    current = await startHarness();
  });
  afterAll(() => current?.close());
  beforeEach(async () => {
    await current!.control("/reset", {});
    current!.app.clear();
  });
  return new Proxy({} as SimHarness, {
    get: (_target, key) => {
      if (!current) throw new Error("the simulator harness is not started yet");
      return current[key as keyof SimHarness];
    },
  });
}
