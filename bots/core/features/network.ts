/**
 * The network (issue 15): "Ask the ambassadors" on a decline or after "Not helpful" sends the question (scrubbed,
 * anonymous unless the asker chooses to be named) to the ambassadors' place as a tracked channel post; an answer
 * given in that thread is recorded and sent to the asker in a DM (anonymous unless the answerer presses "Name me").
 * Reminders raise a question nobody answered in 3 working days once more.
 */
import type { NetworkAnswer, OpenQuestion, ThreadPlace } from "../../../peer/network-ports.ts";
import type { PeerServices, Subscription } from "../../../peer/ports.ts";
import { categoryLabel } from "../../../peer/taxonomy.ts";
import { type ActionHandler, type FeatureContext, type PostedHandler, result } from "../feature.ts";
import { action, blocksReply, joinValue, splitValue, textReply } from "../replies.ts";
import type { CoreResult, MessageRequest, Outbound, Reply, ReplyAction } from "../reply.ts";

/** The track prefix of open-question posts (registry POSTED). */
export const QUESTION_TRACK = "question";
/** Slack allows 2,000 characters in a button value; the question travels in it. */
const MAX_VALUE_QUESTION = 1_500;

/** The "Ask the ambassadors" button for a question Pathfinder could not answer (or answered unhelpfully). */
export function askAmbassadorsAction(question: string): ReplyAction {
  return action("network.ask", "Ask the ambassadors", question.slice(0, MAX_VALUE_QUESTION));
}

/** The thread memory key under which an answered question is kept, so "Not helpful" can offer to pass it on. */
export function answeredQuestionKey(platform: string, answerId: string): string {
  return `answer:${platform}:${answerId}`;
}

/** What a question looks like in the ambassadors' place. */
function questionPost(question: OpenQuestion, reminder: boolean): Reply {
  const who = question.named && question.askerName ? question.askerName : "Someone";
  const topic = question.topic ? ` (${categoryLabel(question.topic)})` : "";
  const heading = reminder
    ? `Still waiting for an answer${topic}`
    : `${who} asked a question Pathfinder couldn't answer${topic}`;
  return blocksReply(
    [
      { type: "heading", text: heading },
      { type: "text", text: question.text },
      {
        type: "context",
        text: "Reply in this thread to answer: the asker gets your reply in a direct message, without your name unless you choose to be named.",
      },
    ],
    "public",
    `${heading}: ${question.text}`,
  );
}

/** The tracked posts of a question to every ambassadors' place. */
export function questionPosts(question: OpenQuestion, places: Subscription[], reminder = false): Outbound[] {
  return places.map((place) => ({
    kind: "channel" as const,
    platform: place.platform,
    conversationId: place.conversationId,
    ...(place.reference === undefined ? {} : { reference: place.reference }),
    reply: questionPost(question, reminder),
    key: `${reminder ? "network-reminder" : "network-post"}:${question.id}:${place.platform}:${place.conversationId}`,
    // A reminder is a new post: its thread is tracked too, so an answer there reaches the asker.
    track: `${QUESTION_TRACK}:${question.id}`,
  }));
}

/** "Ask the ambassadors": first, whether to be named. */
export const askAmbassadorsButton: ActionHandler = async (_ctx, req) => {
  let question = req.value.trim();
  if (question.startsWith("answer:")) {
    // From "Not helpful": the value names the answer; its question was kept in thread memory for a day.
    const kept = await _ctx.peer.threads.get(answeredQuestionKey(req.actor.platform, question.slice(7)));
    question = kept?.question ?? "";
  }
  if (!question) {
    return result(
      textReply("I no longer have that question. Please ask it again, then choose *Ask the ambassadors*."),
    );
  }
  const value = question.slice(0, MAX_VALUE_QUESTION);
  return result(
    blocksReply(
      [
        { type: "text", text: `Send this to the ambassadors?\n"${value}"` },
        {
          type: "context",
          text: "Contact details are removed first. Anonymous means the ambassadors see the question, not who asked.",
        },
        {
          type: "actions",
          actions: [
            action("network.send", "Send anonymously", joinValue("anonymous", value), "primary"),
            action("network.send", "Send with my name", joinValue("named", value)),
          ],
        },
      ],
      "private",
      "Send this to the ambassadors?",
    ),
  );
};

/** The places `subscribe ambassadors` set. */
function ambassadorsPlaces(peer: Pick<PeerServices, "subscriptions">): Promise<Subscription[]> {
  return peer.subscriptions.list("ambassadors");
}

