/**
 * `pathfinder ask`: a short, cited answer from the knowledge base, or an honest "I couldn't find
 * this" with the offer of an ambassador. `--json` and `--batch` are a contract; see docs/knowledge.md.
 */
import { describeCitation } from "../../knowledge/card-answers.ts";
import type { Answer } from "../../knowledge/types.ts";
import { type CliCommand, type CliIo, println } from "../command.ts";
import { type CommunityTableDeps, withCommunityFromTable } from "./answers.ts";
import { forEachStdinLine, openKnowledgeBase, parseQuestionArgs } from "./search.ts";

/** The `ask --json` shape (the bots' `composer` field stays internal); `cardId` when a guide card answered. */
export function answerJson(answer: Answer): string {
  const { answered, text, citations, confidence, topics, cardId } = answer;
  return JSON.stringify({ answered, text, citations, confidence, topics, ...(cardId ? { cardId } : {}) });
}

/** Sources as people read them: `[1] "Title" — Author, 20 September 2012`, never a file name. */
export function printSources(io: CliIo, answer: Answer): void {
  if (answer.citations.length === 0) return;
  println(io.stdout);
  println(io.stdout, "Sources:");
  for (const c of answer.citations) {
    println(io.stdout, `  ${describeCitation(c)}${c.kind === "guide" ? " (via the guide)" : ""}`);
    const quote = c.quote.replace(/\s+/g, " ");
    println(io.stdout, `      "${quote.length > 240 ? `${quote.slice(0, 240)}…` : quote}"`);
  }
}

function printForPeople(io: CliIo, answer: Answer): void {
  println(io.stdout, answer.text);
  printSources(io, answer);
  const details = [`confidence ${answer.confidence.toFixed(2)}`];
  if (answer.topics.length > 0) details.push(`topics: ${answer.topics.join(", ")}`);
  if (answer.composer === "openai") details.push("written by AI from the sources above");
  println(io.stdout);
  println(io.stdout, `(${details.join("; ")})`);
}

/** `pathfinder ask`, with AWS stand-ins for tests (the stack's outputs, for `--target aws`). */
export function createAskCommand(deps: CommunityTableDeps = {}): CliCommand {
  return {
    name: "ask",
    summary: "Answer a question from the knowledge base, with citations",
    usage: [
      'Usage: pathfinder ask [--json] "QUESTION"',
      "       pathfinder ask --batch [--json] < questions.txt",
      "",
      "  --json    print {answered, text, citations, confidence, topics, cardId?}",
      "  --batch   read one question per line on stdin; print one answer per line",
      "",
      "Uses OpenAI to word the answer when OPENAI_API_KEY is set; otherwise answers offline.",
      "Approved community answers answer too: from DynamoDB Local when one is at hand, or with --target aws",
      "[--stack NAME] from the deployed stack's table, as the deployed bot does.",
    ].join("\n"),
    async run(args, io) {
      const options = parseQuestionArgs(args, { allowLimit: false });
      // An empty question has no answer to give: saying "(confidence 0.00)" and exiting 0 hid the mistake
      // (issue 17). One line, so a script's log shows why; --batch still answers blank lines, one output per input.
      if (!options.batch && !options.question?.trim()) {
        println(io.stderr, 'pathfinder ask: the question is empty; try pathfinder ask "QUESTION".');
        return 2;
      }
      // Approved community answers (issue 15) answer too, when a table is at hand.
      const kb = await withCommunityFromTable(io, await openKnowledgeBase(io), deps);
      const answer = async (question: string) => {
        const result = await kb.ask(question);
        if (options.json) println(io.stdout, answerJson(result));
        else printForPeople(io, result);
      };
      if (options.batch) {
        let first = true;
        await forEachStdinLine(io, async (line) => {
          if (!options.json && !first) println(io.stdout, "---");
          first = false;
          await answer(line);
        });
      } else await answer(options.question ?? "");
      return 0;
    },
  };
}

export const command: CliCommand = createAskCommand();
