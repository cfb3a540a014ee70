import { parseHTML } from "linkedom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinValue } from "../../bots/core/replies.ts";
import type { Reply, ReplyAction } from "../../bots/core/reply.ts";
import {
  AI_GENERATED_LABEL,
  type CardElement,
  readCardActionData,
  renderReplyActivity,
  renderReplyCard,
  renderReplyCardContent,
  TEAMS_LIMITS,
  toCardMarkdown,
} from "../../bots/teams/render.ts";
import { CATEGORIES } from "../../peer/taxonomy.ts";

function reply(blocks: Reply["blocks"], extra: Partial<Reply> = {}): Reply {
  return { text: "fallback", blocks, visibility: "public", ...extra };
}

/** Every element in a card body, depth first. */
function walk(elements: CardElement[]): CardElement[] {
  return elements.flatMap((e) => [e, ...walk((e.items as CardElement[] | undefined) ?? [])]);
}

function actionsOf(elements: CardElement[]): CardElement[] {
  return walk(elements).flatMap((e) => (e.type === "ActionSet" ? (e.actions as CardElement[]) : []));
}

const answer = reply(
  [
    { type: "text", text: "Start with the *business case* [1]." },
    {
      type: "citations",
      citations: [
        {
          n: 1,
          passageId: "p1",
          kind: "article",
          title: "Making the numbers add up",
          source: "001.txt",
          quote: "Savings of 5%.",
        },
        { n: 2, passageId: "p2", kind: "article", title: "Pensions", source: "002.txt", quote: "" },
      ],
    },
    {
      type: "actions",
      actions: [
        { id: "feedback.helpful", label: "Helpful", value: "ans1", style: "primary" },
        { id: "feedback.unhelpful", label: "Not helpful", value: "ans1" },
      ],
    },
  ],
  { answerId: "ans1" },
);