/** Sends the question: records it, posts it to every ambassadors' place, and tells the asker. */
export const sendToAmbassadorsButton: ActionHandler = async (ctx, req) => {
  const [mode, ...rest] = splitValue(req.value);
  const question = rest.join("|").trim();
  if ((mode !== "anonymous" && mode !== "named") || !question) {
    return result(textReply("That button isn't one I recognise. Please ask your question again."));
  }
  const places = await ambassadorsPlaces(ctx.peer);
  if (places.length === 0) {
    return result(
      blocksReply(
        [
          {
            type: "text",
            text: "The ambassadors' place isn't set up yet (a coordinator types *subscribe ambassadors* in their channel), so I can't post your question. An ambassador can still help you one to one:",
          },
          { type: "actions", actions: [action("ambassador.request", "Talk to an ambassador", "")] },
        ],
        "private",
        "The ambassadors' place isn't set up yet",
      ),
    );
  }
  const named = mode === "named";
  const { question: open } = await ctx.peer.network.ask({
    asker: req.actor,
    ...(named && req.actor.displayName ? { askerName: req.actor.displayName } : {}),
    text: question,
    named,
    idempotencyKey: `${req.actor.userId}:${req.eventId}`,
  });
  return result(
    textReply(
      `Sent to the ambassadors${named ? " with your name" : " anonymously"}; I'll message you when someone answers.`,
    ),
    questionPosts(open, places),
  );
};

/** Records where a question's post landed, so replies in its thread are routed back. */
export const questionPosted: PostedHandler = (ctx, id, at) => ctx.peer.network.recordPost(id, at);

/** The thread this request is in, when it is a channel thread on a chat platform. */
function placeOf(req: MessageRequest): ThreadPlace | undefined {
  const platform = req.actor.platform;
  const threadId = req.conversation.threadId;
  if ((platform !== "slack" && platform !== "teams") || req.conversation.kind !== "channel" || !threadId) {
    return undefined;
  }
  return { platform, conversationId: req.conversation.id, threadId };
}

/** The DM that carries an answer to the asker. */
function answerMessage(question: OpenQuestion, answer: NetworkAnswer): Reply {
  const from = answer.named && answer.byName ? `${answer.byName}, an ambassador,` : "An ambassador";
  const where = answer.place.platform === "slack" ? "Slack" : "Teams";
  return blocksReply(
    [
      { type: "text", text: `${from} answered your question "${question.text}":` },
      { type: "text", text: answer.text },
      { type: "context", text: `Answered in the ambassadors' channel on ${where}.` },
    ],
    "private",
    `${from} answered your question`,
  );
}

/**
 * A message in a thread of an open question: recorded as an answer, and the asker told on the first one.
 * Undefined when the thread is not an open question's (the message is then an ordinary question).
 */
export async function answerInTrackedThread(
  ctx: FeatureContext,
  req: MessageRequest,
): Promise<CoreResult | undefined> {
  const place = placeOf(req);
  if (!place || !req.text.trim()) return undefined;
  const recorded = await ctx.peer.network.answer({
    by: req.actor,
    place,
    text: req.text,
    idempotencyKey: req.eventId,
  });
  if (!recorded) return undefined;
  const { question, answer, first } = recorded;
  const outbox: Outbound[] = first
    ? [
        {
          kind: "direct",
          to: question.asker,
          reply: answerMessage(question, answer),
          key: `network-answer:${question.id}`,
        },
      ]
    : [];
  const note = first
    ? "Thanks: I've sent your answer to the person who asked, without your name."
    : "Thanks: your answer is saved with the question (the asker already has the first answer).";
  return result(
    blocksReply(
      [
        { type: "text", text: note },
        ...(first
          ? [
              {
                type: "actions" as const,
                actions: [action("network.name-me", "Name me", joinValue(question.id, answer.id))],
              },
            ]
          : []),
        {
          type: "context",
          text: "To keep a good answer for the next person, use *Save answer to Pathfinder* on the message.",
        },
      ],
      "private",
      note,
    ),
    outbox,
  );
}

/** "Name me": the answerer agrees to be named; the asker is told who answered. */
export const nameMeButton: ActionHandler = async (ctx, req) => {
  const [questionId = "", answerId = ""] = splitValue(req.value);
  const name = req.actor.displayName;
  if (!name) return result(textReply("I can't see your display name here, so I can't pass it on."));
  const answer = await ctx.peer.network.nameAnswerer(questionId, answerId, req.actor, name);
  const question = await ctx.peer.network.get(questionId);
  if (!question) return result(textReply("That question no longer exists."));
  return result(textReply(`Done: the asker now knows the answer came from ${answer.byName ?? name}.`), [
    {
      kind: "direct",
      to: question.asker,
      reply: textReply(
        `The answer to your question "${question.text}" came from ${answer.byName ?? name}, an ambassador.`,
      ),
      key: `network-named:${question.id}:${answer.id}`,
    },
  ]);
};

/** A channel post (Outbound `kind: "channel"`): what a reminder is. */
export type ChannelPost = Extract<Outbound, { kind: "channel" }>;

/** The idempotency key of one reminder in one place: a question is raised once per place, ever. */
export function reminderKey(
  questionId: string,
  place: Pick<Subscription, "platform" | "conversationId">,
): string {
  return `network-reminder:${questionId}:${place.platform}:${place.conversationId}`;
}

