/**
 * The playground acting as an ambassador (issue 17.8), over HTTP on DynamoDB Local: a web practitioner asks for
 * an introduction; the same browser, acting as that (sample) ambassador, sees the request in `my introductions`
 * with Accept/Decline, accepts, and the introduction is addressed to the practitioner. Only the ambassador asked
 * may accept, and acting as someone unknown or unreachable is refused with a sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSampleAmbassadorsIfEmpty } from "../../peer/sample-ambassadors.ts";
import { postJson, startTestServer, type TestServer } from "./support/local-server.ts";

interface Action {
  id: string;
  label: string;
  value: string;
}
interface Result {
  replies: { text: string; blocks: { type: string; items?: { title: string; actions?: Action[] }[] }[] }[];
  outbox?: {
    kind: string;
    platform?: string;
    userIds?: string[];
    to?: { platform: string; userId: string };
  }[];
}

const PRACTITIONER = "web-practitioner-1";
const AMARA = "sample-amara-okafor";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await loadSampleAmbassadorsIfEmpty(server.pathfinder.peer);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

function actions(result: Result): Action[] {
  return result.replies.flatMap((r) =>
    r.blocks.flatMap((b) => [
      ...(b.items ?? []).flatMap((i) => i.actions ?? []),
      ...((b as { actions?: Action[] }).actions ?? []),
    ]),
  );
}

async function chat(text: string, actingAs?: string): Promise<{ status: number; body: Result }> {
  const { status, body } = await postJson(server.origin, "/api/chat", {
    text,
    userId: PRACTITIONER,
    ...(actingAs ? { actingAs } : {}),
  });
  return { status, body: body as unknown as Result };
}

async function press(action: Action, actingAs?: string): Promise<{ status: number; body: Result }> {
  const { status, body } = await postJson(server.origin, "/api/action", {
    actionId: action.id,
    value: action.value,
    userId: PRACTITIONER,
    ...(actingAs ? { actingAs } : {}),
  });
  return { status, body: body as unknown as Result };
}

describe("the playground acting as an ambassador", () => {
  it("lets a practitioner's request be seen, and accepted, by the ambassador it was made of", async () => {
    // Prepare: the practitioner asks for an introduction to Amara from the mentor suggestions
    const suggested = await chat("mentor TUPE and pensions for care staff");
    const ask = actions(suggested.body).find(
      (a) => a.id === "ambassador.choose" && a.value.startsWith(`${AMARA}|`),
    );
    expect(ask).toBeDefined();
    expect((await press(ask as Action)).status).toBe(200);

    // Act: acting as Amara, list the introductions waiting
    const waiting = await chat("my introductions", AMARA);

    // Assess: the request is there with Accept and Decline
    expect(waiting.status).toBe(200);
    const buttons = actions(waiting.body);
    const accept = buttons.find((a) => a.id === "intro.accept");
    expect(accept).toBeDefined();
    expect(buttons.some((a) => a.id === "intro.decline" && a.value === accept?.value)).toBe(true);

    // Act: the practitioner may not accept their own request; Amara may
    const byAsker = await press(accept as Action);
    const byAmara = await press(accept as Action, AMARA);

    // Assess: the introduction is a group conversation of the practitioner and Amara, on the web
    expect(byAsker.body.replies[0]?.text).toBe(
      "Only the person being introduced can mark this introduction accepted.",
    );
    expect(byAsker.body.outbox).toEqual([]);
    expect(byAmara.status).toBe(200);
    expect(byAmara.body.replies[0]?.text).toContain("I've started a group conversation");
    const intro = byAmara.body.outbox?.find((o) => o.kind === "group");
    expect(intro?.platform).toBe("web");
    expect(intro?.userIds).toContain(PRACTITIONER);
    expect((await chat("my introductions", AMARA)).body.replies[0]?.text ?? "").not.toContain(
      "Requests waiting",
    );
  });

  it("refuses to act as an unknown ambassador, or one no introduction can reach, with a sentence", async () => {
    // Prepare: an ambassador with neither a Slack nor a Teams id
    await server.pathfinder.peer.ambassadors.put({
      id: "no-contact",
      displayName: "Noor Contact",
      categories: ["funding"],
      serviceAreas: [],
      monthlyCapacity: 2,
    } as Parameters<typeof server.pathfinder.peer.ambassadors.put>[0]);

    // Act
    const unknown = await postJson(server.origin, "/api/chat", {
      text: "help",
      userId: PRACTITIONER,
      actingAs: "nobody-here",
    });
    const unreachable = await postJson(server.origin, "/api/chat", {
      text: "help",
      userId: PRACTITIONER,
      actingAs: "no-contact",
    });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('There is no ambassador with id "nobody-here" to act as.');
    expect(unreachable.status).toBe(400);
    expect(unreachable.body.error).toMatch(/^Noor Contact has no Slack or Teams user id/);
  });
});