describe("renderReplyCard", () => {
  it("renders a cited answer as an Adaptive Card 1.5 with wrapped text, toggled quotes and Execute buttons", () => {
    // Act
    const attachment = renderReplyCard(answer);

    // Assess
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    const card = attachment.content as { version: string; body: CardElement[] };
    expect(card.version).toBe("1.5");
    const all = walk(card.body);
    const texts = all.filter((e) => e.type === "TextBlock");
    expect(texts.every((t) => t.wrap === true)).toBe(true);
    expect(texts.map((t) => t.text)).toContain("Start with the **business case** [1].");
    expect(texts.map((t) => t.text)).toContain("**[1]** Making the numbers add up");
    const hidden = all.find((e) => e.isVisible === false);
    expect(hidden).toBeDefined();
    expect(walk([hidden as CardElement]).some((e) => String(e.text).includes("Savings of 5%."))).toBe(true);
    const toggler = all.find(
      (e) => (e.selectAction as CardElement | undefined)?.type === "Action.ToggleVisibility",
    );
    expect(toggler?.selectAction).toEqual({ type: "Action.ToggleVisibility", targetElements: [hidden?.id] });
    // The citation without a quote is not clickable.
    expect(all.filter((e) => e.selectAction).length).toBe(1);
    const buttons = actionsOf(card.body);
    expect(buttons).toEqual([
      {
        type: "Action.Execute",
        title: "Helpful",
        verb: "feedback.helpful",
        data: { actionId: "feedback.helpful", value: "ans1" },
        associatedInputs: "none",
        style: "positive",
      },
      {
        type: "Action.Execute",
        title: "Not helpful",
        verb: "feedback.unhelpful",
        data: { actionId: "feedback.unhelpful", value: "ans1" },
        associatedInputs: "none",
      },
    ]);
  });

  it("shows each source as its title, author and date, linked when it has a URL, never the file name", () => {
    // Act
    const card = renderReplyCard(
      reply([
        {
          type: "citations",
          citations: [
            {
              n: 1,
              passageId: "p1",
              kind: "article",
              title: "Spinning out [adult] care",
              source: "001_abc.txt",
              author: "Jo Bloggs",
              date: "2012-09-20",
              url: "https://example.org/a(1)",
              quote: "We kept the pension.",
            },
            {
              n: 2,
              passageId: "p2",
              kind: "guide",
              title: "What TUPE protects",
              source: "guide.json",
              quote: "",
            },
            {
              n: 3,
              passageId: "p3",
              kind: "article",
              title: "Bad link",
              source: "x.txt",
              url: "javascript:alert(1)",
              quote: "",
            },
          ],
        },
      ]),
    ).content as { body: CardElement[] };

    // Assess
    const texts = walk(card.body)
      .filter((e) => e.type === "TextBlock")
      .map((e) => String(e.text));
    expect(texts).toContain(
      "**[1]** [Spinning out (adult) care](https://example.org/a(1%29) — Jo Bloggs, 20 September 2012",
    );
    expect(texts).toContain("**[2]** What TUPE protects — Pathfinder guide");
    expect(texts).toContain("**[3]** Bad link");
    expect(texts.join()).not.toMatch(/001_abc|guide\.json|x\.txt/);
    expect(texts.some((t) => t.includes("We kept the pension."))).toBe(true);
  });

  it("labels AI-generated answers in the card and with Teams' AI entity, and only those", () => {
    // Act
    const ai = renderReplyActivity({ ...answer, aiGenerated: true });
    const plain = renderReplyActivity(answer);

    // Assess
    const aiCard = ai.attachments?.[0]?.content as { body: CardElement[] };
    expect(String(aiCard.body[0]?.text)).toContain(AI_GENERATED_LABEL);
    expect(ai.entities?.[0]?.additionalType).toEqual(["AIGeneratedContent"]);
    const plainCard = plain.attachments?.[0]?.content as { body: CardElement[] };
    expect(JSON.stringify(plainCard)).not.toContain(AI_GENERATED_LABEL);
    expect(plain.entities).toBeUndefined();
    expect(plain.summary).toBe("fallback");
  });

  it("turns a long list of same-id choices into a dropdown whose selection is the action's value", () => {
    // Prepare
    const choices: ReplyAction[] = Array.from({ length: 9 }, (_, i) => ({
      id: "blocker.correct",
      label: `Category ${i}`,
      value: `r1|cat-${i}`,
    }));

    // Act
    const card = renderReplyCardContent(reply([{ type: "actions", actions: choices }]));

    // Assess
    const input = walk(card.body).find((e) => e.type === "Input.ChoiceSet");
    expect(input?.choices).toHaveLength(9);
    const [button] = actionsOf(card.body);
    const data = { ...(button?.data as object), [String(input?.id)]: "r1|cat-4" };
    expect(readCardActionData(data)).toEqual({ actionId: "blocker.correct", value: "r1|cat-4" });
  });

  it("splits mixed buttons into sets of at most five and drops a button whose value cannot fit", () => {
    // Prepare
    const actions: ReplyAction[] = [
      ...Array.from({ length: 6 }, (_, i) => ({
        id: "ambassador.choose" as const,
        label: `A${i}`,
        value: `${i}`,
      })),
      { id: "blocker.log", label: "Log", value: "x".repeat(TEAMS_LIMITS.actionValue + 1) },
      { id: "intro.accept", label: "Accept", value: "i1" },
    ];

    // Act
    const card = renderReplyCardContent(reply([{ type: "actions", actions }]));

    // Assess
    const sets = card.body.filter((e) => e.type === "ActionSet");
    expect(sets.map((s) => (s.actions as unknown[]).length)).toEqual([5, 2]);
    expect(JSON.stringify(card)).not.toContain("blocker.log");
  });

  it("keeps an oversized reply under Teams' size limit, with a note and the final buttons", () => {
    // Prepare
    const huge = reply([
      ...Array.from({ length: 40 }, (_, i) => ({
        type: "text" as const,
        text: `${i} ${"word ".repeat(400)}`,
      })),
      { type: "actions", actions: [{ id: "feedback.helpful", label: "Helpful", value: "a" }] },
    ]);

    // Act
    const card = renderReplyCardContent(huge);

    // Assess
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    expect(JSON.stringify(card)).toContain("cut to fit in Teams");
    expect(card.body.at(-1)?.type).toBe("ActionSet");
    expect(walk(card.body).every((e) => e.type !== "TextBlock" || String(e.text).length <= 3000)).toBe(true);
  });

  it("falls back to the reply text when there are no blocks", () => {
    // Act
    const card = renderReplyCardContent(reply([], { text: "Just this" }));

    // Assess
    expect(card.body).toEqual([{ type: "TextBlock", text: "Just this", wrap: true }]);
  });
});

