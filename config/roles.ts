/**
 * Who may manage the ambassador directory from chat: coordinators, named by platform user id in
 * PATHFINDER_COORDINATORS ("slack:U0123ABCD,teams:29:1abc..."), parsed once with zod. A platform id, not a
 * display name, because names are not unique and anyone can change theirs. Coordinators also confirm volunteers,
 * unless PATHFINDER_VOLUNTEERS_GO_LIVE=true lets volunteers be offered at once.
 */
import * as z from "zod";
import type { UserRef } from "../peer/ports.ts";
import { ConfigError } from "./config.ts";

const entry = z
  .string()
  .trim()
  .regex(/^(slack|teams):\S+$/, {
    error: (i) => `"${String(i.input)}" must be slack:<user id> or teams:<user id>`,
  });

const coordinatorsSchema = z
  .string()
  .optional()
  .transform((raw) =>
    (raw ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(entry));

/** The roles core checks. */
export interface Roles {
  isCoordinator(user: UserRef): boolean;
  /** For the help text and errors: how many coordinators are configured. */
  coordinatorCount: number;
  /** The coordinators' user ids on one platform (who confirms a volunteer there). */
  coordinatorsOn(platform: UserRef["platform"]): string[];
  /** PATHFINDER_VOLUNTEERS_GO_LIVE=true: a volunteer is offered at once, without a coordinator's confirmation. */
  volunteersGoLive: boolean;
}

const goLiveSchema = z
  .enum(["true", "false", ""], { error: "PATHFINDER_VOLUNTEERS_GO_LIVE must be true or false" })
  .optional()
  .transform((raw) => raw === "true");

/** Parses PATHFINDER_COORDINATORS; a malformed entry is a ConfigError naming it. */
export function loadRoles(env: NodeJS.ProcessEnv = process.env): Roles {
  const parsed = coordinatorsSchema.safeParse(env.PATHFINDER_COORDINATORS);
  if (!parsed.success) {
    throw new ConfigError(`PATHFINDER_COORDINATORS: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  }
  const goLive = goLiveSchema.safeParse(env.PATHFINDER_VOLUNTEERS_GO_LIVE?.trim().toLowerCase());
  if (!goLive.success) throw new ConfigError(goLive.error.issues.map((i) => i.message).join("; "));
  const ids = new Set(parsed.data);
  return {
    isCoordinator: (user) => ids.has(`${user.platform}:${user.userId}`),
    coordinatorCount: ids.size,
    coordinatorsOn: (platform) =>
      [...ids].filter((id) => id.startsWith(`${platform}:`)).map((id) => id.slice(platform.length + 1)),
    volunteersGoLive: goLive.data,
  };
}
