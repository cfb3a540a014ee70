/**
 * `pathfinder answers`: community cards from the command line (issue 15): propose an ambassador's answer,
 * approve, reject or remove it, list the cards. The CLI holds the table's credentials, so it acts as an editor;
 * `--by` names whose answer it is. The rules (empty, over-long, duplicates, scrubbing) are the domain's.
 */
import { resolve } from "node:path";
import { loadConfig } from "../../config/config.ts";
import { withCommunityCards } from "../../knowledge/community.ts";
import type { KnowledgeBase } from "../../knowledge/types.ts";
import type { Actor, CommunityCard, CommunityCardStatus } from "../../peer/network-ports.ts";
import type { PeerServices, UserRef } from "../../peer/ports.ts";
import { createDocumentClient } from "../../store/dynamo-client.ts";
import { findRunningDynamoLocal } from "../../store/dynamodb-local.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { type CliCommand, type CliIo, CliUsageError, println } from "../command.ts";
import { cliUser, DEFAULT_DATA_DIR, parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";
import { resolveAwsTable, type StackOutputsLookup, targetKind } from "../target.ts";

const usage = `Usage:
  pathfinder answers propose --question Q --answer A --by USER [--platform cli|slack|teams|web] [--topic T]
                             [--phrasing P]... [--name-me] [--json]
  pathfinder answers list [--status pending|approved|rejected|removed] [--json]
  pathfinder answers approve ID [--json]
  pathfinder answers reject ID [--json]
  pathfinder answers remove ID [--json]
  pathfinder answers edit ID [--question Q] [--answer A] [--topic T] [--phrasing P]... [--json]

A proposal waits for an editor; only approved cards answer questions (cited as a community answer).
The command line acts as an editor. --by is whose answer it is (their platform user id); with --name-me the
card credits them by their ambassador directory name. Contact details are removed before saving (the
command says what it removed). An empty answer, one over 1,500 characters, or a second card for the same
question is refused and nothing is saved. An edit keeps the old text in the card's history; --phrasing
replaces the card's phrasings.`;

const options = {
  question: { type: "string" },
  answer: { type: "string" },
  by: { type: "string" },
  platform: { type: "string" },
  topic: { type: "string" },
  phrasing: { type: "string", multiple: true },
  "name-me": { type: "boolean" },
  status: { type: "string" },
  json: { type: "boolean" },
} as const;

const STATUSES: readonly CommunityCardStatus[] = ["pending", "approved", "rejected", "removed"];

/** The editor the CLI acts as: the OS user on platform "cli". */
function cliEditor(): Actor {
  return { user: cliUser({}), editor: true };
}

function describeCard(card: CommunityCard): string {
  const author = card.authorName ? `by ${card.authorName}` : "author not named";
  return `${card.id}  ${card.status.padEnd(8)}  ${card.topic || "no topic"}  ${author}\n    Q: ${card.question}\n    A: ${card.answer}`;
}

async function listCards(services: PeerServices, status: string | undefined): Promise<CommunityCard[]> {
  if (status !== undefined && !STATUSES.includes(status as CommunityCardStatus)) {
    throw new CliUsageError(`--status must be one of ${STATUSES.join(", ")}`);
  }
  const statuses = status ? [status as CommunityCardStatus] : STATUSES;
  return (await Promise.all(statuses.map((s) => services.community.list(s)))).flat();
}

export const command: CliCommand = {
  name: "answers",
  summary: "Community answers: propose, approve, edit, reject, remove and list them",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [verb, id, ...extra] = positionals;
    if (extra.length > 0) throw new CliUsageError(`Unexpected arguments: ${extra.join(" ")}`);
    if (verb === "propose") {
      if (!values.by?.trim())
        throw new CliUsageError("answers propose needs --by USER (whose answer it is).");
      if (values.question === undefined) throw new CliUsageError("answers propose needs --question.");
      if (values.answer === undefined) throw new CliUsageError("answers propose needs --answer.");
      const by: UserRef = cliUser({
        user: values.by,
        ...(values.platform ? { platform: values.platform } : {}),
      });
      return await withPeerContext(io.env, async ({ services }) => {
        const { card, removed } = await services.community.propose({
          actor: { user: by, editor: true },
          question: values.question ?? "",
          answer: values.answer ?? "",
          ...(values.topic ? { topic: values.topic } : {}),
          phrasings: values.phrasing ?? [],
          nameMe: values["name-me"] === true,
        });
        if (removed.length > 0) println(io.stderr, `Removed before saving: ${removed.join(", ")}.`);
        if (values.json) printJson(io.stdout, { id: card.id, status: card.status, removed });
        else
          println(
            io.stdout,
            `Saved card ${card.id} for review (pending). \`pathfinder answers approve ${card.id}\` approves it.`,
          );
        return 0;
      });
    }
    if (verb === "list") {
      return await withPeerContext(io.env, async ({ services }) => {
        const cards = await listCards(services, values.status);
        if (values.json) printJson(io.stdout, cards);
        else if (cards.length === 0) println(io.stdout, "No community answers yet.");
        else for (const card of cards) println(io.stdout, describeCard(card));
        return 0;
      });
    }
    if (verb === "approve" || verb === "reject" || verb === "remove") {
      if (!id)
        throw new CliUsageError(
          `answers ${verb} needs the card's ID (\`pathfinder answers list\` shows them).`,
        );
      return await withPeerContext(io.env, async ({ services }) => {
        const card = await services.community[verb](id, cliEditor());
        if (values.json) printJson(io.stdout, { id: card.id, status: card.status });
        else println(io.stdout, `Card ${card.id} is now ${card.status}.`);
        return 0;
      });
    }
    if (verb === "edit") {
      if (!id)
        throw new CliUsageError("answers edit needs the card's ID (`pathfinder answers list` shows them).");
      const changes = {
        ...(values.question !== undefined ? { question: values.question } : {}),
        ...(values.answer !== undefined ? { answer: values.answer } : {}),
        ...(values.topic !== undefined ? { topic: values.topic } : {}),
        ...(values.phrasing !== undefined ? { phrasings: values.phrasing } : {}),
      };
      if (Object.keys(changes).length === 0) {
        throw new CliUsageError("Say what to change: --question, --answer, --topic or --phrasing.");
      }
      return await withPeerContext(io.env, async ({ services }) => {
        const { card, removed } = await services.community.edit(id, cliEditor(), changes);
        if (removed.length > 0) println(io.stderr, `Removed before saving: ${removed.join(", ")}.`);
        if (values.json) printJson(io.stdout, card);
        else println(io.stdout, describeCard(card));
        return 0;
      });
    }
    throw new CliUsageError(
      verb
        ? `Unknown answers command "${verb}".`
        : "Say what to do: propose, list, approve, reject, remove or edit.",
    );
  },
};

