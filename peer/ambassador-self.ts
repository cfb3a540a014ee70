/**
 * Ambassadors managing themselves: finding a person's own profile from their platform id, and the changes only
 * they make (away until a date, back, how many introductions a month). Each is one repository write, so
 * matching sees it at once.
 */
import { isValidDate } from "./ambassador-validation.ts";
import { type AmbassadorStatus, ambassadorStatus, londonDay, londonMonth } from "./availability.ts";
import { AmbassadorValidationError, NotAllowedError } from "./errors.ts";
import { isAmbassadorUser } from "./match-ambassadors.ts";
import type { Ambassador, AmbassadorDirectory, Introduction, UserRef } from "./ports.ts";

/** Most introductions a month anyone may offer (the same bound the import applies). */
const MAX_CAPACITY = 100;

/** The person's own ambassador profile, if they are one (matched on their platform user id). */
export async function findOwnProfile(
  directory: Pick<AmbassadorDirectory, "list">,
  user: UserRef,
): Promise<Ambassador | undefined> {
  return (await directory.list()).find((a) => isAmbassadorUser(a, user));
}

/** Refused politely: only ambassadors have availability to change. */
export class NotAnAmbassadorError extends NotAllowedError {
  constructor() {
    super(
      "You are not in the ambassador directory. Type `volunteer` to offer to mentor, or ask a coordinator to add you.",
    );
    this.name = "NotAnAmbassadorError";
  }
}

/** What the self-service needs. */
export interface AmbassadorSelfServiceDeps {
  ambassadors: AmbassadorDirectory;
  now: () => Date;
}

/** The profile and the status after a change, for the reply. */
export interface SelfChange {
  ambassador: Ambassador;
  status: AmbassadorStatus;
}

/** away/back/capacity for the person's own profile. */
export function makeAmbassadorSelfService(deps: AmbassadorSelfServiceDeps) {
  async function own(user: UserRef): Promise<Ambassador> {
    const profile = await findOwnProfile(deps.ambassadors, user);
    if (!profile) throw new NotAnAmbassadorError();
    return profile;
  }
  const result = (ambassador: Ambassador): SelfChange => ({
    ambassador,
    status: ambassadorStatus(ambassador, deps.now()),
  });
  return {
    own,
    /** "away until 2027-01-10": not offered up to and including that day. */
    async away(user: UserRef, until: string): Promise<SelfChange> {
      const date = until.trim();
      if (!isValidDate(date)) {
        throw new AmbassadorValidationError([`"${date}" is not a date: write it like 2027-01-10`]);
      }
      if (date < londonDay(deps.now())) {
        throw new AmbassadorValidationError([`${date} has passed: give a date from today on`]);
      }
      const profile = await own(user);
      return result(await deps.ambassadors.setAway(profile.id, date));
    },
    /** "back": offered again (a coordinator's snooze, if any, still stands and the status says so). */
    async back(user: UserRef): Promise<SelfChange> {
      const profile = await own(user);
      return result(await deps.ambassadors.setAway(profile.id, undefined));
    },
    /** "capacity 3": introductions a month; 0 means none for now. */
    async capacity(user: UserRef, value: string): Promise<SelfChange> {
      const n = Number(value.trim());
      if (!/^\d+$/.test(value.trim()) || n > MAX_CAPACITY) {
        throw new AmbassadorValidationError([`capacity must be a whole number from 0 to ${MAX_CAPACITY}`]);
      }
      const profile = await own(user);
      return result(await deps.ambassadors.put({ ...profile, monthlyCapacity: n }));
    },
  };
}

export type AmbassadorSelfService = ReturnType<typeof makeAmbassadorSelfService>;

/** One ambassador's load this month: introductions asked of them and accepted, to spread work fairly. */
export interface AmbassadorLoad {
  requested: number;
  accepted: number;
}

/** Load per ambassador id this month, from introductions (kind "ambassador") created this London month. */
export function loadThisMonth(introductions: Introduction[], now: Date): Map<string, AmbassadorLoad> {
  const month = londonMonth(now);
  const load = new Map<string, AmbassadorLoad>();
  for (const i of introductions) {
    if (i.kind !== "ambassador" || londonMonth(new Date(i.createdAt)) !== month) continue;
    const entry = load.get(i.targetId) ?? { requested: 0, accepted: 0 };
    entry.requested += 1;
    if (i.status === "accepted" || i.status === "done") entry.accepted += 1;
    load.set(i.targetId, entry);
  }
  return load;
}
