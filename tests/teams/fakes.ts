/** Small stand-ins for the Teams tests: a scripted Core, a recording proactive sender, fixture loading. */

import { readFileSync } from "node:fs";
import type { Activity } from "botbuilder";
import type { FormOpenResult, FormSubmitResult } from "../../bots/core/forms.ts";
import type { ActionRequest, Core, CoreResult, MessageRequest, Reply } from "../../bots/core/reply.ts";
import type { ProactiveSender } from "../../bots/teams/proactive.ts";

/** A fixture from tests/fixtures/teams, as a fresh object each call (botbuilder mutates activities). */
export function fixture(name: string, overrides: Partial<Activity> = {}): Activity {
  const url = new URL(`../fixtures/teams/${name}.json`, import.meta.url);
  return { ...(JSON.parse(readFileSync(url, "utf8")) as Activity), ...overrides };
}

/** The value of an Adaptive Card Action.Execute press of the button `actionId` carrying `value` (a fixture override). */
export function execute(actionId: string, value: string): Partial<Activity> {
  return { value: { action: { type: "Action.Execute", data: { actionId, value } } } };
}

export function reply(text: string, extra: Partial<Reply> = {}): Reply {
  return { text, blocks: [{ type: "text", text }], visibility: "public", ...extra };
}

/** A Core that records what it was asked and answers from a script (default: echo the text). */
export class ScriptedCore implements Core {
  messages: MessageRequest[] = [];
  actions: ActionRequest[] = [];
  onMessage: (request: MessageRequest) => Promise<CoreResult> = async (request) => ({
    replies: [reply(`You said: ${request.text}`)],
    outbox: [],
  });
  onAction: (request: ActionRequest) => Promise<CoreResult> = async (request) => ({
    replies: [reply(`Pressed ${request.actionId} with ${request.value}`)],
    outbox: [],
  });
  handleMessage(request: MessageRequest) {
    this.messages.push(request);
    return this.onMessage(request);
  }
  handleAction(request: ActionRequest) {
    this.actions.push(request);
    return this.onAction(request);
  }
  async openForm(): Promise<FormOpenResult> {
    return { result: { replies: [reply("No forms in this script.")], outbox: [] } };
  }
  async submitForm(): Promise<FormSubmitResult> {
    return { result: { replies: [reply("No forms in this script.")], outbox: [] } };
  }
  async handlePosted(): Promise<void> {}
}

/** A ProactiveSender that records deliveries; ids in `unreachable` fail. */
export class RecordingProactive implements ProactiveSender {
  sent: { userId: string; activity: Partial<Activity> }[] = [];
  unreachable = new Set<string>();
  async sendToUser(userId: string, activity: Partial<Activity>) {
    if (this.unreachable.has(userId)) return false;
    this.sent.push({ userId, activity });
    return true;
  }
}

/** The texts of the TextBlocks in an activity's first Adaptive Card. */
export function cardTexts(activity: Partial<Activity> | undefined): string[] {
  const content = activity?.attachments?.[0]?.content as { body?: unknown[] } | undefined;
  const out: string[] = [];
  const walk = (elements: unknown[]) => {
    for (const element of elements as { type?: string; text?: string; items?: unknown[] }[]) {
      if (element.type === "TextBlock" && element.text) out.push(element.text);
      if (element.items) walk(element.items);
    }
  };
  walk(content?.body ?? []);
  return out;
}
