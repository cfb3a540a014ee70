/** Privacy: `export` shows what Pathfinder holds about you; `forget-me` erases it after a confirmation. */
import type { ActionHandler, CommandHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { ReplyBlock } from "../reply.ts";

/** Chat platforms limit message size; the CLI (`pathfinder export --user`) gives the full file. */
const EXPORT_PREVIEW_CHARS = 2800;

export const exportCommand: CommandHandler = {
  helpLine: (p) => `*${p}export*: everything Pathfinder holds about you`,
  menu: "Everything Pathfinder holds about you",
  bare: true,
  async run(ctx, req) {
    const data = await ctx.peer.privacy.export(req.actor);
    const json = JSON.stringify(data, null, 2);
    const summary =
      `Pathfinder holds ${data.reports.length} blocker report(s), ${data.introductions.length} introduction(s), ` +
      `${data.feedback.length} feedback rating(s), ${data.ambassadorProfiles.length} ambassador profile(s) and ` +
      `${data.subscriptionsMade.length} subscription(s) made by you.`;
    const blocks: ReplyBlock[] = [
      { type: "text", text: summary },
      {
        type: "text",
        text:
          json.length > EXPORT_PREVIEW_CHARS ? `${json.slice(0, EXPORT_PREVIEW_CHARS)}\n…(truncated)` : json,
      },
    ];
    return result(blocksReply(blocks, "private", summary));
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
  return result(textReply(`Done. I erased ${deleted} record(s) about you. Anonymous weekly counts remain.`));
};