/** Stand-ins for AWS, for tests: the stack's outputs. */
export interface CommunityTableDeps {
  lookup?: StackOutputsLookup;
}

/**
 * The knowledge base with approved community cards (for `pathfinder ask`), read the way the bot functions read
 * them (app/pathfinder.ts: `withCommunityCards` over the table's community cards). Locally, when a table is at
 * hand: DYNAMODB_ENDPOINT, or the DynamoDB Local `npm start` runs; without one the base answers alone, and
 * asking never starts Java. With `--target aws`: the deployed stack's table (its TableName output), so `ask`
 * answers as the deployed bot does. A table that is missing or unreadable is the same as no cards (the base
 * still answers); on AWS that is said on stderr, since the answer may then differ from the bot's.
 */
export async function withCommunityFromTable(
  io: CliIo,
  base: KnowledgeBase,
  deps: CommunityTableDeps = {},
): Promise<KnowledgeBase> {
  const config = loadConfig(io.env);
  const aws = targetKind(io.env) === "aws";
  let tableName = config.tableName;
  let clientOptions: { endpoint?: string; region?: string };
  if (aws) {
    const target = await resolveAwsTable(io.env, deps.lookup ? { lookup: deps.lookup } : {});
    tableName = target.tableName;
    clientOptions = {
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      ...(target.region ? { region: target.region } : {}),
    };
  } else {
    const endpoint =
      config.dynamodbEndpoint ??
      (await findRunningDynamoLocal(resolve(io.env.PATHFINDER_DATA_DIR ?? DEFAULT_DATA_DIR)));
    if (!endpoint) return base;
    clientOptions = { endpoint, region: config.region };
  }
  const doc = createDocumentClient(clientOptions);
  // Listing approved cards hashes nobody, so a missing hash key does not stop the cards being read.
  const services = createPeerServices({
    doc,
    tableName,
    hashKey: io.env.PATHFINDER_HASH_KEY || "read-only",
  });
  // Idle keep-alive sockets do not hold the process open (Node unrefs them), so the client needs no closing.
  return withCommunityCards(base, {
    cards: services.community,
    onError: (error) => {
      if (aws || io.env.PATHFINDER_DEBUG)
        println(io.stderr, `community answers unavailable: ${(error as Error).message}`);
    },
  });
}
