/**
 * `pathfinder ask --target aws` reads approved community cards from the deployed stack's table, as the bot
 * functions do (issue 15): before, it answered from the bundled knowledge alone and so differently from the bot.
 * CloudFormation is stood in for; DynamoDB Local stands in for the stack's table (DYNAMODB_ENDPOINT).
 */
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError } from "../../cli/command.ts";
import { createAskCommand } from "../../cli/commands/ask.ts";
import { extractTargetArgs, type StackOutputsLookup } from "../../cli/target.ts";
import type { Answer } from "../../knowledge/types.ts";
import type { Actor } from "../../peer/network-ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

const QUESTION = "How do we value the building our team uses when we spin out?";
const PARAPHRASE = "How should we value our building when we spin out?";
const ANSWER = "Ask the district valuer for a red book valuation before the asset transfer is agreed.";
const EDITOR: Actor = { user: { platform: "slack", userId: "U0EDITOR" }, editor: true };

let table: TestTable;
const lookups: string[] = [];

/** CloudFormation standing in: the deployed stack's outputs, as cdk/pathfinder-stack.ts names them. */
const stack: StackOutputsLookup = async (stackName, region) => {
  lookups.push(`${stackName}@${region}`);
  return { TableName: table.tableName, HashKeySecretName: "Staging/hash-key" };
};

beforeAll(async () => {
  table = await createTestTable("cli-ask-aws");
  const peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "deployed-key" });
  const { card } = await peer.community.propose({ actor: EDITOR, question: QUESTION, answer: ANSWER });
  await peer.community.approve(card.id, EDITOR);
});
afterAll(() => table.drop());

/** `pathfinder ask --json ...args` as typed (global flags taken off as runCli does), with this stack lookup. */
async function ask(args: string[], lookup: StackOutputsLookup = stack) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c) => {
    out += c;
  });
  stderr.on("data", (c) => {
    err += c;
  });
  // The stack's table only: PATHFINDER_TABLE names a table that does not exist, so reading it finds no cards.
  const typed = extractTargetArgs(args, {
    AWS_REGION: "eu-west-1",
    DYNAMODB_ENDPOINT: table.endpoint,
    PATHFINDER_TABLE: "not-the-stack-table",
  });
  const code = await createAskCommand({ lookup }).run(typed.argv, {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: typed.env,
  });
  return { code, answer: out ? (JSON.parse(out) as Answer) : undefined, err };
}

describe("pathfinder ask --target aws", () => {
  it("answers a paraphrase from an approved card in the stack's table, cited as a community answer", async () => {
    // Act
    const deployed = await ask(["--target", "aws", "--stack", "Staging", "--json", PARAPHRASE]);
    const local = await ask(["--json", PARAPHRASE]);

    // Assess
    expect(deployed.code).toBe(0);
    expect(deployed.answer?.citations[0]?.kind).toBe("community");
    expect(deployed.answer?.text).toContain("red book valuation");
    expect(lookups).toContain("Staging@eu-west-1");
    // The local target reads PATHFINDER_TABLE, which holds no cards: the card is what made the difference.
    expect(local.answer?.citations.some((c) => c.kind === "community")).toBe(false);
  });

  it("refuses a stack without a TableName output in one sentence, instead of answering without the cards", async () => {
    // Act
    const refused = ask(["--target", "aws", "--json", PARAPHRASE], async () => ({ SlackSecretName: "x" }));

    // Assess
    await expect(refused).rejects.toThrow(CliUsageError);
    await expect(refused).rejects.toThrow('Stack "Pathfinder" has no TableName output');
  });
});
