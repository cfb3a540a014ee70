import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSlackEvents } from "../../../local/bridges/slack.ts";
import { type FakeCore, fakeCore, fixture, startSlackHarness } from "../../slack/harness.ts";
import { slackSignature } from "../../support/slack-signing.ts";

type Harness = Awaited<ReturnType<typeof startSlackHarness>>;
let h: Harness;
let core: FakeCore;
let server: Server;
let url: string;

beforeAll(async () => {
  h = await startSlackHarness(() => {
    core = fakeCore();
    return core;
  });
  server = createServer((req, res) => void serveSlackEvents(h.slackApp.handler, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await h.close();
});

function signedHeaders(body: string, contentType: string) {
  const ts = Math.floor(Date.now() / 1000);
  return {
    "content-type": contentType,
    "x-slack-request-timestamp": String(ts),
    "x-slack-signature": slackSignature(body, ts),
  };
}

describe("serveSlackEvents", () => {
  it("serves a signed slash command over plain HTTP through the Lambda handler", async () => {
    // Prepare
    const body = new URLSearchParams({
      ...fixture<Record<string, string>>("slash_command"),
      text: "help",
      response_url: h.slack.responseUrl(),
    }).toString();

    // Act
    const res = await fetch(url, {
      method: "POST",
      body,
      headers: signedHeaders(body, "application/x-www-form-urlencoded"),
    });
    const answer = (await res.json()) as { text: string };
    await h.slackApp.queue.drain();

    // Assess
    expect(res.status).toBe(200);
    expect(answer.text).toContain("Looking");
    expect(core.messages[0]).toMatchObject({ text: "help", mode: "command" });
    expect(h.slack.callsOf("response_url")).toHaveLength(1);
  });

  it("answers url_verification and refuses unsigned requests and other methods", async () => {
    // Prepare
    const body = JSON.stringify(fixture("url_verification"));

    // Act
    const signed = await fetch(url, {
      method: "POST",
      body,
      headers: signedHeaders(body, "application/json"),
    });
    const unsigned = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    const get = await fetch(url);

    // Assess
    expect(signed.status).toBe(200);
    expect(((await signed.json()) as { challenge: string }).challenge).toBe(
      fixture<{ challenge: string }>("url_verification").challenge,
    );
    expect(unsigned.status).toBe(401);
    expect(get.status).toBe(405);
  });
});
