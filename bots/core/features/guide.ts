/**
 * The guide (issue 11): `guide` lists the guide's topics and cards; `guide <topic>` gives a short brief,
 * every sentence cited, that a practitioner can forward to their director.
 */
import type { GuideTopic } from "../../../knowledge/types.ts";
import { type CommandHandler, commandPrefix, result, shortHash } from "../feature.ts";
import { blocksReply, textReply } from "../replies.ts";
import type { Reply } from "../reply.ts";
import { answerReply, askQuestion } from "./questions.ts";

/** In chat, "guide me through the TUPE process" is a question, not a topic: this many words or more. */
const CHAT_QUESTION_WORDS = 3;

function topicList(topics: GuideTopic[], prefix: string, lead?: string): Reply {
  if (topics.length === 0) {
    return textReply(
      `${lead ? `${lead} ` : ""}The guide has no topics yet. Ask me a question instead, for example: *${prefix}ask how do we get the unions on board?*`,
    );
  }
  const example = topics[0]?.topic ?? "";
  return blocksReply(
    [
      lead ? { type: "text", text: lead } : { type: "heading", text: "The Pathfinder guide" },
      {
        type: "items",
        items: topics.map((t) => ({
          title: t.label,
          detail: [`*${prefix}guide ${t.topic}*`, ...t.cards.map((c) => `• ${c.title}`)].join("\n"),
        })),
      },
      {
        type: "context",
        text: `Type *${prefix}guide <topic>* (for example *${prefix}guide ${example}*) for a short brief you can forward to your director, every sentence cited.`,
      },
    ],
    "private",
    lead ?? "The Pathfinder guide",
  );
}

export const guideCommand: CommandHandler = {
  helpLine: (p) =>
    `*${p}guide [topic]*: the guide's topics; with a topic, a short cited brief to forward to your director`,
  menu: "The guide's topics, or a cited brief on one to forward to your director",
  async run(ctx, req, { args }) {
    const prefix = commandPrefix(req.actor.platform);
    const topic = args.trim();
    if (!topic) return result(topicList(ctx.knowledge.guide(), prefix));
    const brief = ctx.knowledge.guideBrief(topic);
    if (brief) {
      const visibility = req.mode === "command" ? "private" : "public";
      // No "Log this as a blocker" button: a brief answers a topic, not an obstacle someone described.
      return result(answerReply(brief, undefined, shortHash(req.actor.platform, req.eventId), visibility));
    }
    if (req.mode === "chat" && topic.split(/\s+/).length >= CHAT_QUESTION_WORDS) {
      return askQuestion(ctx, req, req.text.trim());
    }
    return result(topicList(ctx.knowledge.guide(), prefix, `I don't have a guide brief on "${topic}".`));
  },
};
