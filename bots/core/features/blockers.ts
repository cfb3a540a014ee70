/**
 * Blockers: `blocker` logs an obstacle (and "Log this as a blocker" under an answer), `blockers` lists
 * yours, `resolve` closes one with what helped; buttons correct the category and give consent.
 */

import { reportsByOthers } from "../../../peer/obstacles.ts";
import type { UserRef } from "../../../peer/ports.ts";
import { toQuote } from "../../../peer/quote.ts";
import { CATEGORIES, categoryLabel, isCategoryId } from "../../../peer/taxonomy.ts";
import { type ActionHandler, type CommandHandler, type FeatureContext, result } from "../feature.ts";
import { action, blocksReply, joinValue, splitValue, textReply } from "../replies.ts";
import type { CoreResult, ReplyAction, ReplyBlock } from "../reply.ts";

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

async function logBlocker(
  ctx: FeatureContext,
  actor: UserRef,
  text: string,
  eventId: string,
): Promise<CoreResult> {
  if (!text.trim()) {
    return result(
      textReply(
        "Tell me what is blocking you, for example: *blocker our union reps are against the spin-out*.",
      ),
    );
  }
  const { peer } = ctx;
  const { report } = await peer.obstacles.log({
    user: actor,
    text,
    idempotencyKey: `blocker:${actor.platform}:${eventId}`,
    now: ctx.now(),
  });
  const top = report.categories[0];
  const label = top ? categoryLabel(top.id) : "Uncategorised";
  // The week's counter includes every report of the reporter's own too (this one and any earlier ones).
  const others = top
    ? reportsByOthers(
        (await peer.stats.counts(report.week)).reports[top.id] ?? 0,
        await peer.obstacles.listForUser(actor, { limit: 500 }),
        report.week,
        top.id,
      )
    : 0;
  const current = new Set(report.categories.map((c) => c.id));
  const corrections: ReplyAction[] = CATEGORIES.filter((c) => !current.has(c.id)).map((c) =>
    action("blocker.correct", c.label, joinValue(report.id, c.id)),
  );
  const blocks: ReplyBlock[] = [
    {
      type: "text",
      text: `Logged as *${label}*${top ? ` (${percent(top.confidence)} sure)` : ""}.${
        others > 0
          ? ` You're not alone: ${others} ${others === 1 ? "report" : "reports"} from other people this week.`
          : ""
      }`,
    },
    {
      type: "context",
      text: `Not right? Choose the category that fits. Reference: ${report.id.slice(0, 8)}`,
    },
    { type: "actions", actions: corrections },
  ];
  const extras: ReplyAction[] = [];
  if (peer.obstacles.setConsent) {
    if (!report.allowQuote) {
      extras.push(
        action("blocker.consent", "Quote me anonymously in the digest", joinValue(report.id, "quote")),
      );
    }
    if (!report.contactable) {
      extras.push(action("blocker.consent", "Peers may contact me", joinValue(report.id, "contact")));
    }
  }
  extras.push(
    action("ambassador.request", "Talk to an ambassador", report.categories.map((c) => c.id).join(",")),
  );
  blocks.push({ type: "actions", actions: extras });
  if (!report.allowQuote) {
    // Issue 13 item 6: the reporter sees exactly what a quote would show (scrubbed) before agreeing to it.
    const quote = toQuote(report.text);
    blocks.push({
      type: "context",
      text: quote
        ? `If you agree to be quoted, the digest would show: "${quote}"`
        : "There is nothing left to quote once contact details are removed.",
    });
  }
  blocks.push({
    type: "context",
    text: "Your text is stored without contact details and expires after 13 months. *forget-me* erases it.",
  });
  return result(blocksReply(blocks, "private", `Logged as ${label}`));
}

export const blockerCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}blocker <what is blocking you>*: logs an obstacle so others can see it is common; you can correct the category`,
  menu: "Log what is blocking you (you can correct the category)",
  aliases: ["obstacle"],
  run: (ctx, req, { args }) => logBlocker(ctx, req.actor, args, req.eventId),
};

export const blockersCommand: CommandHandler = {
  helpLine: (p) => `*${p}blockers*: the blockers you have logged`,
  bare: true,
  async run(ctx, req) {
    const reports = await ctx.peer.obstacles.listForUser(req.actor, { limit: 10 });
    if (reports.length === 0) {
      return result(textReply("You haven't logged any blockers. Use *blocker <what is blocking you>*."));
    }
    return result(
      blocksReply(
        [
          { type: "heading", text: "Your blockers" },
          {
            type: "items",
            items: reports.map((r) => ({
              title: `${r.categories.map((c) => categoryLabel(c.id)).join(", ") || "Uncategorised"} (${r.status})`,
              detail: `${r.text.slice(0, 200)}${r.text.length > 200 ? "…" : ""}\nReference ${r.id.slice(0, 8)}, ${r.createdAt.slice(0, 10)}`,
            })),
          },
          { type: "context", text: "Mark one resolved with *resolve <reference> <what helped>*." },
        ],
        "private",
        "Your blockers",
      ),
    );
  },
};

export const resolveCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}resolve <what helped>*: marks your latest blocker resolved (or \`resolve <id> <what helped>\`)`,
  menu: "Mark your latest blocker resolved and say what helped",
  aliases: ["resolved"],
  async run(ctx, req, { args }) {
    const reports = await ctx.peer.obstacles.listForUser(req.actor, { limit: 50 });
    const open = reports.filter((r) => r.status === "open");
    const [first = "", ...rest] = args.split(/\s+/);
    const byRef =
      first.length >= 4 ? reports.find((r) => r.id.toLowerCase().startsWith(first.toLowerCase())) : undefined;
    const report = byRef ?? open[0];
    const note = (byRef ? rest.join(" ") : args).trim();
    if (!report) return result(textReply("You have no open blockers to resolve."));
    if (!note) {
      return result(
        textReply(
          "Tell me what helped, so others can learn from it, e.g. *resolve the union came round after a joint workshop*.",
        ),
      );
    }
    const resolved = await ctx.peer.obstacles.resolve(req.actor, report.id, note, ctx.now());
    const label = resolved.categories.map((c) => categoryLabel(c.id)).join(", ");
    return result(
      textReply(
        `Marked your *${label}* blocker resolved. Thank you: what helped will appear, anonymously, in the weekly digest.`,
      ),
    );
  },
};

