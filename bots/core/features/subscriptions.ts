/** Subscriptions: `subscribe` / `unsubscribe` send this conversation the weekly digest, or stop it. */
import type { CommandHandler, FeatureContext } from "../feature.ts";
import { result } from "../feature.ts";
import { textReply } from "../replies.ts";
import type { CoreResult, MessageRequest } from "../reply.ts";

async function subscribe(ctx: FeatureContext, req: MessageRequest, on: boolean): Promise<CoreResult> {
  const platform = req.actor.platform;
  if (platform !== "slack" && platform !== "teams") {
    return result(textReply("The weekly digest goes to Slack channels and Teams conversations."));
  }
  if (on) {
    const { created } = await ctx.peer.subscriptions.subscribe({
      platform,
      conversationId: req.conversation.id,
      ...(req.reference === undefined ? {} : { reference: req.reference }),
      by: req.actor,
      now: ctx.now(),
    });
    return result(
      textReply(
        created
          ? "Subscribed: this conversation will get the weekly digest of common blockers every Monday at 09:00."
          : "This conversation is already subscribed to the weekly digest.",
        "public",
      ),
    );
  }
  const { removed } = await ctx.peer.subscriptions.unsubscribe(platform, req.conversation.id);
  return result(
    textReply(
      removed
        ? "Unsubscribed: this conversation will no longer get the weekly digest."
        : "This conversation wasn't subscribed.",
      "public",
    ),
  );
}

export const subscribeCommand: CommandHandler = {
  helpLine: (p) => `*${p}subscribe* / *${p}unsubscribe*: this conversation gets the weekly digest, or stops`,
  menu: "Send the weekly digest to this conversation",
  bare: true,
  run: (ctx, req) => subscribe(ctx, req, true),
};

/** Shares subscribe's help line; left out of Teams' 10-command menu (help lists it). */
export const unsubscribeCommand: CommandHandler = {
  bare: true,
  run: (ctx, req) => subscribe(ctx, req, false),
};
