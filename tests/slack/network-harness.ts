/**
 * The Slack network tests' harness: the real core (createPathfinder) on DynamoDB Local behind the real events
 * handler and worker, with one editor (a coordinator, read from the environment as on Lambda) and Janet Price as
 * an ambassador. `send` handles a signed request and drains the queue, so the worker's replies are all recorded.
 */
import { vi } from "vitest";
import { createPathfinder } from "../../app/pathfinder.ts";
import { loadConfig } from "../../config/config.ts";
import { HASH_KEY, startSlackHarness } from "./harness.ts";

export type NetworkHarness = Awaited<ReturnType<typeof startSlackHarness>> & {
  send(
    event: Parameters<Awaited<ReturnType<typeof startSlackHarness>>["slackApp"]["handler"]>[0],
  ): Promise<unknown>;
};

export async function startNetworkSlackHarness(options: {
  editor: string;
  ambassador: string;
  categories: string[];
  region?: string;
}): Promise<NetworkHarness> {
  vi.stubEnv("PATHFINDER_COORDINATORS", `slack:${options.editor}`);
  const h = await startSlackHarness(async (_peer, table) => {
    const config = loadConfig({ PATHFINDER_TABLE: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
    const app = await createPathfinder({ config, secrets: { hashKey: HASH_KEY }, doc: table.doc });
    return app.core;
  });
  await h.peer.ambassadors.put({
    id: "amb-janet",
    displayName: "Janet Price",
    slackUserId: options.ambassador,
    categories: options.categories,
    serviceAreas: ["adult social care"],
    ...(options.region ? { region: options.region } : {}),
    monthlyCapacity: 4,
  });
  return {
    ...h,
    async send(event) {
      const response = await h.slackApp.handler(event, {});
      await h.slackApp.queue.drain();
      return response;
    },
    async close() {
      vi.unstubAllEnvs();
      await h.close();
    },
  };
}

let counter = 0;
/** An id no other call in this process returns (event ids, trigger ids, timestamps). */
export function unique(): string {
  counter += 1;
  return `${Date.now()}${counter}`;
}
