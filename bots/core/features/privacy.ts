/** Privacy: `export` shows what Pathfinder holds about you; `forget-me` erases it after a confirmation. */
import { countOf, personalDataJson, personalDataSections } from "../../../peer/privacy.ts";
import type { ActionHandler, CommandHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { ReplyBlock } from "../reply.ts";
import { splitText } from "../text-limits.ts";

/** Slack sections hold 3,000 characters; the summary is split into blocks below that. */
const BLOCK_CHARS = 2800;

export const exportCommand: CommandHandler = {
  helpLine: (p) => `*${p}export*: everything Pathfinder holds about you`,
  menu: "Everything Pathfinder holds about you",
  bare: true,
  async run(ctx, req) {
    const data = await ctx.peer.privacy.export(req.actor);
    // Issue 16: a readable summary in chat (dates, plurals), the full records as a JSON file attached.
    const { intro, sections } = personalDataSections(data);
    const blocks: ReplyBlock[] = [
      { type: "heading", text: "What Pathfinder holds about you" },
      { type: "text", text: intro },
      ...sections.flatMap((section): ReplyBlock[] => [
        { type: "heading", text: section.title },
        ...splitText(section.lines.map((line) => `- ${line}`).join("\n"), BLOCK_CHARS).map(
          (text): ReplyBlock => ({ type: "text", text }),
        ),
      ]),
      {
        type: "context",
        text: "The attached file has every record in full. *forget-me* erases them.",
      },
    ];
    const reply = blocksReply(blocks, "private", intro);
    reply.attachment = {
      filename: `pathfinder-export-${data.exportedAt.slice(0, 10)}.json`,
      mediaType: "application/json",
      content: personalDataJson(data),
    };
    return result(reply);
  },
};

export const forgetMeCommand: CommandHandler = {
  helpLine: (p) => `*${p}forget-me*: erase what Pathfinder holds about you`,
  menu: "Erase what Pathfinder holds about you",
  aliases: ["forget", "forgetme", "erase"],
  bare: true,
  async run() {
    return result(
      blocksReply(
        [
          {
            type: "text",
            text: "This erases everything Pathfinder holds about you: your blocker reports, introductions, feedback and opt-ins. Anonymous weekly counts stay. It cannot be undone.",
          },
          { type: "actions", actions: [action("privacy.erase.confirm", "Erase my data", "erase", "danger")] },
        ],
        "private",
        "Confirm erasure",
      ),
    );
  },
};

/** The confirmation button under `forget-me`. */
export const confirmEraseAction: ActionHandler = async (ctx, req) => {
  const { deleted } = await ctx.peer.privacy.erase(req.actor);
  return result(
    textReply(`Done. I erased ${countOf(deleted, "record")} about you. Anonymous weekly counts remain.`),
  );
};
