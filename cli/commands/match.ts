/** `pathfinder match "QUESTION"`: the ambassadors (and peers) Pathfinder would offer, each with a reason. */
import { classifyText } from "../../knowledge/classify.ts";
import { categoryLabel } from "../../peer/taxonomy.ts";
import { type CliCommand, CliUsageError, println } from "../command.ts";
import { cliUser, parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage: pathfinder match "QUESTION OR OBSTACLE" [--category ID]... [--service-area AREA] [--region REGION]
                        [--limit N] [--user ID] [--platform P] [--json]

Ranks ambassadors by topic fit, then service area and region; skips anyone snoozed, at capacity this month,
or yourself. Also lists peers who reported the same obstacle recently and agreed to be contacted.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  json: { type: "boolean" },
  category: { type: "string", multiple: true },
  "service-area": { type: "string" },
  region: { type: "string" },
  limit: { type: "string" },
} as const;

export const command: CliCommand = {
  name: "match",
  summary: "Find ambassadors and peers for a question or obstacle, with reasons",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const text = positionals.join(" ").trim();
    if (!text && !values.category?.length) throw new CliUsageError("Give a question or obstacle to match.");
    const limit = values.limit === undefined ? 3 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 20) throw new CliUsageError("--limit must be 1-20");
    const asker = cliUser(values);
    const categories = values.category?.length ? values.category : classifyText(text).map((c) => c.id);
    return await withPeerContext(io.env, async ({ services }) => {
      const matches = await services.ambassadors.match({
        asker,
        text,
        categories,
        serviceArea: values["service-area"],
        region: values.region,
        limit,
      });
      const peers = categories.length > 0 ? await services.peers.find({ asker, categories, limit }) : [];
      if (values.json) {
        printJson(io.stdout, { categories, ambassadors: matches, peers });
        return 0;
      }
      println(
        io.stdout,
        categories.length > 0
          ? `Topic: ${categories.map(categoryLabel).join(", ")}`
          : "Topic: not recognised (try --category; see `pathfinder blocker categories`)",
      );
      if (matches.length === 0) println(io.stdout, "No ambassador is available for this right now.");
      matches.forEach((m, i) => {
        println(io.stdout, `${i + 1}. ${m.ambassador.displayName} [${m.ambassador.id}]: ${m.reason}`);
      });
      for (const peer of peers)
        println(io.stdout, `Peer (identity shared only if you both agree): ${peer.reason}`);
      return 0;
    });
  },
};
