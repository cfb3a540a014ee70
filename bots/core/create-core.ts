/**
 * The platform-neutral bot. Slack, Teams, the CLI and the playground turn their events into
 * MessageRequest/ActionRequest and render the Replies; everything Pathfinder *does* happens here.
 */
import { createHash } from "node:crypto";
import { DigestWeekError } from "../../digest/digest-service.ts";
import { classifyText } from "../../knowledge/classify.ts";
import type { Answer, KnowledgeBase } from "../../knowledge/types.ts";
import { PeerInputError } from "../../peer/errors.ts";
import type {
  Ambassador,
  CategoryId,
  Introduction,
  PeerServices,
  Platform,
  UserRef,
} from "../../peer/ports.ts";
import { CATEGORIES, categoryLabel, isCategoryId } from "../../peer/taxonomy.ts";
import { isoWeek } from "../../peer/week.ts";
import { helpLines, type ParsedCommand, parseCommand } from "./commands.ts";
import { action, blocksReply, joinValue, splitValue, textReply } from "./replies.ts";
import type {
  ActionRequest,
  Core,
  CoreResult,
  MessageRequest,
  Outbound,
  Reply,
  ReplyAction,
  ReplyBlock,
} from "./reply.ts";

/** What core needs from the digest: a preview of a week's digest as a reply. */
export interface DigestPreview {
  preview(week?: string): Promise<Reply>;
}

export interface CoreDeps {
  knowledge: KnowledgeBase;
  peer: PeerServices;
  digest: DigestPreview;
  now?: () => Date;
}

/** How each surface writes a command in help text. */
const COMMAND_PREFIX: Record<Platform, string> = { slack: "/pathfinder ", teams: "", cli: "", web: "" };

/** Errors whose message is written for the person who caused them (bad input, not allowed, not found). */
function isUserFacing(error: unknown): error is Error {
  return error instanceof PeerInputError || error instanceof DigestWeekError;
}

const none: Outbound[] = [];

function result(replies: Reply | Reply[], outbox: Outbound[] = none): CoreResult {
  return { replies: Array.isArray(replies) ? replies : [replies], outbox };
}

function shortHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 16);
}

function threadKey(req: {
  actor: UserRef;
  conversation: MessageRequest["conversation"];
}): string | undefined {
  const { conversation } = req;
  if (!conversation.threadId) return undefined;
  return `${req.actor.platform}:${conversation.id}:${conversation.threadId}`;
}

/** A short follow-up in a thread ("what about pensions?") is read together with the thread's question. */
function isFollowUp(text: string): boolean {
  const words = text.trim().split(/\s+/).length;
  return words <= 12 || /^(and|what about|how about|also|but|so|why|does that|is that|what if)\b/i.test(text);
}

function reachableOn(ambassador: Ambassador, platform: Platform): string | undefined {
  if (platform === "slack") return ambassador.slackUserId;
  if (platform === "teams") return ambassador.teamsUserId;
  return undefined;
}

function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}

