/**
 * Form cards and channel posts in the Teams bot with a scripted core (TestAdapter, DynamoDB Local for claims and
 * references): a "form.open" button is answered with the form in place of the card, its submit with core's
 * errors (what was typed kept) or the outcome; a tracked channel post reports its activity id to core.
 */
import { randomUUID } from "node:crypto";
import { type Activity, type ConversationReference, TestAdapter } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Form, FormSubmitRequest, FormSubmitResult } from "../../bots/core/forms.ts";
import type { PostedAt } from "../../bots/core/reply.ts";
import { createTeamsBot } from "../../bots/teams/bot.ts";
import { FORM_VERB } from "../../bots/teams/forms.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { fixture, RecordingProactive, reply, ScriptedCore } from "./fakes.ts";

const form: Form = {
  id: "ambassador.volunteer",
  title: "Volunteer",
  submitLabel: "Volunteer",
  state: "s-1",
  fields: [{ id: "bio", label: "What you did", kind: "textarea", required: true }],
};

/** A proactive sender that also posts to channels, recording them, with numeric ids as Teams gives. */
class ChannelProactive extends RecordingProactive {
  channelPosts: { reference: unknown; activity: Partial<Activity> }[] = [];
  async postToConversation(reference: unknown, activity: Partial<Activity>) {
    this.channelPosts.push({ reference, activity });
    return String(1_700_000_800_000 + this.channelPosts.length);
  }
}

let table: TestTable;
let peer: PeerServices;
let core: ScriptedCore;
let proactive: ChannelProactive;
let adapter: TestAdapter;
let submitted: FormSubmitRequest[];
let posted: { track: string; at: PostedAt }[];

beforeAll(async () => {
  table = await createTestTable("teams-forms");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-key" });
});
afterAll(() => table.drop());

beforeEach(() => {
  core = new ScriptedCore();
  submitted = [];
  posted = [];
  core.openForm = async () => ({ form });
  // ScriptedCore declares these without parameters; assigned, they take core's real ones.
  Object.assign(core, {
    handlePosted: async (track: string, at: PostedAt) => {
      posted.push({ track, at });
    },
  });
  proactive = new ChannelProactive();
  const bot = createTeamsBot({
    core,
    conversations: peer.conversations,
    idempotency: peer.idempotency,
    proactive,
    turnDeadlineMs: 2_000,
    log: { error: () => {} },
  });
  adapter = new TestAdapter((context) => bot.onTurn(context));
});

async function send(name: string, overrides: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity(fixture(name, { id: `act-${randomUUID()}`, ...overrides }));
  return adapter.activeQueue.splice(0);
}

function invokeBody(sent: Partial<Activity>[]) {
  return (sent.find((a) => a.type === "invokeResponse")?.value as { body: { type: string; value: unknown } })
    ?.body;
}

function execute(verb: string, data: Record<string, unknown>): Partial<Activity> {
  return { value: { action: { type: "Action.Execute", verb, data } } } as Partial<Activity>;
}

describe("form cards in Teams", () => {
  it("replaces a form.open button's card with the form, instead of pressing it in core", async () => {
    // Act
    const sent = await send(
      "card-action-invoke",
      execute("form.open", { actionId: "form.open", value: "ambassador.volunteer" }),
    );

    // Assess
    expect(core.actions).toHaveLength(0);
    const body = invokeBody(sent);
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(body.value)).toContain('"Input.Text"');
    expect((body.value as { actions: { verb?: string }[] }).actions[0]?.verb).toBe(FORM_VERB);
  });

  it("answers a refused submit with the form, core's error and what was typed; a good one with the outcome", async () => {
    // Prepare
    const opened = invokeBody(
      await send(
        "card-action-invoke",
        execute("form.open", { actionId: "form.open", value: "ambassador.volunteer" }),
      ),
    );
    const data = (opened.value as { actions: { data: Record<string, unknown> }[] }).actions[0]?.data ?? {};
    Object.assign(core, {
      submitForm: async (request: FormSubmitRequest): Promise<FormSubmitResult> => {
        submitted.push(request);
        return request.values.bio === "Short"
          ? { errors: { bio: "Tell people a little more." } }
          : { result: { replies: [reply("Thanks: a coordinator will confirm you.")], outbox: [] } };
      },
    });

    // Act
    const refused = invokeBody(
      await send("card-action-invoke", execute(FORM_VERB, { ...data, bio: "Short" })),
    );
    const saved = invokeBody(
      await send(
        "card-action-invoke",
        execute(FORM_VERB, { ...data, bio: "Led a TUPE transfer of 300 staff." }),
      ),
    );

    // Assess
    expect(submitted.map((r) => [r.formId, r.state, r.values.bio])).toEqual([
      ["ambassador.volunteer", "s-1", "Short"],
      ["ambassador.volunteer", "s-1", "Led a TUPE transfer of 300 staff."],
    ]);
    expect(JSON.stringify(refused.value)).toContain("⚠️ Tell people a little more.");
    expect(JSON.stringify(refused.value)).toContain('"value":"Short"');
    expect(saved.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(saved.value)).toContain("a coordinator will confirm you");
  });
});

describe("channel posts in Teams", () => {
  it("posts to the stored channel reference, once per key, and reports the post's id to core as its thread", async () => {
    // Prepare: the channel's reference is stored (as `subscribe ambassadors` does); core answers with a tracked post
    const reference: Partial<ConversationReference> = {
      serviceUrl: "https://smba.trafficmanager.net/uk/",
      conversation: {
        id: "19:ambassadors@thread.tacv2",
        isGroup: true,
        conversationType: "channel",
        name: "",
      },
      bot: { id: "28:pathfinder-bot", name: "Pathfinder" },
      channelId: "msteams",
    };
    await peer.conversations.save("19:ambassadors@thread.tacv2", reference);
    core.onMessage = async () => ({
      replies: [reply("Sent to the ambassadors.")],
      outbox: [
        {
          kind: "channel",
          platform: "teams",
          conversationId: "19:ambassadors@thread.tacv2",
          reply: reply("Open question: how do we value the building?"),
          key: "network-post:q1:teams:ambassadors",
          track: "question:q1",
        },
      ],
    });

    // Act: the same request twice (core asks again; the key holds)
    await send("personal-message", { text: "send it" });
    await send("personal-message", { text: "send it" });

    // Assess
    expect(proactive.channelPosts).toHaveLength(1);
    expect(posted).toHaveLength(1);
    expect(proactive.channelPosts[0]?.reference).toMatchObject({
      conversation: { id: "19:ambassadors@thread.tacv2" },
    });
    expect(posted[0]).toEqual({
      track: "question:q1",
      at: { platform: "teams", conversationId: "19:ambassadors@thread.tacv2", threadId: "1700000800001" },
    });
  });
});
