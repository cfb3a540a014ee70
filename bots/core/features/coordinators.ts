/**
 * Coordinators manage the ambassador directory in chat: `ambassadors list|add|remove|snooze`, with each
 * ambassador's status (peer/availability.ts, the same words as everywhere) and load this month (requests
 * and acceptances), to spread introductions fairly. Coordinators are configured by platform user id
 * (config/roles.ts); anyone else is told so.
 */

import { loadThisMonth } from "../../../peer/ambassador-self.ts";
import type { AmbassadorDraft } from "../../../peer/ambassador-validation.ts";
import { validateAmbassador } from "../../../peer/ambassador-validation.ts";
import { ambassadorLabel, availabilityOf, introductionsThisMonth } from "../../../peer/availability.ts";
import { AmbassadorValidationError, NotAllowedError } from "../../../peer/errors.ts";
import type { Ambassador, UserRef } from "../../../peer/ports.ts";
import type { CommandHandler, FeatureContext } from "../feature.ts";
import { commandPrefix, result } from "../feature.ts";
import { blocksReply, textReply } from "../replies.ts";
import type { MessageRequest } from "../reply.ts";
import { mentorCommand } from "./mentors.ts";
import { askCommand } from "./questions.ts";

const SUBCOMMANDS = ["list", "add", "remove", "snooze"] as const;

/** "Name, topics: a;b, slack: U123, capacity: 2" -> a draft; keys people write, mapped to profile fields. */
const ADD_KEYS: Record<string, keyof AmbassadorDraft> = {
  topics: "categories",
  categories: "categories",
  areas: "serviceAreas",
  "service areas": "serviceAreas",
  region: "region",
  capacity: "monthlyCapacity",
  slack: "slackUserId",
  teams: "teamsUserId",
  email: "email",
  bio: "bio",
  id: "id",
};

/** Parses the text after `ambassadors add`; every unknown key is named. */
export function parseAddText(text: string): AmbassadorDraft {
  const [name, ...pairs] = text.split(/,\s*(?=[a-z ]+:)/i);
  const draft: AmbassadorDraft = { displayName: name?.trim() };
  const unknown: string[] = [];
  for (const pair of pairs) {
    const [, key = "", value = ""] = /^([^:]+):\s*([\s\S]*)$/.exec(pair.trim()) ?? [];
    const field = ADD_KEYS[key.trim().toLowerCase()];
    if (field) draft[field] = value.trim();
    else unknown.push(key.trim());
  }
  if (unknown.length) {
    throw new AmbassadorValidationError([
      `unknown ${unknown.map((k) => `"${k}"`).join(", ")}; use ${Object.keys(ADD_KEYS).join(", ")}`,
    ]);
  }
  return draft;
}

/** Load this month for each ambassador: requests from the profile's tally, acceptances from introductions. */
async function loads(ctx: FeatureContext, list: Ambassador[]) {
  const now = ctx.now();
  const out = new Map<string, { requested: number; accepted: number }>();
  for (const a of list) {
    const ids: UserRef[] = [
      ...(a.slackUserId ? [{ platform: "slack", userId: a.slackUserId } as const] : []),
      ...(a.teamsUserId ? [{ platform: "teams", userId: a.teamsUserId } as const] : []),
    ];
    const intros = (await Promise.all(ids.map((u) => ctx.peer.introductions.listForUser(u))))
      .flat()
      .filter((i) => i.targetId === a.id);
    const accepted = loadThisMonth(intros, now).get(a.id)?.accepted ?? 0;
    out.set(a.id, { requested: introductionsThisMonth(a, now), accepted });
  }
  return out;
}

function usage(req: MessageRequest) {
  const p = commandPrefix(req.actor.platform);
  return textReply(
    [
      `*${p}ambassadors list*: everyone, their status and load this month`,
      `*${p}ambassadors add Name, topics: procurement;funding, slack: U0123ABCD, capacity: 2*`,
      `*${p}ambassadors remove ID*`,
      `*${p}ambassadors snooze ID until 2027-01-10* (or *off*)`,
    ].join("\n"),
  );
}

export const ambassadorsCommand: CommandHandler = {
  helpLine: (p) => `*${p}ambassadors list|add|remove|snooze*: coordinators, manage the ambassador directory`,
  async run(ctx, req, { args }) {
    const [word = "", ...restWords] = args.trim().split(/\s+/);
    const sub = word.toLowerCase();
    const rest = args.trim().slice(word.length).trim();
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
      // In chat, "ambassadors in the North West?" is a question; `/pathfinder ambassadors [topic]` still
      // finds a mentor, as it did when "ambassadors" was only mentor's alias.
      if (req.mode === "chat") return askCommand.run(ctx, req, { args: req.text.trim() });
      return mentorCommand.run(ctx, req, { args });
    }
    if (!ctx.roles.isCoordinator(req.actor)) {
      throw new NotAllowedError(
        "Only coordinators can manage the ambassador directory; ask one to add your user id to PATHFINDER_COORDINATORS.",
      );
    }
    const directory = ctx.peer.ambassadors;
    switch (sub) {
      case "list": {
        const list = (await directory.list()).sort((a, b) => a.displayName.localeCompare(b.displayName));
        if (list.length === 0)
          return result(textReply("No ambassadors yet. Add one with *ambassadors add*."));
        const load = await loads(ctx, list);
        const now = ctx.now();
        return result(
          blocksReply(
            [
              { type: "heading", text: `Ambassadors (${list.length})` },
              {
                type: "items",
                items: list.map((a) => {
                  const l = load.get(a.id) ?? { requested: 0, accepted: 0 };
                  return {
                    title: `${ambassadorLabel(a)}: ${availabilityOf(a, now).label}`,
                    detail: `${a.id} · this month ${l.requested} request${l.requested === 1 ? "" : "s"}, ${l.accepted} accepted`,
                  };
                }),
              },
            ],
            "private",
            `${list.length} ambassadors`,
          ),
        );
      }
      case "add": {
        const result_ = validateAmbassador(parseAddText(rest));
        if (!result_.ambassador) throw new AmbassadorValidationError(result_.issues);
        if (await directory.get(result_.ambassador.id)) {
          throw new AmbassadorValidationError([`id "${result_.ambassador.id}" is already taken`]);
        }
        const saved = await directory.put(result_.ambassador);
        return result(textReply(`Added ${ambassadorLabel(saved)} (${saved.id}).`));
      }
      case "remove": {
        const id = restWords[0];
        if (!id) return result(usage(req));
        const removed = await directory.remove(id);
        return result(textReply(removed ? `Removed ${id}.` : `No ambassador "${id}"; nothing removed.`));
      }
      default: {
        // snooze ID until DATE | off
        const [id, second, third] = restWords;
        const until =
          second?.toLowerCase() === "off" ? undefined : second?.toLowerCase() === "until" ? third : second;
        if (!id || (!until && second?.toLowerCase() !== "off")) return result(usage(req));
        const saved = await directory.snooze(id, until);
        return result(
          textReply(`${ambassadorLabel(saved)} is now ${availabilityOf(saved, ctx.now()).label}.`),
        );
      }
    }
  },
};
