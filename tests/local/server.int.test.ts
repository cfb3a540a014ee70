/**
 * The local server end to end over HTTP, on DynamoDB Local: the Slack bridge (signed events reach the
 * real handler, worker and a fake Slack Web API), the digest on demand, the playground API's
 * idempotency and validation, and the access rules (loopback Host, same origin, admin token).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../peer/week.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { fixture } from "../slack/harness.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { slackSignature, TEST_SIGNING_SECRET } from "../support/slack-signing.ts";
import { postJson, startTestServer, type TestServer } from "./support/local-server.ts";

const BOT_USER_ID = "U0LAN0Z89";

/** fetch() will not send a Host header of our choosing; node:http will (as a rebinding attacker's browser does). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

function signedHeaders(body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": slackSignature(body, timestamp),
  };
}

describe("the local server with Slack connected", () => {
  let slack: FakeSlackApi;
  let server: TestServer;

  beforeAll(async () => {
    slack = await startFakeSlackApi();
    server = await startTestServer({
      env: { SLACK_API_URL: slack.apiUrl, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_BOT_ID: "B0LAN0Z89" },
      secrets: { slackSigningSecret: TEST_SIGNING_SECRET, slackBotToken: "xoxb-local-test" },
    });
  });

  afterAll(async () => {
    await server?.close();
    await slack?.close();
  });

  it("acknowledges a signed app_mention and the worker's cited answer reaches the Slack Web API", async () => {
    // Prepare
    const body = JSON.stringify({ ...fixture("app_mention"), event_id: "EvLocal0001" });

    // Act
    const response = await fetch(`${server.origin}/slack/events`, {
      method: "POST",
      headers: signedHeaders(body),
      body,
    });

    // Assess
    expect(response.status).toBe(200);
    const [post] = await slack.waitFor("chat.postMessage", 1, 15_000);
    expect(post?.token).toBe("xoxb-local-test");
    expect(post?.args.channel).toBe("C123ABC456");
    expect(JSON.stringify(post?.args.blocks)).toMatch(/\[1\]/);
  });

  it("refuses an unsigned or wrongly signed Slack request and queues nothing", async () => {
    // Prepare
    slack.reset();
    const body = JSON.stringify({ ...fixture("app_mention"), event_id: "EvLocal0002" });

    // Act
    const unsigned = await fetch(`${server.origin}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    const forged = await fetch(`${server.origin}/slack/events`, {
      method: "POST",
      headers: { ...signedHeaders(body), "x-slack-signature": `v0=${"0".repeat(64)}` },
      body,
    });

    // Assess
    expect(unsigned.status).toBe(401);
    expect(forged.status).toBe(401);
    if (server.bridges.slack.ready) await server.bridges.slack.value.queue.drain();
    expect(slack.calls).toEqual([]);
  });

  it("runs the weekly digest on demand once per subscribed channel, and a re-run posts nothing twice", async () => {
    // Prepare
    slack.reset();
    const { peer } = server.pathfinder;
    await peer.subscriptions.subscribe({
      platform: "slack",
      conversationId: "CDIGEST01",
      by: { platform: "slack", userId: "U0ADMIN" },
    });
    await peer.obstacles.log({
      user: { platform: "web", userId: "someone" },
      text: "The procurement team insists on a full open tender for our contract",
      categories: ["procurement"],
      idempotencyKey: "digest-run-test",
    });
    const week = isoWeek(new Date());

    // Act
    const first = await postJson(server.origin, "/digest/run", { week });
    const second = await postJson(server.origin, "/digest/run", { week });

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.week).toBe(week);
    expect(second.status).toBe(200);
    const posts = slack.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe("CDIGEST01");
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain("Procurement and contracts");
  });

  it("runs the network reminders on demand into the question's Slack thread, once (issue 15)", async () => {
    // Prepare: an ambassadors' place and a question posted there a week ago, still unanswered.
    slack.reset();
    const weekAgo = new Date(Date.now() - 7 * 86_400_000);
    const then = createPeerServices({
      doc: server.table.doc,
      tableName: server.table.tableName,
      hashKey: "local-test-hash-key",
      now: () => weekAgo,
    });
    await then.subscriptions.subscribe({
      kind: "ambassadors",
      platform: "slack",
      conversationId: "CAMBASS01",
      by: { platform: "slack", userId: "U0ADMIN" },
    });
    const { question } = await then.network.ask({
      asker: { platform: "slack", userId: "U0ASKER" },
      text: "How do we value the building our team uses?",
      named: false,
      idempotencyKey: "local-remind-test",
    });
    await then.network.recordPost(question.id, {
      platform: "slack",
      conversationId: "CAMBASS01",
      threadId: "1733000000.000100",
    });

    // Act
    const first = await postJson(server.origin, "/network/remind", {});
    const second = await postJson(server.origin, "/network/remind", {});

    // Assess
    expect(first.status).toBe(200);
    expect(first.body.reminded).toEqual([question.id]);
    expect(second.body.reminded).toEqual([]);
    const posts = slack.callsOf("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: "CAMBASS01", thread_ts: "1733000000.000100" });
  });

  it("answers a malformed digest week with the reason", async () => {
    // Act
    const response = await postJson(server.origin, "/digest/run", { week: "next tuesday" });

    // Assess
    expect(response.status).toBe(400);
    expect(String(response.body.error)).toMatch(/ISO week/);
  });
});

describe("the local server without platform secrets", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("says what to set instead of accepting Slack or Teams requests it cannot verify", async () => {
    // Act
    const slackResponse = await fetch(`${server.origin}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const teamsResponse = await postJson(server.origin, "/api/messages", { type: "message", text: "hi" });

    // Assess
    expect(slackResponse.status).toBe(503);
    expect(((await slackResponse.json()) as { error: string }).error).toMatch(/SLACK_SIGNING_SECRET/);
    expect(teamsResponse.status).toBe(503);
    expect(String(teamsResponse.body.error)).toMatch(/MICROSOFT_APP_ID/);
  });

  it("regression (issue 17, item 6): the footer says Teams is not connected and how to connect, not that Pathfinder refuses to start", async () => {
    // Act
    const meta = (await fetch(`${server.origin}/api/meta`).then((r) => r.json())) as {
      platforms: { teams: string };
    };

    // Assess
    expect(meta.platforms.teams).toMatch(/^Teams: not connected \(set MICROSOFT_APP_ID/);
    expect(meta.platforms.teams).not.toMatch(/refuses to start/);
  });

  it("regression (issue 17, item 7): POST /digest/run with no body and no content type runs last week's digest", async () => {
    // Act
    const bare = await fetch(`${server.origin}/digest/run`, { method: "POST" });
    const textBody = await fetch(`${server.origin}/digest/run`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "week=2026-W01",
    });

    // Assess: an empty body needs no type; a body that is there must still be JSON (no cross-site forms).
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as { week: string }).week).toMatch(/^\d{4}-W\d{2}$/);
    expect(textBody.status).toBe(415);
  });

  it("regression (issue 16): importing the same ambassador file twice in the playground adds nobody twice", async () => {
    // Prepare
    const file = {
      fileName: "people.csv",
      content: "displayName,email,categories,region\nIfe Adeyemi,ife@example.org,procurement,Wales\n",
    };

    // Act
    const first = await postJson(server.origin, "/api/ambassadors/import", file);
    const second = await postJson(server.origin, "/api/ambassadors/import", file);
    const list = (await server.pathfinder.peer.ambassadors.list()).filter(
      (a) => a.displayName === "Ife Adeyemi",
    );

    // Assess
    expect(first.body).toMatchObject({ added: 1, updated: 0 });
    expect(second.body).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(list).toHaveLength(1);
    for (const a of list) await server.pathfinder.peer.ambassadors.remove(a.id);
  });

  it("serves the playground page with a policy that forbids loading anything from elsewhere", async () => {
    // Act
    const page = await fetch(`${server.origin}/`);
    const html = await page.text();

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(html).toContain("Pathfinder playground");
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it("treats a retried chat request (same requestId) as one event: one blocker, not two", async () => {
    // Prepare
    const request = {
      text: "blocker our finance director will not release the pension figures",
      userId: "web-retry",
      requestId: "req-1",
    };

    // Act
    const first = await postJson(server.origin, "/api/chat", request);
    const retry = await postJson(server.origin, "/api/chat", request);

    // Assess
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    const reports = await server.pathfinder.peer.obstacles.listForUser({
      platform: "web",
      userId: "web-retry",
    });
    expect(reports).toHaveLength(1);
  });

  it("refuses an empty or oversized message with a clear sentence and stores nothing", async () => {
    // Act
    const empty = await postJson(server.origin, "/api/chat", { text: "   ", userId: "web-edge" });
    const huge = await postJson(server.origin, "/api/chat", {
      text: `blocker ${"x".repeat(5000)}`,
      userId: "web-edge",
    });
    const noUser = await postJson(server.origin, "/api/chat", { text: "hello" });

    // Assess
    expect(empty.status).toBe(400);
    expect(huge.status).toBe(400);
    expect(String(huge.body.error)).toMatch(/5,008 characters/);
    expect(noUser.status).toBe(400);
    expect(
      await server.pathfinder.peer.obstacles.listForUser({ platform: "web", userId: "web-edge" }),
    ).toEqual([]);
  });

  it("lists every problem with an ambassador, and every bad line of an import, saving nothing", async () => {
    // Act
    const bad = await postJson(server.origin, "/api/ambassadors", {
      displayName: "",
      categories: ["nonsense"],
      region: "Atlantis",
    });
    const badImport = await postJson(server.origin, "/api/ambassadors/import", {
      fileName: "people.csv",
      content: "displayName,categories,region\nAna,procurement,Wales\nBo,,Mars\n",
    });
    const list = await fetch(`${server.origin}/api/ambassadors`).then(
      (r) => r.json() as Promise<{ ambassadors: unknown[] }>,
    );

    // Assess
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual(
      expect.arrayContaining([
        "displayName is required",
        expect.stringMatching(/^categories: unknown "nonsense"/),
        expect.stringMatching(/^region "Atlantis"/),
      ]),
    );
    expect(badImport.status).toBe(400);
    expect((badImport.body.issues as string[]).join("\n")).toMatch(/line 3/);
    expect(list.ambassadors).toEqual([]);
  });

  it("adds, edits, snoozes and removes an ambassador through the API", async () => {
    // Act
    const created = await postJson(server.origin, "/api/ambassadors", {
      displayName: "Rhian Davies",
      categories: ["hr-tupe-pensions"],
      serviceAreas: "libraries",
      region: "Wales",
    });
    const id = String(created.body.id);
    const edited = await fetch(`${server.origin}/api/ambassadors/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        displayName: "Rhian Davies",
        categories: ["hr-tupe-pensions", "staff-unions"],
        region: "Wales",
      }),
    }).then((r) => r.json() as Promise<{ categories: string[] }>);
    const snoozed = await postJson(server.origin, `/api/ambassadors/${id}/snooze`, { until: "2099-01-31" });
    const matchedWhileSnoozed = await postJson(server.origin, "/api/ambassadors/match", {
      text: "TUPE transfer of pensions",
    });
    const removed = await fetch(`${server.origin}/api/ambassadors/${id}`, { method: "DELETE" }).then((r) =>
      r.json(),
    );

    // Assess
    expect(created.status).toBe(201);
    expect(edited.categories).toEqual(["hr-tupe-pensions", "staff-unions"]);
    expect(snoozed.body.snoozedUntil).toBe("2099-01-31");
    expect(matchedWhileSnoozed.body.matches).toEqual([]);
    expect(removed).toEqual({ removed: true });
  });

  it("refuses requests addressed to another host name (DNS rebinding) and cross-site posts", async () => {
    // Act
    const rebound = await getWithHost(`${server.origin}/api/meta`, "attacker.example");
    const crossSite = await postJson(
      server.origin,
      "/api/chat",
      { text: "blocker x", userId: "web-x" },
      { origin: "https://attacker.example" },
    );
    const formPost = await fetch(`${server.origin}/api/chat`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ text: "blocker x", userId: "web-x" }),
    });

    // Assess
    expect(rebound).toBe(421);
    expect(crossSite.status).toBe(403);
    expect(formPost.status).toBe(415);
  });
});

describe("the local server with an admin token (--host)", () => {
  let server: TestServer;
  const token = "test-admin-token-0123456789";

  beforeAll(async () => {
    server = await startTestServer({
      loopbackOnly: false,
      adminToken: token,
      env: { TEAMS_ALLOW_ANONYMOUS: "true" },
    });
  });

  afterAll(async () => {
    await server?.close();
  });

  it("requires the token on every API call but serves the page itself", async () => {
    // Act
    const page = await fetch(`${server.origin}/`);
    const without = await fetch(`${server.origin}/api/meta`);
    const wrong = await fetch(`${server.origin}/api/meta`, { headers: { authorization: "Bearer nope" } });
    const right = await fetch(`${server.origin}/api/meta`, { headers: { authorization: `Bearer ${token}` } });
    const digest = await postJson(server.origin, "/digest/run", {});

    // Assess
    expect(page.status).toBe(200);
    expect(without.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(right.status).toBe(200);
    expect(digest.status).toBe(401);
  });

  it("refuses anonymous Teams when listening beyond loopback", async () => {
    // Act
    const response = await postJson(server.origin, "/api/messages", { type: "message", text: "hi" });

    // Assess
    expect(response.status).toBe(503);
    expect(String(response.body.error)).toMatch(
      /TEAMS_ALLOW_ANONYMOUS only works while Pathfinder listens on 127\.0\.0\.1/,
    );
  });
});
