/** The digest: `digest` previews this week's digest to the person who asked. */
import type { CommandHandler } from "../feature.ts";
import { result } from "../feature.ts";

export const digestCommand: CommandHandler = {
  helpLine: (p) => `*${p}digest*: this week's digest of common blockers (only you see it)`,
  menu: "This week's digest of common blockers",
  bare: true,
  async run(ctx) {
    return result({ ...(await ctx.digest.preview()), visibility: "private" });
  },
};
