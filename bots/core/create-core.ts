/**
 * The platform-neutral bot. Slack, Teams, the CLI and the playground turn their events into
 * MessageRequest/ActionRequest and render the Replies; what Pathfinder *does* lives in features/,
 * listed in registry.ts. This file only routes, and turns user-facing errors into replies.
 */
import { loadRoles } from "../../config/roles.ts";
import { DigestWeekError, PeerInputError } from "../../peer/errors.ts";
import { parseCommand } from "./commands.ts";
import { type CoreDeps, commandPrefix, type FeatureContext, result } from "./feature.ts";
import { ACTIONS, COMMANDS, FORMS, helpLines, isActionId, POSTED } from "./registry.ts";
import { textReply } from "./replies.ts";
import type { Core, CoreResult } from "./reply.ts";

export type { CoreDeps, DigestPreview } from "./feature.ts";

/** Errors whose message is written for the person who caused them (bad input, not allowed, not found). */
function isUserFacing(error: unknown): error is Error {
  return error instanceof PeerInputError || error instanceof DigestWeekError;
}

async function guard(work: () => Promise<CoreResult>): Promise<CoreResult> {
  try {
    return await work();
  } catch (error) {
    if (isUserFacing(error)) return result(textReply(error.message));
    throw error; // infrastructure failures propagate so the adapter can release its claim and retry
  }
}

/** Builds the bot. */
export function createCore(deps: CoreDeps): Core {
  const ctx: FeatureContext = {
    knowledge: deps.knowledge,
    peer: deps.peer,
    digest: deps.digest,
    now: deps.now ?? (() => new Date()),
    roles: deps.roles ?? loadRoles(process.env),
    helpLines: (platform) => helpLines(commandPrefix(platform)),
  };

  return {
    handleMessage(req) {
      const { name, args, unknown } = parseCommand(req.text, req.mode);
      return guard(() => COMMANDS[name].run(ctx, req, unknown === undefined ? { args } : { args, unknown }));
    },
    handleAction(req) {
      if (!isActionId(req.actionId)) {
        return Promise.resolve(
          result(textReply("That button has expired or isn't one I know. Type *help* to see what I can do.")),
        );
      }
      const handle = ACTIONS[req.actionId];
      return guard(() => handle(ctx, req));
    },
    async openForm(req) {
      const form = FORMS[req.formId];
      if (!form)
        return { result: result(textReply("That form isn't one I know. Type *help* to see what I can do.")) };
      try {
        return await form.open(ctx, req);
      } catch (error) {
        if (isUserFacing(error)) return { result: result(textReply(error.message)) };
        throw error;
      }
    },
    async submitForm(req) {
      const form = FORMS[req.formId];
      if (!form)
        return { result: result(textReply("That form isn't one I know. Type *help* to see what I can do.")) };
      try {
        return await form.submit(ctx, req);
      } catch (error) {
        if (isUserFacing(error)) return { result: result(textReply(error.message)) };
        throw error;
      }
    },
    async handlePosted(track, at) {
      const split = track.indexOf(":");
      const handler = split > 0 ? POSTED[track.slice(0, split)] : undefined;
      if (handler) await handler(ctx, track.slice(split + 1), at);
    },
  };
}
