/** Requests and reply helpers shared by the core's feature tests. */
import type {
  ActionRequest,
  Conversation,
  CoreResult,
  MessageRequest,
  Reply,
  ReplyAction,
} from "../../../../bots/core/reply.ts";

let seq = 0;
export const channel: Conversation = { id: "C0CHANNEL", kind: "channel" };
export const asker = { platform: "slack" as const, userId: "U0ASKER", displayName: "Sam" };

/** A chat message from the asker in the channel, with a fresh event id. */
export function message(text: string, extra: Partial<MessageRequest> = {}): MessageRequest {
  return { actor: asker, text, conversation: channel, eventId: `Ev${++seq}`, mode: "chat", ...extra };
}

/** The asker pressing a button, with a fresh event id. */
export function press(button: ReplyAction, extra: Partial<ActionRequest> = {}): ActionRequest {
  return {
    actor: asker,
    actionId: button.id,
    value: button.value,
    conversation: channel,
    eventId: `act${++seq}`,
    ...extra,
  };
}

/** Every button in a reply, in order (action rows and item buttons). */
export function buttons(reply: Reply | undefined): ReplyAction[] {
  return (reply?.blocks ?? []).flatMap((b) =>
    b.type === "actions" ? b.actions : b.type === "items" ? b.items.flatMap((i) => i.actions ?? []) : [],
  );
}

/** The `index`th button with this id across a result's replies; throws when there is none. */
export function button(result: CoreResult, id: string, index = 0): ReplyAction {
  const found = result.replies.flatMap(buttons).filter((a) => a.id === id)[index];
  if (!found) throw new Error(`no ${id} button in ${JSON.stringify(result.replies)}`);
  return found;
}

/** All the text of a result, blocks included, for loose matching. */
export function allText(result: CoreResult): string {
  return result.replies.map((r) => [r.text, ...r.blocks.map((b) => JSON.stringify(b))].join("\n")).join("\n");
}
