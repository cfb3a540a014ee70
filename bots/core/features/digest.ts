/**
 * The digest on demand: `digest` previews this week's digest so far (a blocker logged a moment ago is
 * counted), privately, with a button for last week's, which is what Monday's post reports on.
 */
import { previousWeek } from "../../../peer/week.ts";
import type { ActionHandler, CommandHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { action } from "../replies.ts";
import type { Reply } from "../reply.ts";

function withLastWeekButton(reply: Reply): Reply {
  return {
    ...reply,
    // The week is worked out when pressed, so the button means "last week" whenever it is pressed.
    blocks: [
      ...reply.blocks,
      { type: "actions", actions: [action("digest.last-week", "Last week's digest", "")] },
    ],
    visibility: "private",
  };
}

export const digestCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}digest*: this week's digest of common blockers so far, with a button for last week's (only you see it)`,
  menu: "This week's digest of common blockers so far; last week's on a button",
  bare: true,
  async run(ctx) {
    return result(withLastWeekButton(await ctx.digest.preview()));
  },
};

/** "Last week's digest": the week that ended most recently, as Monday's post shows it. */
export const lastWeekDigestAction: ActionHandler = async (ctx) =>
  result({ ...(await ctx.digest.preview(previousWeek(ctx.now()))), visibility: "private" });
