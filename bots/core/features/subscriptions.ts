/**
 * Subscriptions: `subscribe` / `unsubscribe` send this conversation the weekly digest, or stop it;
 * `subscribe ambassadors` / `unsubscribe ambassadors` (coordinators only) make it the ambassadors' place, where
 * questions Pathfinder could not answer are posted (issue 15).
 */
import type { SubscriptionKind } from "../../../peer/ports.ts";
import type { CommandHandler, FeatureContext } from "../feature.ts";
import { commandPrefix, result } from "../feature.ts";
import { textReply } from "../replies.ts";
import type { CoreResult, MessageRequest } from "../reply.ts";
import { askQuestion } from "./questions.ts";

async function subscribe(
  ctx: FeatureContext,
  req: MessageRequest,
  on: boolean,
  kind: SubscriptionKind,
): Promise<CoreResult> {
  const platform = req.actor.platform;
  if (platform !== "slack" && platform !== "teams") {
    return result(
      textReply(
        kind === "digest"
          ? "The weekly digest goes to Slack channels and Teams conversations."
          : "The ambassadors' place is a Slack channel or a Teams conversation.",
      ),
    );
  }
  if (kind === "ambassadors" && !ctx.roles.isCoordinator(req.actor)) {
    return result(
      textReply(
        "Only coordinators can set the ambassadors' place (PATHFINDER_COORDINATORS in the configuration).",
      ),
    );
  }
  if (on) {
    const { created } = await ctx.peer.subscriptions.subscribe({
      platform,
      conversationId: req.conversation.id,
      ...(req.reference === undefined ? {} : { reference: req.reference }),
      by: req.actor,
      now: ctx.now(),
      kind,
    });
    if (kind === "ambassadors") {
      return result(
        textReply(
          created
            ? "This conversation is now the ambassadors' place: questions Pathfinder can't answer will be posted here. Reply in a question's thread to answer it."
            : "This conversation is already the ambassadors' place.",
          "public",
        ),
      );
    }
    return result(
      textReply(
        created
          ? "Subscribed: this conversation will get the weekly digest of common blockers every Monday at 09:00."
          : "This conversation is already subscribed to the weekly digest.",
        "public",
      ),
    );
  }
  const { removed } = await ctx.peer.subscriptions.unsubscribe(platform, req.conversation.id, kind);
  if (kind === "ambassadors") {
    return result(
      textReply(
        removed
          ? "This conversation is no longer the ambassadors' place: new questions won't be posted here."
          : "This conversation wasn't the ambassadors' place.",
        "public",
      ),
    );
  }
  return result(
    textReply(
      removed
        ? "Unsubscribed: this conversation will no longer get the weekly digest."
        : "This conversation wasn't subscribed.",
      "public",
    ),
  );
}

/**
 * `subscribe` alone is the digest, `subscribe ambassadors` the ambassadors' place. Other words after it are,
 * in chat, a question ("subscribe me to what?"), and after `/pathfinder` a hint.
 */
function subscription(on: boolean): CommandHandler["run"] {
  return (ctx, req, { args }) => {
    const word = args.trim().toLowerCase();
    if (!word) return subscribe(ctx, req, on, "digest");
    if (word === "ambassadors" || word === "ambassador") return subscribe(ctx, req, on, "ambassadors");
    if (req.mode === "chat") return askQuestion(ctx, req, req.text.trim());
    const p = commandPrefix(req.actor.platform);
    return Promise.resolve(
      result(
        textReply(
          `Try *${p}${on ? "subscribe" : "unsubscribe"}* or *${p}${on ? "subscribe" : "unsubscribe"} ambassadors*.`,
        ),
      ),
    );
  };
}

export const subscribeCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}subscribe* / *${p}unsubscribe*: this conversation gets the weekly digest, or stops; *${p}subscribe ambassadors*: (coordinators) questions Pathfinder can't answer are posted here`,
  menu: "Send the weekly digest to this conversation",
  run: subscription(true),
};

/** Shares subscribe's help line; left out of Teams' 10-command menu (help lists it). */
export const unsubscribeCommand: CommandHandler = {
  run: subscription(false),
};
