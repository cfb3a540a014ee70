/**
 * The `pathfinder answers` / `gaps` / `network remind` contract (issue 15) against DynamoDB Local: a proposal is
 * pending until approved; once approved, `ask --json` with a paraphrase answers from the card, cited
 * `kind: "community"`; rejected and removed cards never answer; bad input stores nothing.
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../../cli/main.ts";
import type { Answer } from "../../knowledge/types.ts";
import type { CommunityCard, GapTopic } from "../../peer/network-ports.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
let env: NodeJS.ProcessEnv;
let peer: PeerServices;

/** Runs `pathfinder ...args` with in-memory streams; returns the exit code and what it printed. */
async function cli(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end("");
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  const code = await runCli(args, { stdout, stderr, stdin, env });
  return { code, out, err };
}

const QUESTION = "How do we value the building our team uses when we spin out?";
const PARAPHRASE = "How should we value our building when we spin out?";
const ANSWER = "Ask the district valuer for a red book valuation before the asset transfer is agreed.";

async function ask(question: string): Promise<Answer> {
  const { code, out } = await cli(["ask", "--json", question]);
  expect(code).toBe(0);
  return JSON.parse(out) as Answer;
}

beforeAll(async () => {
  table = await createTestTable("cli-answers");
  env = {
    DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    PATHFINDER_TABLE: table.tableName,
    PATHFINDER_HASH_KEY: "cli-answers-test",
  };
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "cli-answers-test" });
});
afterAll(() => table.drop());

describe("pathfinder answers", () => {
  it("proposes a pending card that answers a paraphrase only once approved, cited as a community answer", async () => {
    const proposed = await cli([
      "answers",
      "propose",
      "--question",
      QUESTION,
      "--answer",
      ANSWER,
      "--by",
      "U0JANET",
      "--platform",
      "slack",
      "--topic",
      "business-case",
      "--json",
    ]);
    expect(proposed.code).toBe(0);
    const { id, status } = JSON.parse(proposed.out) as { id: string; status: string };
    expect(status).toBe("pending");

    const before = await ask(PARAPHRASE);
    expect(before.citations.some((c) => c.kind === "community")).toBe(false);

    const approved = await cli(["answers", "approve", id, "--json"]);
    expect(JSON.parse(approved.out)).toEqual({ id, status: "approved" });
    const after = await ask(PARAPHRASE);
    expect(after.answered).toBe(true);
    expect(after.cardId).toBe(id);
    expect(after.text).toContain("red book valuation");
    expect(after.citations[0]).toMatchObject({
      kind: "community",
      title: expect.stringMatching(/^Answer from an ambassador, /),
    });

    const listed = JSON.parse((await cli(["answers", "list", "--json"])).out) as CommunityCard[];
    expect(listed.map((c) => [c.id, c.status])).toEqual([[id, "approved"]]);

    const edited = await cli(["answers", "edit", id, "--answer", "Ask the district valuer first.", "--json"]);
    expect((JSON.parse(edited.out) as CommunityCard).history.at(-1)?.what).toBe(
      `edited answer (was: ${ANSWER})`,
    );
    expect((await ask(PARAPHRASE)).text).toBe("Ask the district valuer first. [1]");

    const removed = await cli(["answers", "remove", id]);
    expect(removed.out).toBe(`Card ${id} is now removed.\n`);
    expect((await ask(PARAPHRASE)).citations.some((c) => c.kind === "community")).toBe(false);
  });

  it("never answers from a rejected card", async () => {
    const proposed = await cli([
      "answers",
      "propose",
      "--question",
      "Who signs off the shadow board's first budget?",
      "--answer",
      "The interim chair, with the council's section 151 officer.",
      "--by",
      "U0JANET",
      "--json",
    ]);
    const { id } = JSON.parse(proposed.out) as { id: string };
    const rejected = await cli(["answers", "reject", id, "--json"]);

    expect(JSON.parse(rejected.out)).toEqual({ id, status: "rejected" });
    expect((await ask("Who signs off the shadow board's first budget?")).cardId).not.toBe(id);
    expect((await cli(["answers", "approve", id])).err).toMatch(/rejected; it can't be approved/);
  });

  it("refuses an empty, over-long or duplicate answer with a clear message and stores nothing; says what it scrubbed", async () => {
    const base = ["answers", "propose", "--by", "U0JANET", "--json", "--question"];
    const empty = await cli([...base, "Can we keep our pensions?", "--answer", "   "]);
    const long = await cli([...base, "Can we keep our pensions?", "--answer", "x".repeat(1_501)]);
    const scrubbed = await cli([
      ...base,
      "Can we keep our pensions?",
      "--answer",
      "Yes: email jo@example.org for our admission agreement.",
    ]);
    const duplicate = await cli([...base, "can we keep our PENSIONS", "--answer", "Another answer."]);
    const missing = await cli(["answers", "propose", "--question", "Q", "--answer", "A"]);

    expect(empty).toMatchObject({ code: 1, out: "" });
    expect(empty.err).toMatch(/answer is empty/);
    expect(long.code).toBe(1);
    expect(long.err).toMatch(/1501 characters long; a card keeps at most 1500/);
    expect(scrubbed.code).toBe(0);
    expect(scrubbed.err).toBe("Removed before saving: an email address.\n");
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toMatch(/already exists/);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/needs --by/);
    const pending = JSON.parse(
      (await cli(["answers", "list", "--status", "pending", "--json"])).out,
    ) as CommunityCard[];
    expect(pending.map((c) => c.answer)).toEqual(["Yes: email [email] for our admission agreement."]);
  });
});

describe("pathfinder gaps and network remind", () => {
  it("shows open and answered questions by topic with waiting days, and what is due a reminder", async () => {
    const asked = new Date(Date.now() - 8 * 86_400_000); // more than 3 working days ago, whatever today is
    const old = createPeerServices({
      doc: table.doc,
      tableName: table.tableName,
      hashKey: "cli-answers-test",
      now: () => asked,
    });
    const { question } = await old.network.ask({
      asker: { platform: "slack", userId: "U0SAM" },
      text: "How do we keep staff pensions on transfer?",
      named: false,
      idempotencyKey: "gap-1",
    });

    const gaps = JSON.parse((await cli(["gaps", "--json"])).out) as GapTopic[];
    const due = JSON.parse((await cli(["network", "remind", "--json"])).out) as {
      questions: { id: string }[];
    };
    const marked = JSON.parse((await cli(["network", "remind", "--mark", "--json"])).out) as {
      questions: { id: string }[];
    };
    const after = JSON.parse((await cli(["network", "remind", "--json"])).out) as {
      questions: { id: string }[];
    };

    expect(gaps).toEqual([
      {
        topic: "hr-tupe-pensions",
        open: 1,
        answered: 0,
        questions: [
          {
            id: question.id,
            text: question.text,
            status: "open",
            askedAt: asked.toISOString(),
            waitingDays: 8,
          },
        ],
      },
    ]);
    expect(due.questions.map((q) => q.id)).toEqual([question.id]);
    expect(marked.questions.map((q) => q.id)).toEqual([question.id]);
    expect(after.questions).toEqual([]);
    expect((await peer.network.get(question.id))?.remindedAt).toBeDefined();
  });
});