/** Builds the bot. */
export function createCore(deps: CoreDeps): Core {
  const { knowledge, peer } = deps;
  const now = deps.now ?? (() => new Date());

  function help(platform: Platform, unknown?: string): Reply {
    const intro = unknown
      ? `I don't know the command "${unknown}". Here is what I can do:`
      : "Pathfinder helps people spinning out public services as mutuals: answers with sources, ambassadors and peers who have faced the same obstacle, and a weekly digest of common blockers. You can:";
    return blocksReply(
      [
        { type: "text", text: intro },
        { type: "text", text: helpLines(COMMAND_PREFIX[platform]).join("\n") },
      ],
      "private",
      "Pathfinder help",
    );
  }

  // ------------------------------------------------------------------------------------------
  // Questions

  function answerReply(answer: Answer, question: string, answerId: string, visibility: Reply["visibility"]) {
    const blocks: ReplyBlock[] = [{ type: "text", text: answer.text }];
    const topics = answer.topics.join(",");
    const talk = action("ambassador.request", "Talk to an ambassador", topics);
    const logIt = action("blocker.log", "Log this as a blocker", question.slice(0, 1500));
    if (answer.answered) {
      if (answer.citations.length > 0) blocks.push({ type: "citations", citations: answer.citations });
      if (answer.composer === "openai") {
        blocks.push({ type: "context", text: "AI-generated from the cited articles. Check the sources." });
      }
      blocks.push({ type: "context", text: "Was this helpful?" });
      blocks.push({
        type: "actions",
        actions: [
          action("feedback.helpful", "Helpful", answerId, "primary"),
          action("feedback.unhelpful", "Not helpful", answerId),
          talk,
          logIt,
        ],
      });
    } else {
      blocks.push({ type: "actions", actions: [talk, logIt] });
    }
    const reply: Reply = { ...blocksReply(blocks, visibility, answer.text), answerId };
    if (answer.composer === "openai") reply.aiGenerated = true;
    return reply;
  }

  async function ask(req: MessageRequest, question: string): Promise<CoreResult> {
    if (!question.trim()) {
      return result(
        textReply(
          "What would you like to ask? For example: *How do we get the unions on board with a spin-out?*",
        ),
      );
    }
    const key = threadKey(req);
    const memory = key ? await peer.threads.get(key) : undefined;
    const query = memory && isFollowUp(question) ? `${memory.question} ${question}` : question;
    const answer = await knowledge.ask(query);
    const answerId = shortHash(req.actor.platform, req.eventId);
    await peer.signals.record({
      user: req.actor,
      topics: answer.topics,
      answered: answer.answered,
      idempotencyKey: `question:${req.actor.platform}:${req.eventId}`,
      now: now(),
    });
    if (key) await peer.threads.put(key, { question: query.slice(0, 500), topics: answer.topics }, now());
    const visibility = req.mode === "command" ? "private" : "public";
    const replies = [answerReply(answer, query, answerId, visibility)];
    if (!answer.answered) {
      // Nobody hits a dead end: offer people straight away.
      const people = await suggestPeople(req.actor, query, answer.topics, 2);
      if (people) replies.push(people);
    }
    return result(replies);
  }

  // ------------------------------------------------------------------------------------------
  // Ambassadors, peers, introductions

  async function suggestPeople(
    asker: UserRef,
    text: string | undefined,
    categories: CategoryId[],
    limit: number,
  ): Promise<Reply | undefined> {
    const matches = await peer.ambassadors.match({
      asker,
      ...(text ? { text } : {}),
      categories,
      limit: limit * 2,
      now: now(),
    });
    // People reachable where the asker is come first; others are still worth knowing about.
    const ranked = [...matches].sort(
      (a, b) =>
        Number(Boolean(reachableOn(b.ambassador, asker.platform))) -
        Number(Boolean(reachableOn(a.ambassador, asker.platform))),
    );
    const topic = categories[0] ?? classifyText(text ?? "")[0]?.id ?? "isolation-support";
    const items: Extract<ReplyBlock, { type: "items" }>["items"] = ranked.slice(0, limit).map((m) => ({
      title: m.ambassador.sample ? `${m.ambassador.displayName} (sample data)` : m.ambassador.displayName,
      detail: [m.reason, m.ambassador.bio].filter(Boolean).join("\n"),
      actions: [action("ambassador.choose", "Ask for an introduction", joinValue(m.ambassador.id, topic))],
    }));
    const peers = categories.length ? await peer.peers.find({ asker, categories, limit: 2, now: now() }) : [];
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
        { type: "text", text: `People who can help with *${categoryLabel(topic)}*:` },
        { type: "items", items },
        {
          type: "context",
          text: "They are introduced only if they accept. Peers stay anonymous until then.",
        },
      ],
      "private",
      "People who can help",
    );
  }

  async function mentor(actor: UserRef, conversation: MessageRequest["conversation"], topicText: string) {
    const memory = !topicText ? await rememberedThread(actor, conversation) : undefined;
    const text = topicText || memory?.question || "";
    const categories = text ? classifyText(text).map((c) => c.id) : (memory?.topics ?? []);
    const people = await suggestPeople(actor, text || undefined, categories, 3);
    if (people) return result(people);
    return result(
      textReply(
        "No ambassador is free for that right now (they may be at capacity or away). " +
          "Log it with *blocker* so the programme team sees it, and try *mentor* again next week.",
      ),
    );
  }

  async function rememberedThread(actor: UserRef, conversation: MessageRequest["conversation"]) {
    const key = threadKey({ actor, conversation });
    return key ? await peer.threads.get(key) : undefined;
  }

  async function chooseAmbassador(req: ActionRequest, ambassadorId: string, topic: string) {
    const ambassador = await peer.ambassadors.get(ambassadorId);
    if (!ambassador) return result(textReply("That ambassador is no longer available. Try *mentor* again."));
    const memory = await rememberedThread(req.actor, req.conversation);
    const targetId = reachableOn(ambassador, req.actor.platform);
    const { introduction, created } = await peer.introductions.propose({
      asker: req.actor,
      kind: "ambassador",
      targetId: ambassador.id,
      topic: isCategoryId(topic) ? topic : "isolation-support",
      ...(memory ? { note: memory.question } : {}),
      // One request per person, ambassador and topic a week: a double click or a retry adds nothing.
      idempotencyKey: `intro:${req.actor.platform}:${req.actor.userId}:${ambassador.id}:${topic}:${isoWeek(now())}`,
      now: now(),
    });
    if (!targetId) {
      return result(
        textReply(
          `I've recorded your request for ${ambassador.displayName}, who isn't reachable on this platform yet; ` +
            "the ambassador coordinator will put you in touch.",
        ),
      );
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
  }

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

  async function choosePeer(req: ActionRequest, reportId: string, topic: string) {
    const { introduction, created } = await peer.introductions.propose({
      asker: req.actor,
      kind: "peer",
      targetId: reportId,
      topic: isCategoryId(topic) ? topic : "isolation-support",
      idempotencyKey: `intro:${req.actor.platform}:${req.actor.userId}:peer:${reportId}`,
      now: now(),
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
  }

  async function answerIntroduction(req: ActionRequest, id: string, accept: boolean) {
    const wanted = accept ? "accepted" : "declined";
    const before = await peer.introductions.get(id);
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
    const introduction = await peer.introductions.setStatus(
      id,
      accept ? "accepted" : "declined",
      req.actor,
      now(),
    );
    const topic = categoryLabel(introduction.topic);
    const name = introduction.targetName ?? req.actor.displayName ?? "Your contact";
    if (!accept) {
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
  }

  // ------------------------------------------------------------------------------------------
  // Blockers

  async function logBlocker(actor: UserRef, text: string, eventId: string) {
    if (!text.trim()) {
      return result(
        textReply(
          "Tell me what is blocking you, for example: *blocker our union reps are against the spin-out*.",
        ),
      );
    }
    const { report } = await peer.obstacles.log({
      user: actor,
      text,
      idempotencyKey: `blocker:${actor.platform}:${eventId}`,
      now: now(),
    });
    const top = report.categories[0];
    const label = top ? categoryLabel(top.id) : "Uncategorised";
    const counts = await peer.stats.counts(report.week);
    const others = top ? Math.max(0, (counts.reports[top.id] ?? 0) - 1) : 0;
    const current = new Set(report.categories.map((c) => c.id));
    const corrections: ReplyAction[] = CATEGORIES.filter((c) => !current.has(c.id)).map((c) =>
      action("blocker.correct", c.label, joinValue(report.id, c.id)),
    );
    const blocks: ReplyBlock[] = [
      {
        type: "text",
        text: `Logged as *${label}*${top ? ` (${percent(top.confidence)} sure)` : ""}.${
          others > 0
            ? ` You're not alone: ${others} other ${others === 1 ? "report" : "reports"} this week.`
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
    blocks.push({
      type: "context",
      text: "Your text is stored without contact details and expires after 13 months. *forget-me* erases it.",
    });
    return result(blocksReply(blocks, "private", `Logged as ${label}`));
  }

  async function listBlockers(actor: UserRef) {
    const reports = await peer.obstacles.listForUser(actor, { limit: 10 });
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
  }

  async function resolveBlocker(actor: UserRef, args: string) {
    const reports = await peer.obstacles.listForUser(actor, { limit: 50 });
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
    const resolved = await peer.obstacles.resolve(actor, report.id, note, now());
    const label = resolved.categories.map((c) => categoryLabel(c.id)).join(", ");
    return result(
      textReply(
        `Marked your *${label}* blocker resolved. Thank you: what helped will appear, anonymously, in the weekly digest.`,
      ),
    );
  }

  // ------------------------------------------------------------------------------------------
  // Subscriptions and privacy

  async function subscribe(req: MessageRequest, on: boolean) {
    const platform = req.actor.platform;
    if (platform !== "slack" && platform !== "teams") {
      return result(textReply("The weekly digest goes to Slack channels and Teams conversations."));
    }
    if (on) {
      const { created } = await peer.subscriptions.subscribe({
        platform,
        conversationId: req.conversation.id,
        ...(req.reference === undefined ? {} : { reference: req.reference }),
        by: req.actor,
        now: now(),
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
    const { removed } = await peer.subscriptions.unsubscribe(platform, req.conversation.id);
    return result(
      textReply(
        removed
          ? "Unsubscribed: this conversation will no longer get the weekly digest."
          : "This conversation wasn't subscribed.",
        "public",
      ),
    );
  }

  async function exportData(actor: UserRef) {
    const data = await peer.privacy.export(actor);
    const json = JSON.stringify(data, null, 2);
    const summary =
      `Pathfinder holds ${data.reports.length} blocker report(s), ${data.introductions.length} introduction(s), ` +
      `${data.feedback.length} feedback rating(s), ${data.ambassadorProfiles.length} ambassador profile(s) and ` +
      `${data.subscriptionsMade.length} subscription(s) made by you.`;
    const blocks: ReplyBlock[] = [{ type: "text", text: summary }];
    // Chat platforms limit message size; the CLI (`pathfinder export --user`) gives the full file.
    const limit = 2800;
    blocks.push({ type: "text", text: json.length > limit ? `${json.slice(0, limit)}\n…(truncated)` : json });
    return result(blocksReply(blocks, "private", summary));
  }

  function confirmErase() {
    return result(
      blocksReply(
        [
          {
            type: "text",
            text: "This erases everything Pathfinder holds about you: your blocker reports, introductions, feedback and opt-ins. Anonymous weekly counts stay. It cannot be undone.",
          },
          { type: "actions", actions: [action("privacy.erase.confirm", "Erase my data", "erase", "danger")] },
        ],
        "private",
        "Confirm erasure",
      ),
    );
  }

  // ------------------------------------------------------------------------------------------

  async function runCommand(req: MessageRequest, command: ParsedCommand): Promise<CoreResult> {
    switch (command.name) {
      case "help":
        return result(help(req.actor.platform, command.unknown));
      case "ask":
        return ask(req, command.args);
      case "blocker":
        return logBlocker(req.actor, command.args, req.eventId);
      case "blockers":
        return listBlockers(req.actor);
      case "resolve":
        return resolveBlocker(req.actor, command.args);
      case "mentor":
        return mentor(req.actor, req.conversation, command.args);
      case "digest":
        return result({ ...(await deps.digest.preview()), visibility: "private" });
      case "subscribe":
        return subscribe(req, true);
      case "unsubscribe":
        return subscribe(req, false);
      case "export":
        return exportData(req.actor);
      case "forget-me":
        return confirmErase();
    }
  }

  async function runAction(req: ActionRequest): Promise<CoreResult> {
    const [a = "", b = ""] = splitValue(req.value);
    switch (req.actionId) {
      case "feedback.helpful":
      case "feedback.unhelpful": {
        const helpful = req.actionId === "feedback.helpful";
        await peer.feedback.record({
          user: req.actor,
          answerId: req.value,
          helpful,
          idempotencyKey: `feedback:${req.actor.platform}:${req.actor.userId}:${req.value}`,
          now: now(),
        });
        if (helpful) return result(textReply("Thanks for the feedback."));
        return result(
          blocksReply(
            [
              { type: "text", text: "Thanks for telling me. A person may help more:" },
              { type: "actions", actions: [action("ambassador.request", "Talk to an ambassador", "")] },
            ],
            "private",
            "Thanks for the feedback",
          ),
        );
      }
      case "ambassador.request": {
        const categories = req.value.split(",").filter(isCategoryId);
        const memory = await rememberedThread(req.actor, req.conversation);
        const people = await suggestPeople(
          req.actor,
          memory?.question,
          categories.length ? categories : (memory?.topics ?? []),
          3,
        );
        return people ? result(people) : mentor(req.actor, req.conversation, "");
      }
      case "ambassador.choose":
        return chooseAmbassador(req, a, b);
      case "peer.choose":
        return choosePeer(req, a, b);
      case "intro.accept":
        return answerIntroduction(req, req.value, true);
      case "intro.decline":
        return answerIntroduction(req, req.value, false);
      case "blocker.log":
        return logBlocker(req.actor, req.value, req.eventId);
      case "blocker.correct": {
        if (!isCategoryId(b)) return result(textReply("That category isn't one I know."));
        const report = await peer.obstacles.correct(req.actor, a, [b]);
        const labels = report.categories.map((c) => categoryLabel(c.id)).join(", ");
        return result(textReply(`Thanks: filed under *${labels}*. You know your situation best.`));
      }
      case "blocker.consent": {
        if (!peer.obstacles.setConsent) return result(textReply("Consent changes aren't available yet."));
        const consent = b === "quote" ? { allowQuote: true } : { contactable: true };
        await peer.obstacles.setConsent(req.actor, a, consent);
        return result(
          textReply(
            b === "quote"
              ? "Thanks: the digest may quote your blocker, anonymised and without contact details."
              : "Thanks: people facing the same obstacle may ask to compare notes with you; you'll always be asked first.",
          ),
        );
      }
      case "privacy.erase.confirm": {
        const { deleted } = await peer.privacy.erase(req.actor);
        return result(
          textReply(`Done. I erased ${deleted} record(s) about you. Anonymous weekly counts remain.`),
        );
      }
      default:
        return result(
          textReply("That button has expired or isn't one I know. Type *help* to see what I can do."),
        );
    }
  }

  async function guard(work: () => Promise<CoreResult>): Promise<CoreResult> {
    try {
      return await work();
    } catch (error) {
      if (isUserFacing(error)) return result(textReply(error.message));
      throw error; // infrastructure failures propagate so the adapter can release its claim and retry
    }
  }

  return {
    handleMessage(req) {
      return guard(() => runCommand(req, parseCommand(req.text, req.mode)));
    },
    handleAction(req) {
      return guard(() => runAction(req));
    },
  };
}
