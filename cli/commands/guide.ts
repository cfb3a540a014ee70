/**
 * `pathfinder guide [topic] [--json]`: the guide's answer cards by topic, or a short brief on one
 * topic (or the whole "idiot's guide" with `guide director`) that a practitioner can forward to
 * their director, every sentence cited.
 */
import { CATEGORIES } from "../../peer/taxonomy.ts";
import { type CliCommand, CliUsageError, println } from "../command.ts";
import { answerJson, printSources } from "./ask.ts";
import { openKnowledgeBase } from "./search.ts";

export const command: CliCommand = {
  name: "guide",
  summary: "List the guide's answer cards by topic, or print a brief for your director",
  usage: [
    "Usage: pathfinder guide [--json]            the cards, by topic",
    "       pathfinder guide [--json] TOPIC      a short brief on one topic, with sources",
    "       pathfinder guide [--json] director   the whole idiot's guide for a director",
    "",
    `  TOPIC is a topic id or a word of its name: ${CATEGORIES.map((c) => c.id).join(", ")}`,
    "  --json   print the topics ({topic, label, cards}[]) or the brief (the ask --json shape)",
  ].join("\n"),
  async run(args, io) {
    const json = args.includes("--json");
    const unknown = args.find((a) => a.startsWith("--") && a !== "--json");
    if (unknown) throw new CliUsageError(`Unknown option ${unknown}.`);
    const topic = args.filter((a) => !a.startsWith("--")).join(" ");
    const kb = await openKnowledgeBase(io);
    if (!topic) {
      const topics = kb.guide();
      if (json) println(io.stdout, JSON.stringify(topics));
      else if (topics.length === 0) println(io.stdout, "The guide has no cards yet.");
      else {
        for (const t of topics) {
          println(io.stdout, `${t.label} (guide ${t.topic})`);
          for (const card of t.cards) println(io.stdout, `  - ${card.title}`);
          println(io.stdout);
        }
        println(
          io.stdout,
          "Run `pathfinder guide TOPIC` for a brief to forward, or `pathfinder guide director`.",
        );
      }
      return 0;
    }
    const brief = kb.guideBrief(topic);
    if (!brief) {
      println(
        io.stderr,
        `No guide topic matches "${topic}". Topics: ${CATEGORIES.map((c) => c.id).join(", ")}.`,
      );
      return 1;
    }
    if (json) println(io.stdout, answerJson(brief));
    else {
      println(io.stdout, brief.text);
      printSources(io, brief);
    }
    return 0;
  },
};