/** "Log this as a blocker" under an answer (value: the question text). */
export const logBlockerAction: ActionHandler = (ctx, req) =>
  logBlocker(ctx, req.actor, req.value, req.eventId);

/** Correct a report's category (value: report id + category id). */
export const correctBlockerAction: ActionHandler = async (ctx, req) => {
  const [reportId = "", category = ""] = splitValue(req.value);
  if (!isCategoryId(category)) return result(textReply("That category isn't one I know."));
  const report = await ctx.peer.obstacles.correct(req.actor, reportId, [category]);
  const labels = report.categories.map((c) => categoryLabel(c.id)).join(", ");
  return result(textReply(`Thanks: filed under *${labels}*. You know your situation best.`));
};

/** The reporter opts in (value: report id + "quote" | "contact"). */
export const consentAction: ActionHandler = async (ctx, req) => {
  const [reportId = "", what = ""] = splitValue(req.value);
  if (!ctx.peer.obstacles.setConsent) return result(textReply("Consent changes aren't available yet."));
  const consent = what === "quote" ? { allowQuote: true } : { contactable: true };
  await ctx.peer.obstacles.setConsent(req.actor, reportId, consent);
  return result(
    textReply(
      what === "quote"
        ? "Thanks: the digest may quote your blocker, anonymised and without contact details."
        : "Thanks: people facing the same obstacle may ask to compare notes with you; you'll always be asked first.",
    ),
  );
};
