/**
 * Mentors and introductions: `mentor`, "Talk to an ambassador", choosing an ambassador or a peer,
 * and the accept/decline buttons the chosen person gets.
 */
import { classifyText } from "../../../knowledge/classify.ts";
import { ambassadorLabel } from "../../../peer/availability.ts";
import type { Ambassador, CategoryId, Introduction, Platform, UserRef } from "../../../peer/ports.ts";
import { categoryLabel, isCategoryId } from "../../../peer/taxonomy.ts";
import { isoWeek } from "../../../peer/week.ts";
import {
  type ActionHandler,
  type CommandHandler,
  type FeatureContext,
  rememberedThread,
  result,
} from "../feature.ts";
import { action, blocksReply, joinValue, splitValue, textReply } from "../replies.ts";
import type { MessageRequest, Outbound, Reply, ReplyBlock } from "../reply.ts";

function reachableOn(ambassador: Ambassador, platform: Platform): string | undefined {
  if (platform === "slack") return ambassador.slackUserId;
  if (platform === "teams") return ambassador.teamsUserId;
  return undefined;
}

/** Ambassadors (and peers who agreed to be contacted) for these topics, as a reply; undefined when nobody fits. */
export async function suggestPeople(
  ctx: FeatureContext,
  asker: UserRef,
  text: string | undefined,
  categories: CategoryId[],
  limit: number,
): Promise<Reply | undefined> {
  const { peer } = ctx;
  const matches = await peer.ambassadors.match({
    asker,
    ...(text ? { text } : {}),
    categories,
    limit: limit * 2,
    now: ctx.now(),
  });
  // People reachable where the asker is come first; others are still worth knowing about.
  const ranked = [...matches].sort(
    (a, b) =>
      Number(Boolean(reachableOn(b.ambassador, asker.platform))) -
      Number(Boolean(reachableOn(a.ambassador, asker.platform))),
  );
  const asked = categories[0] ?? classifyText(text ?? "")[0]?.id;
  // With no topic, an introduction is about finding support; the heading must not claim the ambassadors cover
  // "Isolation and support" (issue 17 item 9): they are suggested because they are free, and each says what they cover.
  const topic = asked ?? "isolation-support";
  const items: Extract<ReplyBlock, { type: "items" }>["items"] = ranked.slice(0, limit).map((m) => ({
    title: ambassadorLabel(m.ambassador),
    detail: [m.reason, m.ambassador.bio].filter(Boolean).join("\n"),
    actions: [action("ambassador.choose", "Ask for an introduction", joinValue(m.ambassador.id, topic))],
  }));
  const peers = categories.length
    ? await peer.peers.find({ asker, categories, limit: 2, now: ctx.now() })
    : [];
  for (const p of peers) {
    items.push({
      title: "A peer who faced this too",
      detail: p.reason,
      actions: [action("peer.choose", "Ask to compare notes", joinValue(p.reportId, p.category))],
    });
  }
  if (items.length === 0) return undefined;
  return blocksReply(
    [
      {
        type: "text",
        text: asked
          ? `People who can help with *${categoryLabel(asked)}*:`
          : "Ambassadors with time this month (say *mentor* and your obstacle for a closer match):",
      },
      { type: "items", items },
      { type: "context", text: "They are introduced only if they accept. Peers stay anonymous until then." },
    ],
    "private",
    "People who can help",
  );
}

async function mentor(
  ctx: FeatureContext,
  req: Pick<MessageRequest, "actor" | "conversation">,
  topicText: string,
) {
  const memory = !topicText ? await rememberedThread(ctx, req) : undefined;
  const text = topicText || memory?.question || "";
  const categories = text ? classifyText(text).map((c) => c.id) : (memory?.topics ?? []);
  const people = await suggestPeople(ctx, req.actor, text || undefined, categories, 3);
  if (people) return result(people);
  return result(
    textReply(
      "No ambassador is free for that right now (they may be at capacity or away). " +
        "Log it with *blocker* so the programme team sees it, and try *mentor* again next week.",
    ),
  );
}

export const mentorCommand: CommandHandler = {
  helpLine: (p) => `*${p}mentor [topic]*: suggests ambassadors and peers who faced the same obstacle`,
  menu: "Suggest ambassadors and peers who faced the same obstacle",
  aliases: ["mentors", "ambassador", "ambassadors", "peers"],
  run: (ctx, req, { args }) => mentor(ctx, req, args),
};

/** "Talk to an ambassador" (value: topic category ids, comma separated). */
export const requestAmbassadorAction: ActionHandler = async (ctx, req) => {
  const categories = req.value.split(",").filter(isCategoryId);
  const memory = await rememberedThread(ctx, req);
  const people = await suggestPeople(
    ctx,
    req.actor,
    memory?.question,
    categories.length ? categories : (memory?.topics ?? []),
    3,
  );
  return people ? result(people) : mentor(ctx, req, "");
};

function introductionRequest(introduction: Introduction, text: string, fallback: string): Reply {
  return blocksReply(
    [
      { type: "text", text },
      ...(introduction.note && introduction.kind === "ambassador"
        ? [{ type: "context" as const, text: `Their question: ${introduction.note}` }]
        : []),
      {
        type: "actions",
        actions: [
          action("intro.accept", "Accept and introduce us", introduction.id, "primary"),
          action("intro.decline", "Not this time", introduction.id),
        ],
      },
    ],
    "private",
    fallback,
  );
}

