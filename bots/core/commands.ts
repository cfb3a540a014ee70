/**
 * Turns what a person typed into a command. Slack's `/pathfinder <sub>` is strict (an unknown
 * subcommand gets the help text); a mention or DM is lenient (anything that is not a command is a
 * question), so "help" and "blocker our union reps are against it" work in chat too.
 * The command words, aliases and which commands take no text come from the registry.
 */
import { COMMAND_NAMES, COMMANDS, type CommandName } from "./registry.ts";

export { helpLines } from "./registry.ts";
export type { CommandName };

export interface ParsedCommand {
  name: CommandName;
  /** The rest of the text, trimmed. */
  args: string;
  /** True when the person typed a subcommand word we do not know (strict mode only). */
  unknown?: string;
}

/** Command words accepted everywhere. */
const NAMES: ReadonlyMap<string, CommandName> = new Map(COMMAND_NAMES.map((name) => [name, name]));

/** Extra words accepted after `/pathfinder`, where nothing else can be meant. */
const COMMAND_ALIASES: ReadonlyMap<string, CommandName> = new Map(
  COMMAND_NAMES.flatMap((name) => (COMMANDS[name].aliases ?? []).map((alias) => [alias, name] as const)),
);

/** Commands that take no text: in chat, "help me with TUPE" is a question, not a request for help. */
const BARE: ReadonlySet<CommandName> = new Set(COMMAND_NAMES.filter((name) => COMMANDS[name].bare));

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
  const name = NAMES.get(word) ?? (mode === "command" ? COMMAND_ALIASES.get(word) : undefined);
  if (name) {
    if (mode === "chat" && BARE.has(name) && rest) return { name: "ask", args: trimmed };
    return { name, args: rest };
  }
  if (mode === "command") return { name: "help", args: "", unknown: word };
  return { name: "ask", args: trimmed };
}
