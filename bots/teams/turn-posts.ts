/**
 * A turn's own replies (context.sendActivity inside bot.ts's turn), posted at most once. The turn's claim
 * (teams:<conversation>:<activity id>) already stops a redelivered activity from replying twice, but two things
 * could still post a reply again when Teams took it and its answer was lost:
 * - the SDK's own retry policy would re-POST it up to three more times within the turn (postAtMostOnce holds it);
 * - the turn would fail: its claim given back, an apology posted after an answer the person may already see, and
 *   Teams' redelivery of the activity answered afresh. So such a reply counts as sent and the turn carries on.
 * A reply Teams refused (an error status, a refused connection) still fails the turn as before.
 */
import type { ResourceResponse, TurnContext } from "botbuilder";
import { type TeamsLog, warnOf } from "./log.ts";
import { atMostOnceGuard, outcomeOf } from "./proactive.ts";

/** Makes the guard bot.ts applies at the start of each turn, before anything is sent (`log` hears of lost answers). */
export function turnPostGuard(log: TeamsLog): (context: TurnContext) => void {
  const warn = warnOf(log);
  const guard = atMostOnceGuard("a reply", (message, context) =>
    warn(message, { activityType: context.activity.type }),
  );

  return (context) => {
    guard(context);
    context.onSendActivities(async (turn, activities, next): Promise<ResourceResponse[]> => {
      try {
        return await next();
      } catch (error) {
        const unknown = outcomeOf(error);
        if (!unknown) throw error;
        // No id came back, and Pathfinder's turn replies never need one (no later update or delete).
        warn(
          "Teams may have posted a reply (its answer was lost); it is not posted again, and the turn carries on",
          {
            activityType: turn.activity.type,
            replyTypes: activities.map((activity) => activity.type),
            reason: unknown.reason,
          },
        );
        return [];
      }
    });
  };
}
