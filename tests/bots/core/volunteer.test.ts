import { describe, expect, it } from "vitest";
import { createCore } from "../../../bots/core/create-core.ts";
import type { FormSubmitRequest } from "../../../bots/core/forms.ts";
import { helpLines } from "../../../bots/core/registry.ts";
import type { CoreResult } from "../../../bots/core/reply.ts";
import { loadRoles } from "../../../config/roles.ts";
import { createInMemoryPeerServices } from "../../../store/memory/peer-services.ts";
import { fakeKnowledge } from "./support/fake-knowledge.ts";
import { allText, button, message, press } from "./support/requests.ts";

const now = new Date("2026-12-01T10:00:00Z");
const jo = { platform: "slack" as const, userId: "U0JO1", displayName: "Jo Okafor" };
const coordinator = { platform: "slack" as const, userId: "U0COORD1", displayName: "Chris" };
const dm = { id: "D0JO", kind: "personal" as const };

function setUp(env: Record<string, string> = {}) {
  const peer = createInMemoryPeerServices({ now: () => now });
  const core = createCore({
    knowledge: fakeKnowledge([]),
    peer,
    digest: { preview: async () => ({ text: "", blocks: [], visibility: "private" }) },
    now: () => now,
    roles: loadRoles({ PATHFINDER_COORDINATORS: "slack:U0COORD1, teams:29:abc", ...env }),
  });
  return { peer, core };
}

let seq = 0;
function submission(values: FormSubmitRequest["values"], actor = jo): FormSubmitRequest {
  return { actor, formId: "ambassador.volunteer", values, conversation: dm, eventId: `sub${++seq}` };
}

const good = {
  displayName: "Jo Okafor",
  categories: ["staff-unions", "hr-tupe-pensions"],
  serviceAreas: "adult social care, libraries",
  region: "North West",
  bio: "Led the staff side through a 2019 spin-out.",
  monthlyCapacity: "3",
};

function resultOf(outcome: Awaited<ReturnType<ReturnType<typeof setUp>["core"]["submitForm"]>>): CoreResult {
  if (!("result" in outcome))
    throw new Error(`expected a result, got errors ${JSON.stringify(outcome.errors)}`);
  return outcome.result;
}