/** Pick one suggested ambassador (value: ambassador id + topic). */
export const chooseAmbassadorAction: ActionHandler = async (ctx, req) => {
  const [ambassadorId = "", topic = ""] = splitValue(req.value);
  const ambassador = await ctx.peer.ambassadors.get(ambassadorId);
  if (!ambassador) return result(textReply("That ambassador is no longer available. Try *mentor* again."));
  const memory = await rememberedThread(ctx, req);
  const targetId = reachableOn(ambassador, req.actor.platform);
  const { introduction, created } = await ctx.peer.introductions.propose({
    asker: req.actor,
    kind: "ambassador",
    targetId: ambassador.id,
    topic: isCategoryId(topic) ? topic : "isolation-support",
    ...(memory ? { note: memory.question } : {}),
    // One request per person, ambassador and topic a week: a double click or a retry adds nothing.
    // The asker's keyed hash is added by the introductions service: no raw user id here (issue 13 item 12).
    idempotencyKey: `intro:${ambassador.id}:${topic}:${isoWeek(ctx.now())}`,
    now: ctx.now(),
  });
  if (!targetId) {
    // The playground has no second person to message: it plays the ambassador itself ("Acting as", docs/local.md).
    const next =
      req.actor.platform === "web"
        ? `I've recorded your request for ${ambassador.displayName}. To see it as they would, switch *Acting as* to ${ambassador.displayName} and accept it there.`
        : `I've recorded your request for ${ambassador.displayName}, who isn't reachable on this platform yet; ` +
          "the ambassador coordinator will put you in touch.";
    return result(textReply(next));
  }
  const who = req.actor.displayName ?? "A practitioner";
  const request = introductionRequest(
    introduction,
    `*${who}* would like to talk to you about *${categoryLabel(introduction.topic)}*.`,
    `${who} would like an introduction`,
  );
  // The request is keyed on the introduction, so asking again after a failed delivery re-sends it,
  // while a double click sends nothing new (adapters deliver each key once).
  const outbox: Outbound[] =
    introduction.status === "proposed"
      ? [
          {
            kind: "direct",
            to: { platform: req.actor.platform, userId: targetId },
            reply: request,
            key: `intro-request:${introduction.id}`,
          },
        ]
      : [];
  return result(
    textReply(
      created
        ? `I've asked ${ambassador.displayName}. When they accept, I'll start a group conversation with you both.`
        : `You have already asked ${ambassador.displayName} about this; I'll let you know when they reply.`,
    ),
    outbox,
  );
};

/** Ask to be put in touch with a peer (value: report id + topic). */
export const choosePeerAction: ActionHandler = async (ctx, req) => {
  const [reportId = "", topic = ""] = splitValue(req.value);
  const { introduction, created } = await ctx.peer.introductions.propose({
    asker: req.actor,
    kind: "peer",
    targetId: reportId,
    topic: isCategoryId(topic) ? topic : "isolation-support",
    idempotencyKey: `intro:peer:${reportId}`,
    now: ctx.now(),
  });
  const outbox: Outbound[] =
    introduction.target && introduction.status === "proposed"
      ? [
          {
            kind: "direct",
            to: introduction.target,
            key: `intro-request:${introduction.id}`,
            reply: introductionRequest(
              introduction,
              `Someone else facing *${categoryLabel(introduction.topic)}* would like to compare notes with you. You agreed peers could contact you; accept to be introduced.`,
              "A peer would like to compare notes",
            ),
          },
        ]
      : [];
  return result(
    textReply(
      created
        ? "I've asked them. If they accept, I'll start a group conversation with you both."
        : "You have already asked to compare notes with this peer.",
    ),
    outbox,
  );
};

/** The ambassador or peer accepts or declines (value: introduction id). */
function answerIntroduction(accept: boolean): ActionHandler {
  return async (ctx, req) => {
    const id = req.value;
    const wanted = accept ? "accepted" : "declined";
    const before = await ctx.peer.introductions.get(id);
    if (before && before.status !== "proposed") {
      // A second press (or a press on a stale card) must not introduce people twice.
      return result(
        textReply(
          before.status === wanted
            ? "Already done: nothing more to do here."
            : `This introduction is already ${before.status}.`,
        ),
      );
    }
    const introduction = await ctx.peer.introductions.setStatus(id, wanted, req.actor, ctx.now());
    const topic = categoryLabel(introduction.topic);
    if (!accept) {
      // Peers stay anonymous until both agree, so a declining peer is never named (issue 13.2);
      // ambassadors volunteered publicly and are named as in their suggestion.
      const name =
        introduction.kind === "peer"
          ? "The peer"
          : (introduction.targetName ?? req.actor.displayName ?? "The ambassador");
      return result(textReply("Thanks for letting me know. I won't pass on your details."), [
        {
          kind: "direct",
          key: `intro-declined:${introduction.id}`,
          to: introduction.asker,
          reply: textReply(
            `${name} can't take on your request about *${topic}* right now. Try *mentor* again for someone else.`,
          ),
        },
      ]);
    }
    const intro = blocksReply(
      [
        { type: "heading", text: "A Pathfinder introduction" },
        {
          type: "text",
          text: `You both know *${topic}* first hand: one of you is facing it now, the other offered to help. Say hello and find a time to talk.`,
        },
        ...(introduction.note
          ? [{ type: "context" as const, text: `The question: ${introduction.note}` }]
          : []),
      ],
      "public",
      "A Pathfinder introduction",
    );
    return result(textReply("Thank you! I've started a group conversation with you both."), [
      {
        kind: "group",
        key: `intro-accepted:${introduction.id}`,
        platform: introduction.asker.platform,
        userIds: [introduction.asker.userId, req.actor.userId],
        reply: intro,
      },
    ]);
  };
}

export const acceptIntroductionAction: ActionHandler = answerIntroduction(true);
export const declineIntroductionAction: ActionHandler = answerIntroduction(false);
