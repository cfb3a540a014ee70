/** Questions: `ask` (and any chat message that is not a command), and the feedback buttons on answers. */
import type { Answer } from "../../../knowledge/types.ts";
import {
  type ActionHandler,
  type CommandHandler,
  type FeatureContext,
  result,
  shortHash,
  threadKey,
} from "../feature.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { CoreResult, MessageRequest, Reply, ReplyBlock } from "../reply.ts";
import { suggestPeople } from "./mentors.ts";
import { answeredQuestionKey, answerInTrackedThread, askAmbassadorsAction } from "./network.ts";

/** How much of a thread's questions the thread memory keeps (the latest part, where a follow-up points). */
const THREAD_MEMORY_CHARS = 500;

/**
 * An answer as a reply: the text, its sources, and what to do next (feedback, a person, and, given the
 * question, "Log this as a blocker").
 */
export function answerReply(
  answer: Answer,
  question: string | undefined,
  answerId: string,
  visibility: Reply["visibility"],
): Reply {
  const blocks: ReplyBlock[] = [{ type: "text", text: answer.text }];
  const topics = answer.topics.join(",");
  const talk = action("ambassador.request", "Talk to an ambassador", topics);
  const logIt =
    question === undefined ? [] : [action("blocker.log", "Log this as a blocker", question.slice(0, 1500))];
  if (answer.answered) {
    if (answer.citations.length > 0) blocks.push({ type: "citations", citations: answer.citations });
    if (answer.composer === "openai") {
      blocks.push({ type: "context", text: "AI-generated from the cited articles. Check the sources." });
    }
    blocks.push({ type: "context", text: "Was this helpful?" });
    blocks.push({
      type: "actions",
      actions: [
        // Neither rating is styled: a filled "primary" Helpful looked already pressed (issue 17.5).
        action("feedback.helpful", "Helpful", answerId),
        action("feedback.unhelpful", "Not helpful", answerId),
        talk,
        ...logIt,
      ],
    });
  } else {
    // A decline offers the network (issue 15): the question goes to the ambassadors' place.
    const askThem = question === undefined ? [] : [askAmbassadorsAction(question)];
    blocks.push({ type: "actions", actions: [talk, ...askThem, ...logIt] });
  }
  const reply: Reply = { ...blocksReply(blocks, visibility, answer.text), answerId };
  if (answer.composer === "openai") reply.aiGenerated = true;
  return reply;
}

/** Answers a question; in a thread, the knowledge base reads it with the thread's earlier question. */
export async function askQuestion(
  ctx: FeatureContext,
  req: MessageRequest,
  question: string,
): Promise<CoreResult> {
  if (!question.trim()) {
    return result(
      textReply(
        "What would you like to ask? For example: *How do we get the unions on board with a spin-out?*",
      ),
    );
  }
  const key = threadKey(req);
  const memory = key ? await ctx.peer.threads.get(key) : undefined;
  // Whether "and pensions?" is a follow-up is the knowledge base's call (it may rewrite it with OpenAI).
  const answer = await ctx.knowledge.ask(question, memory ? { previousQuestion: memory.question } : {});
  // A greeting or thanks gets its reply alone: no decline, no ambassadors offered, nothing recorded as a question.
  if (answer.smallTalk) return result(textReply(answer.text));
  // The thread's questions so far: what a blocker logged from here, or an ambassador asked about it, is about.
  const thread = memory ? `${memory.question} ${question}` : question;
  const answerId = shortHash(req.actor.platform, req.eventId);
  await ctx.peer.signals.record({
    user: req.actor,
    topics: answer.topics,
    answered: answer.answered,
    idempotencyKey: `question:${req.actor.platform}:${req.eventId}`,
    now: ctx.now(),
  });
  if (key) {
    await ctx.peer.threads.put(
      key,
      { question: thread.slice(-THREAD_MEMORY_CHARS).trimStart(), topics: answer.topics },
      ctx.now(),
    );
  }
  if (answer.answered) {
    // Kept a day, so "Not helpful" can offer to send this question to the ambassadors (issue 15).
    await ctx.peer.threads.put(
      answeredQuestionKey(req.actor.platform, answerId),
      { question: thread.slice(-THREAD_MEMORY_CHARS).trimStart(), topics: answer.topics },
      ctx.now(),
    );
  }
  const visibility = req.mode === "command" ? "private" : "public";
  const replies = [answerReply(answer, thread, answerId, visibility)];
  if (!answer.answered) {
    // Nobody hits a dead end: offer people straight away. A decline with no field topic (an everyday
    // question: "the capital of Canada") offers whoever has time, not people matched on its words
    // ("capital" reads as funding); the knowledge base has already read the question's topics.
    const people = await suggestPeople(
      ctx,
      req.actor,
      answer.topics.length > 0 ? thread : undefined,
      answer.topics,
      2,
    );
    if (people) replies.push(people);
  }
  return result(replies);
}

export const askCommand: CommandHandler = {
  helpLine: (p) => `*${p}ask <question>*: answers from the knowledge base, with sources`,
  menu: "Ask a question; the answer cites its sources",
  aliases: ["question"],
  // A reply in the thread of an open question is an answer to it (issue 15), not a question for Pathfinder.
  run: async (ctx, req, { args }) => (await answerInTrackedThread(ctx, req)) ?? askQuestion(ctx, req, args),
};

/**
 * An answer id is `shortHash` output: 16 base64url characters. A button's value comes back from the
 * client, so anything else (a forged 3,000-character value overflowed DynamoDB's key limit: 500) is refused.
 */
const ANSWER_ID = /^[A-Za-z0-9_-]{16}$/;

function feedback(helpful: boolean): ActionHandler {
  return async (ctx, req) => {
    if (!ANSWER_ID.test(req.value)) {
      return result(textReply("That feedback button isn't one I recognise. Please ask your question again."));
    }
    await ctx.peer.feedback.record({
      user: req.actor,
      answerId: req.value,
      helpful,
      // Once per person and answer: the feedback log adds the keyed user hash itself, so no raw user id sits
      // in the key or the marker derived from it (issue 13 item 12).
      idempotencyKey: `feedback:${req.value}`,
      now: ctx.now(),
    });
    if (helpful) return result(textReply("Thanks for the feedback."));
    // The question behind the answer, kept for a day (askQuestion), lets the asker send it to the ambassadors.
    const asked = await ctx.peer.threads.get(answeredQuestionKey(req.actor.platform, req.value));
    const askThem = asked ? [askAmbassadorsAction(`answer:${req.value}`)] : [];
    return result(
      blocksReply(
        [
          { type: "text", text: "Thanks for telling me. A person may help more:" },
          {
            type: "actions",
            actions: [action("ambassador.request", "Talk to an ambassador", ""), ...askThem],
          },
        ],
        "private",
        "Thanks for the feedback",
      ),
    );
  };
}

export const helpfulAction: ActionHandler = feedback(true);
export const unhelpfulAction: ActionHandler = feedback(false);