describe("volunteering as an ambassador", () => {
  it("is a command in the help text, and offers the form", async () => {
    const { core } = setUp();
    expect(helpLines("").join("\n")).toMatch(/volunteer\*: offer to mentor/);
    const reply = await core.handleMessage(message("volunteer", { actor: jo, conversation: dm }));
    expect(button(reply, "form.open").value).toBe("ambassador.volunteer");
  });

  it("shows a form with the taxonomy's topics, the regions and the person's name prefilled", async () => {
    const { core } = setUp();
    const opened = await core.openForm({
      actor: jo,
      formId: "ambassador.volunteer",
      conversation: dm,
      eventId: "o1",
    });
    if (!("form" in opened)) throw new Error("expected a form");
    const fields = Object.fromEntries(opened.form.fields.map((f) => [f.id, f]));
    expect(fields.displayName?.value).toBe("Jo Okafor");
    expect(fields.categories?.options?.map((o) => o.value)).toContain("staff-unions");
    expect(fields.region?.options?.map((o) => o.value)).toContain("North West");
  });

  it("stores a pending profile matching never offers, and asks the coordinators to confirm", async () => {
    const { core, peer } = setUp();
    const done = resultOf(await core.submitForm(submission(good)));
    expect(allText(done)).toMatch(/saved\. A coordinator will confirm you/);
    const [stored] = await peer.ambassadors.list();
    expect(stored).toMatchObject({ displayName: "Jo Okafor", slackUserId: "U0JO1", monthlyCapacity: 3 });
    expect(stored?.pendingSince).toBe(now.toISOString());
    expect(await peer.ambassadors.match({ categories: ["staff-unions"] })).toEqual([]);

    expect(done.outbox).toHaveLength(1); // the one Slack coordinator; the Teams one is on another platform
    const ask = done.outbox[0];
    expect(ask?.kind === "direct" && ask.to).toEqual({ platform: "slack", userId: "U0COORD1" });
    const confirm = button(
      { replies: [ask?.reply ?? { text: "", blocks: [], visibility: "private" }], outbox: [] },
      "volunteer.confirm",
    );

    const confirmed = await core.handleAction(press(confirm, { actor: coordinator }));
    expect(allText(confirmed)).toMatch(/Confirmed: Jo Okafor is now an ambassador/);
    expect(confirmed.outbox[0]).toMatchObject({ kind: "direct", to: { platform: "slack", userId: "U0JO1" } });
    const matches = await peer.ambassadors.match({ categories: ["staff-unions"] });
    expect(matches.map((m) => m.ambassador.displayName)).toEqual(["Jo Okafor"]);

    // A second press (another coordinator, a double click) changes nothing and says why.
    const again = await core.handleAction(press(confirm, { actor: coordinator }));
    expect(allText(again)).toMatch(/already been confirmed/);
    expect(again.outbox).toEqual([]);
  });

  it("lets only a coordinator confirm or decline, and a decline removes the offer kindly", async () => {
    const { core, peer } = setUp();
    const done = resultOf(await core.submitForm(submission(good)));
    const reply = done.outbox[0]?.reply;
    if (!reply) throw new Error("no message to the coordinator");
    const decline = button({ replies: [reply], outbox: [] }, "volunteer.decline");

    const refused = await core.handleAction(press(decline, { actor: jo }));
    expect(allText(refused)).toMatch(/Only a coordinator/);
    expect(await peer.ambassadors.list()).toHaveLength(1);

    const declined = await core.handleAction(press(decline, { actor: coordinator }));
    expect(allText(declined)).toMatch(/Declined: Jo Okafor was not added/);
    expect(await peer.ambassadors.list()).toEqual([]);
    expect(allText({ replies: [declined.outbox[0]?.reply ?? reply], outbox: [] })).toMatch(
      /Thank you for offering/,
    );
  });

  it("reports every bad field next to its input and stores nothing", async () => {
    const { core, peer } = setUp();
    const outcome = await core.submitForm(
      submission({
        displayName: "",
        categories: [],
        monthlyCapacity: "lots",
        bio: "x".repeat(501),
        region: "Mars",
      }),
    );
    if (!("errors" in outcome)) throw new Error("expected field errors");
    expect(Object.keys(outcome.errors).sort()).toEqual([
      "bio",
      "categories",
      "displayName",
      "monthlyCapacity",
      "region",
    ]);
    expect(outcome.errors.monthlyCapacity).toMatch(/whole number/);
    expect(await peer.ambassadors.list()).toEqual([]);
  });

  it("goes live at once when configuration says so, and a second offer says where the person stands", async () => {
    const { core, peer } = setUp({ PATHFINDER_VOLUNTEERS_GO_LIVE: "true" });
    const live = resultOf(await core.submitForm(submission(good)));
    expect(allText(live)).toMatch(/you are now an ambassador/);
    expect(live.outbox).toEqual([]);
    expect(await peer.ambassadors.match({ categories: ["hr-tupe-pensions"] })).toHaveLength(1);

    const twice = resultOf(await core.submitForm(submission(good)));
    expect(allText(twice)).toMatch(/already in the ambassador directory/);
    expect(await peer.ambassadors.list()).toHaveLength(1);
    const opened = await core.openForm({
      actor: jo,
      formId: "ambassador.volunteer",
      conversation: dm,
      eventId: "o2",
    });
    expect("result" in opened && allText(opened.result)).toMatch(/already in the ambassador directory/);
  });

  it("refuses a button value that is not an ambassador id without touching the directory", async () => {
    const { core } = setUp();
    const pressed = await core.handleAction(
      press({ id: "volunteer.confirm", label: "Confirm", value: "x".repeat(3000) }, { actor: coordinator }),
    );
    expect(allText(pressed)).toMatch(/expired or isn.t one I recognise/);
  });

  it("refuses a malformed go-live setting at start-up", () => {
    expect(() => loadRoles({ PATHFINDER_VOLUNTEERS_GO_LIVE: "maybe" })).toThrow(/must be true or false/);
  });
});
