/**
 * Ambassadors managing themselves in chat: `away until 2027-01-10`, `back`, `capacity 3` and
 * `my introductions` (requests waiting for them, with Accept/Decline, and past ones). The rules are in
 * peer/ambassador-self.ts; a change is one write, so matching sees it at once.
 */
import { makeAmbassadorSelfService, type SelfChange } from "../../../peer/ambassador-self.ts";
import { ambassadorLabel, describeStatus } from "../../../peer/availability.ts";
import type { Introduction } from "../../../peer/ports.ts";
import { categoryLabel } from "../../../peer/taxonomy.ts";
import { isSameUser } from "../../../peer/user-hash.ts";
import type { CommandHandler, CommandInput, FeatureContext } from "../feature.ts";
import { commandPrefix, result } from "../feature.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { MessageRequest, ReplyBlock } from "../reply.ts";
import { askCommand } from "./questions.ts";

/** Past introductions shown under the pending ones. */
const PAST_LIMIT = 10;

function selfService(ctx: FeatureContext) {
  return makeAmbassadorSelfService({ ambassadors: ctx.peer.ambassadors, now: ctx.now });
}

/**
 * In chat these words also start ordinary questions ("my council wants...", "away days for staff?"); text
 * that does not fit the command is answered as a question there, and explained after `/pathfinder`.
 */
function notThisCommand(ctx: FeatureContext, req: MessageRequest, usage: string) {
  if (req.mode === "chat") return askCommand.run(ctx, req, { args: req.text.trim() } satisfies CommandInput);
  return Promise.resolve(result(textReply(`Write it as *${commandPrefix(req.actor.platform)}${usage}*.`)));
}

function changed(change: SelfChange, what: string) {
  return result(
    textReply(
      `${what} You are now *${describeStatus(change.status)}* (${ambassadorLabel(change.ambassador)}, up to ${change.ambassador.monthlyCapacity} a month).`,
    ),
  );
}

export const awayCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}away until 2027-01-10* / *${p}back* / *${p}capacity 3*: ambassadors, your availability`,
  async run(ctx, req, { args }) {
    const date = /^(?:until\s+)?(\d{4}-\d{2}-\d{2})$/i.exec(args.trim())?.[1];
    if (!date) return notThisCommand(ctx, req, "away until 2027-01-10");
    return changed(
      await selfService(ctx).away(req.actor, date),
      `Noted: no introductions until after ${date}.`,
    );
  },
};

export const backCommand: CommandHandler = {
  bare: true,
  async run(ctx, req) {
    return changed(await selfService(ctx).back(req.actor), "Welcome back.");
  },
};

export const capacityCommand: CommandHandler = {
  async run(ctx, req, { args }) {
    if (!/^\d+$/.test(args.trim())) return notThisCommand(ctx, req, "capacity 3");
    const change = await selfService(ctx).capacity(req.actor, args);
    return changed(change, `Capacity set to ${change.ambassador.monthlyCapacity} a month.`);
  },
};

function introductionLine(i: Introduction): string {
  return `${categoryLabel(i.topic)} · asked ${i.createdAt.slice(0, 10)}${i.note ? `\n${i.note}` : ""}`;
}

export const myCommand: CommandHandler = {
  helpLine: (p) => `*${p}my introductions*: requests waiting for you (accept or decline) and past ones`,
  async run(ctx, req, { args }) {
    if (args.trim().toLowerCase() !== "introductions") return notThisCommand(ctx, req, "my introductions");
    const all = await ctx.peer.introductions.listForUser(req.actor);
    const pending = all.filter((i) => i.status === "proposed" && isSameUser(i.target, req.actor));
    const past = all.filter((i) => !pending.includes(i)).slice(0, PAST_LIMIT);
    if (all.length === 0) return result(textReply("You have no introductions yet."));
    const blocks: ReplyBlock[] = [{ type: "heading", text: `Waiting for you (${pending.length})` }];
    blocks.push(
      pending.length
        ? {
            type: "items",
            items: pending.map((i) => ({
              title: `Someone asks about ${categoryLabel(i.topic)}`,
              detail: introductionLine(i),
              actions: [
                action("intro.accept", "Accept", i.id, "primary"),
                action("intro.decline", "Decline", i.id),
              ],
            })),
          }
        : { type: "text", text: "Nothing waiting." },
    );
    if (past.length) {
      blocks.push({ type: "heading", text: "Earlier" });
      blocks.push({
        type: "items",
        items: past.map((i) => ({
          title: `${isSameUser(i.asker, req.actor) ? `You asked ${i.targetName ?? (i.kind === "peer" ? "a peer" : "an ambassador")}` : "Asked of you"}: ${i.status}`,
          detail: introductionLine(i),
        })),
      });
    }
    return result(blocksReply(blocks, "private", `${pending.length} introduction(s) waiting for you`));
  },
};
