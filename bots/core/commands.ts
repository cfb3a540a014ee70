/**
 * Turns what a person typed into a command. Slack's `/pathfinder <sub>` is strict (an unknown
 * subcommand gets the help text); a mention or DM is lenient (anything that is not a command is a
 * question), so "help" and "blocker our union reps are against it" work in chat too.
 */

export type CommandName =
  | "ask"
  | "blocker"
  | "blockers"
  | "mentor"
  | "digest"
  | "subscribe"
  | "unsubscribe"
  | "resolve"
  | "export"
  | "forget-me"
  | "help";

export interface ParsedCommand {
  name: CommandName;
  /** The rest of the text, trimmed. */
  args: string;
  /** True when the person typed a subcommand word we do not know (strict mode only). */
  unknown?: string;
}

/** Command words accepted everywhere. */
const NAMES: Record<string, CommandName> = {
  ask: "ask",
  blocker: "blocker",
  blockers: "blockers",
  mentor: "mentor",
  digest: "digest",
  subscribe: "subscribe",
  unsubscribe: "unsubscribe",
  resolve: "resolve",
  export: "export",
  "forget-me": "forget-me",
  help: "help",
};

/** Extra words accepted after `/pathfinder`, where nothing else can be meant. */
const COMMAND_ALIASES: Record<string, CommandName> = {
  question: "ask",
  obstacle: "blocker",
  mentors: "mentor",
  ambassador: "mentor",
  ambassadors: "mentor",
  peers: "mentor",
  resolved: "resolve",
  forget: "forget-me",
  forgetme: "forget-me",
  erase: "forget-me",
  "?": "help",
};

/** Commands that take no text: in chat, "help me with TUPE" is a question, not a request for help. */
const BARE: ReadonlySet<CommandName> = new Set([
  "help",
  "digest",
  "subscribe",
  "unsubscribe",
  "export",
  "forget-me",
  "blockers",
]);

/** Parses the text of a message or slash command. */
export function parseCommand(text: string, mode: "command" | "chat"): ParsedCommand {
  const trimmed = text.trim();
  if (!trimmed) return { name: "help", args: "" };
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const word = (match?.[1] ?? "").toLowerCase().replace(/[.:,!?]+$/, "") || (match?.[1] ?? "");
  const rest = (match?.[2] ?? "").trim();
  if (word === "forget" && /^me\b/i.test(rest)) {
    const after = rest.slice(2).trim();
    if (mode === "command" || !after) return { name: "forget-me", args: after };
  }
  const name = NAMES[word] ?? (mode === "command" ? COMMAND_ALIASES[word] : undefined);
  if (name) {
    if (mode === "chat" && BARE.has(name) && rest) return { name: "ask", args: trimmed };
    return { name, args: rest };
  }
  if (mode === "command") return { name: "help", args: "", unknown: word };
  return { name: "ask", args: trimmed };
}

/** The help text, shared by Slack (prefix "/pathfinder "), Teams and the playground (no prefix). */
export function helpLines(prefix: string): string[] {
  return [
    `*${prefix}ask <question>*: answers from the knowledge base, with sources`,
    `*${prefix}blocker <what is blocking you>*: logs an obstacle so others can see it is common; you can correct the category`,
    `*${prefix}blockers*: the blockers you have logged`,
    `*${prefix}resolve <what helped>*: marks your latest blocker resolved (or \`resolve <id> <what helped>\`)`,
    `*${prefix}mentor [topic]*: suggests ambassadors and peers who faced the same obstacle`,
    `*${prefix}digest*: this week's digest of common blockers (only you see it)`,
    `*${prefix}subscribe* / *${prefix}unsubscribe*: this conversation gets the weekly digest, or stops`,
    `*${prefix}export*: everything Pathfinder holds about you`,
    `*${prefix}forget-me*: erase what Pathfinder holds about you`,
    `*${prefix}help*: this list`,
  ];
}
