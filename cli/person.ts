/** Who `export` and `erase` act on: `--user` (never empty) on `--platform`, and what to say when nothing is found. */
import type { UserRef } from "../peer/ports.ts";
import { CliUsageError } from "./command.ts";
import { cliUser } from "./peer-context.ts";

/**
 * The person named by `--user`/`--platform`. An empty `--user ""` is a usage error (issue 13 item 15): it used
 * to fall back to the OS user, so `erase --user "$UNSET"` acted on whoever ran it.
 */
export function personFrom(values: { user?: string | boolean; platform?: string | boolean }): UserRef {
  if (typeof values.user === "string" && !values.user.trim()) {
    throw new CliUsageError("--user is empty: give the person's id (or leave --user out to mean yourself).");
  }
  return cliUser(values);
}

/** Names the platform searched and how to search another (ids are kept per platform). */
export function nothingFoundHint(user: UserRef): string {
  const others = ["slack", "teams", "cli", "web"].filter((p) => p !== user.platform).join(", ");
  return (
    `Nothing found for ${user.userId} on platform "${user.platform}". People are kept per platform: ` +
    `if they used another one, add --platform (${others}).`
  );
}