describe("toCardMarkdown", () => {
  it("converts *bold* and breaks disguised links from echoed text", () => {
    // Act
    const out = toCardMarkdown("*Note* see [your bank](https://evil.example) now");

    // Assess
    expect(out).toBe("**Note** see [your bank] (https://evil.example) now");
  });

  it("drops the backticks of inline code, which card markdown would show literally", () => {
    // Act
    const out = toCardMarkdown("Type `ask what is TUPE?` or *try `mentor`* now");

    // Assess
    expect(out).toBe("Type ask what is TUPE? or **try mentor** now");
  });
});

describe("readCardActionData", () => {
  it("rejects payloads without a string action id or value", () => {
    // Act / Assess
    expect(readCardActionData(undefined)).toBeUndefined();
    expect(readCardActionData("feedback.helpful")).toBeUndefined();
    expect(readCardActionData({ actionId: 3, value: "x" })).toBeUndefined();
    expect(readCardActionData({ actionId: "a" })).toBeUndefined();
    expect(readCardActionData({ actionId: "a", valueInput: "pf1" })).toBeUndefined();
    expect(readCardActionData({ actionId: "a", value: "" })).toEqual({ actionId: "a", value: "" });
  });
});

describe("card inputs, validated by the adaptivecards SDK as Teams clients do", () => {
  // The SDK renders to a DOM; linkedom's is enough for parsing and input validation, so the check runs
  // in Node. Globals are set for this file only and removed afterwards.
  let AC: typeof import("adaptivecards");
  const globalNames = ["window", "document", "HTMLElement", "Node"] as const;
  beforeAll(async () => {
    const { window, document } = parseHTML("<!doctype html><html><body></body></html>");
    Object.assign(globalThis, { window, document, HTMLElement: window.HTMLElement, Node: window.Node });
    AC = await import("adaptivecards");
  });
  afterAll(() => {
    for (const name of globalNames) Reflect.deleteProperty(globalThis, name);
  });

  /** Each button's title and the ids of the inputs that would stop its press (none chosen yet). */
  function blockedInputs(content: ReturnType<typeof renderReplyCardContent>) {
    const card = new AC.AdaptiveCard();
    const errors = new AC.SerializationContext();
    card.parse(content, errors);
    expect(errors.eventCount).toBe(0);
    return new Map(card.getAllActions().map((a) => [a.title, a.validateInputs().map((i) => i.id)]));
  }

  it("regression (issue 13.8): the blocker card's buttons work before a category is chosen; only Choose needs one", () => {
    // Prepare: the blocker reply's shape (bots/core/features/blockers.ts): correction choices, then extras
    const corrections: ReplyAction[] = CATEGORIES.slice(1).map((c) => ({
      id: "blocker.correct",
      label: c.label,
      value: joinValue("rep1", c.id),
    }));
    const blocker = reply([
      { type: "text", text: "Logged as *Staff and unions*." },
      { type: "actions", actions: corrections },
      {
        type: "actions",
        actions: [
          { id: "blocker.consent", label: "Quote me anonymously in the digest", value: "rep1|quote" },
          { id: "blocker.consent", label: "Peers may contact me", value: "rep1|contact" },
          { id: "ambassador.request", label: "Talk to an ambassador", value: "staff-unions" },
        ],
      },
    ]);

    // Act
    const blocked = blockedInputs(renderReplyCardContent(blocker));

    // Assess
    const choice = walk(renderReplyCardContent(blocker).body).find((e) => e.type === "Input.ChoiceSet");
    expect(blocked.get("Choose")).toEqual([choice?.id]);
    expect(blocked.get("Quote me anonymously in the digest")).toEqual([]);
    expect(blocked.get("Peers may contact me")).toEqual([]);
    expect(blocked.get("Talk to an ambassador")).toEqual([]);
  });
});