/**
 * The reminder of `question` for every ambassadors' place: a reply in the question's own thread where it was
 * posted there (the answers already given nowhere else, and the thread already tracked), or a new tracked post
 * in a place that was set up after the question went out (or whose post was never reported).
 */
export function reminderPosts(question: OpenQuestion, places: Subscription[]): ChannelPost[] {
  return places.map((place) => {
    const thread = question.posts.find(
      (p) => p.platform === place.platform && p.conversationId === place.conversationId,
    );
    return {
      kind: "channel" as const,
      platform: place.platform,
      conversationId: place.conversationId,
      ...(place.reference === undefined ? {} : { reference: place.reference }),
      reply: reminderReply(question, thread !== undefined),
      key: reminderKey(question.id, place),
      // A new post starts a thread of its own: tracked, so an answer there reaches the asker too.
      ...(thread ? { threadId: thread.threadId } : { track: `${QUESTION_TRACK}:${question.id}` }),
    };
  });
}

/** The reminder's text: in the thread it needs no copy of the question, only the nudge. */
function reminderReply(question: OpenQuestion, inThread: boolean): Reply {
  if (!inThread) return questionPost(question, true);
  const topic = question.topic ? ` (${categoryLabel(question.topic)})` : "";
  const heading = `Still waiting for an answer${topic}: nobody has answered this question in 3 working days`;
  return blocksReply(
    [
      { type: "heading", text: heading },
      {
        type: "context",
        text: "Reply in this thread to answer: the asker gets your reply in a direct message, without your name unless you choose to be named.",
      },
    ],
    "public",
    `${heading}: ${question.text}`,
  );
}

/**
 * How delivering one reminder post went: `posted` now, `already` posted by an earlier run, `unknown` (the
 * platform may have taken it without answering: its claim is kept, so it counts as done and is never posted
 * again), `busy` (another run holds its claim right now), or `failed` (its claim given back, so the next run
 * tries again).
 */
export type ReminderOutcome = "posted" | "already" | "unknown" | "busy" | "failed";

/** The outcomes after which a place needs nothing more from any run. */
const DONE: ReadonlySet<ReminderOutcome> = new Set(["posted", "already", "unknown"]);

/** Delivers one reminder post at most once (the caller claims its key); never throws. */
export type ReminderDelivery = (post: ChannelPost) => Promise<ReminderOutcome>;

/** What one reminder run did. */
export interface ReminderRun {
  /** Questions raised again in every place, now marked reminded (never raised again). */
  reminded: OpenQuestion[];
  /** Questions with a place still to post to (failed, or another run at it): due again on the next run. */
  pending: OpenQuestion[];
  /** Every post tried, with how it went. */
  posts: { questionId: string; post: ChannelPost; outcome: ReminderOutcome }[];
}

/**
 * Raises each open question unanswered for 3 working days once more in every ambassadors' place (the daily
 * schedule calls it: functions/network-reminders.ts). A question is marked reminded only once its reminder is
 * in every place (posted now or by an earlier run), so a post that failed is retried by the next run, and
 * `deliver`'s claims keep a retried or overlapping run from posting a place twice.
 */
export async function remindOpenQuestions(
  peer: Pick<PeerServices, "network" | "subscriptions">,
  deliver: ReminderDelivery,
): Promise<ReminderRun> {
  const run: ReminderRun = { reminded: [], pending: [], posts: [] };
  // The weekday schedule cannot know bank holidays: on one (or a weekend run by hand) nobody is at work to
  // answer, so nothing is posted and the questions stay due for the next working day's run.
  if (!peer.network.isWorkingDay()) return run;
  const places = await ambassadorsPlaces(peer);
  // With nowhere to post, mark nothing: the reminder waits until a place is set.
  if (places.length === 0) return run;
  for (const question of await peer.network.dueReminders()) {
    const outcomes: ReminderOutcome[] = [];
    // One place after another: a question has a handful of places, and one failing must not stop the others.
    for (const post of reminderPosts(question, places)) {
      const outcome = await deliver(post).catch((): ReminderOutcome => "failed");
      outcomes.push(outcome);
      run.posts.push({ questionId: question.id, post, outcome });
    }
    if (outcomes.every((o) => DONE.has(o))) {
      const marked = await peer.network.claimReminder(question.id);
      if (marked) run.reminded.push(marked);
    } else {
      run.pending.push(question);
    }
  }
  return run;
}

/**
 * Core.handlePosted for the tracked posts a reminder makes, without building the core (the reminders'
 * function has no knowledge base or hash key): records the question's new thread.
 */
export async function recordQuestionPost(
  network: Pick<PeerServices["network"], "recordPost">,
  track: string,
  at: ThreadPlace,
): Promise<void> {
  const prefix = `${QUESTION_TRACK}:`;
  if (track.startsWith(prefix)) await network.recordPost(track.slice(prefix.length), at);
}
