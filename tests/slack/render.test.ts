import { describe, expect, it } from "vitest";
import type { Reply, ReplyAction } from "../../bots/core/reply.ts";
import {
  AI_GENERATED_LABEL,
  baseActionId,
  escapeMrkdwn,
  renderReply,
  SLACK_LIMITS,
  splitText,
} from "../../bots/slack/render.ts";

function reply(blocks: Reply["blocks"], extra: Partial<Reply> = {}): Reply {
  return { text: "fallback", blocks, visibility: "public", ...extra };
}

describe("renderReply", () => {
  it("shows each source as its title, author and date, linked when it has a URL, never the file name", () => {
    // Prepare
    const answer = reply([
      {
        type: "citations",
        citations: [
          {
            n: 1,
            passageId: "p1",
            kind: "article",
            title: "Spinning out <adult> care",
            source: "001_abc.txt",
            author: "Jo Bloggs",
            date: "2012-09-20",
            url: "https://example.org/a?x=1|2",
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
        ],
      },
    ]);

    // Act
    const texts = renderReply(answer).blocks.flatMap((b) =>
      b.type === "context" ? b.elements.map((e) => ("text" in e ? e.text : "")) : [],
    );

    // Assess
    expect(texts).toEqual([
      "*Sources*",
      "*[1] <https://example.org/a?x=1%7C2|Spinning out &lt;adult&gt; care>* — Jo Bloggs, 20 September 2012\n> We kept the pension.",
      "*[2] What TUPE protects* — Pathfinder guide",
    ]);
    expect(texts.join()).not.toContain("001_abc.txt");
  });

  it("renders a cited answer as sections, numbered source context blocks and buttons", () => {
    // Prepare
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
            {
              n: 2,
              passageId: "p2",
              kind: "article",
              title: "Pensions & TUPE",
              source: "002.txt",
              quote: "Staff keep terms.",
            },
          ],
        },
        {
          type: "actions",
          actions: [
            { id: "feedback.helpful", label: "Yes", value: "a1" },
            { id: "feedback.unhelpful", label: "No", value: "a1" },
            {
              id: "ambassador.request",
              label: "Talk to an ambassador",
              value: "business-case",
              style: "primary",
            },
          ],
        },
      ],
      { answerId: "a1" },
    );

    // Act
    const out = renderReply(answer);

    // Assess
    expect(out.text).toBe("fallback");
    expect(out.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "Start with the *business case* [1]." },
    });
    const contexts = out.blocks.filter((b) => b.type === "context").map((b) => JSON.stringify(b));
    expect(
      contexts.some((c) => c.includes("[1] Making the numbers add up") && c.includes("Savings of 5%.")),
    ).toBe(true);
    expect(contexts.some((c) => c.includes("[2] Pensions &amp; TUPE"))).toBe(true);
    const actions = out.blocks.find((b) => b.type === "actions");
    expect(actions?.type === "actions" && actions.elements).toEqual([
      expect.objectContaining({ type: "button", action_id: "feedback.helpful", value: "a1" }),
      expect.objectContaining({ type: "button", action_id: "feedback.unhelpful", value: "a1" }),
      expect.objectContaining({ action_id: "ambassador.request", value: "business-case", style: "primary" }),
    ]);
  });

  it("escapes &, < and > so user text cannot inject mentions or links", () => {
    // Prepare
    const hostile = reply([{ type: "text", text: "<!channel> <https://evil.example|click> & more" }], {
      text: "<!here>",
    });

    // Act
    const out = renderReply(hostile);

    // Assess
    const json = JSON.stringify(out);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<https://");
    expect(out.text).toBe("&lt;!here&gt;");
    expect(escapeMrkdwn("a<b>&c")).toBe("a&lt;b&gt;&amp;c");
  });

  it("labels AI-generated answers", () => {
    // Act
    const out = renderReply(reply([{ type: "text", text: "An answer" }], { aiGenerated: true }));

    // Assess
    expect(JSON.stringify(out.blocks.at(-1))).toContain(AI_GENERATED_LABEL);
    expect(JSON.stringify(renderReply(reply([{ type: "text", text: "x" }])))).not.toContain(
      AI_GENERATED_LABEL,
    );
  });

  it("splits a section longer than 3000 characters and never exceeds the limit", () => {
    // Prepare
    const long = "word ".repeat(2000).trim(); // ~10,000 characters

    // Act
    const out = renderReply(reply([{ type: "text", text: long }]));

    // Assess
    const sections = out.blocks.filter((b) => b.type === "section");
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const s of sections) {
      expect(s.type === "section" && s.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    const rejoined = sections.map((s) => (s.type === "section" ? s.text?.text : "")).join(" ");
    expect(rejoined.replace(/\s+/g, " ")).toBe(long);
  });

  it("keeps at most 50 blocks, says it cut, and keeps the closing buttons", () => {
    // Prepare
    const items = Array.from({ length: 80 }, (_, i) => ({ title: `Blocker ${i}` }));
    const many = reply([
      { type: "items", items },
      { type: "actions", actions: [{ id: "feedback.helpful", label: "Yes", value: "a" }] },
    ]);

    // Act
    const out = renderReply(many);

    // Assess
    expect(out.blocks).toHaveLength(SLACK_LIMITS.messageBlocks);
    expect(out.blocks.at(-1)?.type).toBe("actions");
    expect(JSON.stringify(out.blocks)).toContain("cut to fit");
  });

  it("truncates button labels to 75 characters and drops buttons whose value cannot fit", () => {
    // Prepare
    const actions: ReplyAction[] = [
      { id: "ambassador.choose", label: "L".repeat(200), value: "amb-1" },
      { id: "ambassador.choose", label: "Too big", value: "v".repeat(2001) },
    ];

    // Act
    const out = renderReply(reply([{ type: "actions", actions }]));

    // Assess
    const block = out.blocks[0];
    expect(block?.type).toBe("actions");
    if (block?.type !== "actions") return;
    expect(block.elements).toHaveLength(1);
    const first = block.elements[0];
    expect(first?.type === "button" && first.text.text.length).toBe(SLACK_LIMITS.buttonText);
  });

  it("makes repeated action ids unique within a block, and baseActionId undoes it", () => {
    // Prepare
    const actions: ReplyAction[] = ["legal", "funding", "hr"].map((c) => ({
      id: "blocker.correct",
      label: c,
      value: `r1|${c}`,
    }));

    // Act
    const out = renderReply(reply([{ type: "actions", actions }]));

    // Assess
    const block = out.blocks[0];
    const ids =
      block?.type === "actions" ? block.elements.map((e) => ("action_id" in e ? e.action_id : "")) : [];
    expect(ids).toEqual(["blocker.correct", "blocker.correct#2", "blocker.correct#3"]);
    expect(ids.map((id) => baseActionId(id ?? ""))).toEqual([
      "blocker.correct",
      "blocker.correct",
      "blocker.correct",
    ]);
  });

  it("renders items with one button as a section accessory and several as an actions block", () => {
    // Prepare
    const items = reply([
      {
        type: "items",
        items: [
          {
            title: "Asha",
            detail: "helped 3 others with TUPE",
            actions: [{ id: "ambassador.choose", label: "Choose", value: "a1" }],
          },
          {
            title: "Report 7",
            actions: [
              { id: "blocker.consent", label: "Quote me", value: "r7|quote" },
              { id: "blocker.correct", label: "Correct", value: "r7|hr" },
            ],
          },
        ],
      },
    ]);

    // Act
    const out = renderReply(items);

    // Assess
    expect(out.blocks[0]).toMatchObject({
      type: "section",
      text: { text: "*Asha*\nhelped 3 others with TUPE" },
      accessory: { action_id: "ambassador.choose", value: "a1" },
    });
    expect(out.blocks[1]).toMatchObject({ type: "section", text: { text: "*Report 7*" } });
    expect(out.blocks[2]?.type).toBe("actions");
  });

  it("drops empty paragraphs (Slack rejects empty section text) and falls back when text is blank", () => {
    // Act
    const out = renderReply(
      reply(
        [
          { type: "text", text: "   " },
          { type: "heading", text: "" },
        ],
        { text: " " },
      ),
    );

    // Assess
    expect(out.blocks).toEqual([]);
    expect(out.text).toBe("Pathfinder");
  });
});

describe("splitText", () => {
  it("prefers line breaks and never returns a piece over the limit", () => {
    // Act
    const pieces = splitText(`${"a".repeat(60)}\n${"b".repeat(60)}`, 100);

    // Assess
    expect(pieces).toEqual(["a".repeat(60), "b".repeat(60)]);
    expect(splitText("x".repeat(250), 100).map((p) => p.length)).toEqual([100, 100, 50]);
  });
});
