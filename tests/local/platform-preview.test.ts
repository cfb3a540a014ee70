/** The digest preview's Slack and Teams renderings, from the real renderers' output. */
import { describe, expect, it } from "vitest";
import type { Reply } from "../../bots/core/reply.ts";
import { renderReply } from "../../bots/slack/render.ts";
import { renderReplyCardContent } from "../../bots/teams/render.ts";
import {
  adaptiveCardToHtml,
  cardMarkdownToHtml,
  slackBlocksToHtml,
  slackMrkdwnToHtml,
} from "../../local/platform-preview.ts";

const reply: Reply = {
  text: "Digest",
  visibility: "public",
  blocks: [
    { type: "heading", text: "Pathfinder weekly digest: 16 to 22 November 2026" },
    { type: "text", text: "The most common was *Staff and unions* <b>(3 reports)</b>." },
    {
      type: "citations",
      citations: [
        {
          n: 1,
          passageId: "p",
          kind: "article",
          title: "Winning over unions",
          source: "003.txt",
          author: "Jo Bloggs",
          date: "2012-09-20",
          url: "https://example.org/unions",
          quote: "Talk early & often.",
        },
      ],
    },
    {
      type: "items",
      items: [
        {
          title: "Staff and unions",
          detail: "3 reports",
          actions: [{ id: "ambassador.request", label: "Talk to an ambassador", value: "staff-unions" }],
        },
      ],
    },
    { type: "context", text: "Whole network." },
  ],
};

describe("slackMrkdwnToHtml", () => {
  it("formats bold, italics, quotes and links, and never lets markup through", () => {
    // Act
    const html = slackMrkdwnToHtml(
      "*bold* and _it_ &lt;img src=x&gt;\n&gt; quoted\n<https://example.org|a link>",
    );

    // Assess
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("<em>it</em>");
    expect(html).toContain("&lt;img src=x&gt;");
    expect(html).toContain('<span class="pv-quote">quoted</span>');
    expect(html).toContain('<a href="https://example.org" rel="noreferrer noopener">a link</a>');
  });

  it("does not turn a non-web link target into a link", () => {
    expect(slackMrkdwnToHtml("<javascript:alert(1)|click>")).toBe("click");
  });
});

describe("slackBlocksToHtml", () => {
  it("shows a reply as Slack will: header, sections, sources, buttons, context, with the text escaped", () => {
    // Act
    const html = slackBlocksToHtml(renderReply(reply).blocks);

    // Assess
    expect(html).toContain('<p class="pv-header">Pathfinder weekly digest: 16 to 22 November 2026</p>');
    expect(html).toContain("<strong>Staff and unions</strong> &lt;b&gt;(3 reports)&lt;/b&gt;");
    expect(html).toContain("Talk early &amp; often.");
    expect(html).toContain(
      '<strong>[1] <a href="https://example.org/unions" rel="noreferrer noopener">Winning over unions</a></strong> — Jo Bloggs, 20 September 2012',
    );
    expect(html).not.toContain("003.txt");
    expect(html).toContain('<span class="pv-button">Talk to an ambassador</span>');
    expect(html).not.toContain("<b>");
  });
});

describe("cardMarkdownToHtml", () => {
  it("links web URLs only", () => {
    expect(cardMarkdownToHtml("[ok](https://example.org/a) [bad](javascript:alert(1))")).toBe(
      '<a href="https://example.org/a" rel="noreferrer noopener">ok</a> [bad](javascript:alert(1))',
    );
  });
});

describe("adaptiveCardToHtml", () => {
  it("shows the card as Teams will: bold text, a source that expands to its quote, buttons", () => {
    // Act
    const html = adaptiveCardToHtml(renderReplyCardContent(reply));

    // Assess
    expect(html).toContain("<strong>Staff and unions</strong> &lt;b&gt;(3 reports)&lt;/b&gt;");
    expect(html).toMatch(
      /<details class="tm-container[^"]*"><summary>.*Winning over unions.*<\/summary>.*Talk early &amp; often\..*<\/details>/s,
    );
    expect(html).toContain(
      '<strong>[1]</strong> <a href="https://example.org/unions" rel="noreferrer noopener">Winning over unions</a> — Jo Bloggs, 20 September 2012',
    );
    expect(html).not.toContain("003.txt");
    expect(html).toContain("Talk to an ambassador</span>");
    expect(html).not.toContain("<b>");
  });
});
