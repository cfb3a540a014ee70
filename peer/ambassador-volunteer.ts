/**
 * Volunteering (issue 16): someone offers to mentor from Slack or Teams with a short form (topics, service
 * areas, region, bio, introductions a month). The profile is stored at once, marked pending, so a coordinator can
 * confirm it in chat; matching never offers a pending volunteer. Configuration may let volunteers go live at once.
 * One person, one profile: their platform id is the identity, so a second `volunteer` updates nothing silently but
 * says where they stand.
 */

import { findOwnProfile } from "./ambassador-self.ts";
import { validateAmbassador } from "./ambassador-validation.ts";
import { AmbassadorValidationError, NotAllowedError, NotFoundError } from "./errors.ts";
import type { Ambassador, AmbassadorDirectory, UserRef } from "./ports.ts";

/** What the form collects. Values are as typed; validation names each problem by field. */
export interface VolunteerInput {
  displayName: string;
  categories: string[];
  serviceAreas: string;
  region?: string;
  bio?: string;
  monthlyCapacity: string;
}

/** The form's field for each profile field a validation message can name. */
export const VOLUNTEER_FIELD_OF: Record<string, keyof VolunteerInput> = {
  displayName: "displayName",
  categories: "categories",
  serviceAreas: "serviceAreas",
  region: "region",
  bio: "bio",
  monthlyCapacity: "monthlyCapacity",
};

/** Raised with the problems keyed by form field, so a form can show each next to its input. */
export class VolunteerFormError extends AmbassadorValidationError {
  constructor(readonly byField: Record<string, string>) {
    super(Object.values(byField));
    this.name = "VolunteerFormError";
  }
}

export interface VolunteerDeps {
  ambassadors: AmbassadorDirectory;
  now: () => Date;
}

/** The outcome of a volunteer's submission. */
export type Volunteered =
  | { kind: "pending"; ambassador: Ambassador }
  | { kind: "live"; ambassador: Ambassador }
  | { kind: "already"; ambassador: Ambassador };

export function makeVolunteering(deps: VolunteerDeps) {
  return {
    /** The person's profile, if they have one (pending or not). */
    own: (user: UserRef) => findOwnProfile(deps.ambassadors, user),

    /** Stores the volunteer's profile, pending unless `goLive`. */
    async volunteer(user: UserRef, input: VolunteerInput, goLive: boolean): Promise<Volunteered> {
      if (user.platform !== "slack" && user.platform !== "teams") {
        throw new NotAllowedError("Volunteer from Slack or Teams, so introductions can reach you there.");
      }
      const existing = await findOwnProfile(deps.ambassadors, user);
      if (existing) return { kind: "already", ambassador: existing };
      const draft = {
        displayName: input.displayName,
        categories: input.categories,
        serviceAreas: input.serviceAreas,
        region: input.region,
        bio: input.bio,
        monthlyCapacity: input.monthlyCapacity,
        ...(user.platform === "slack" ? { slackUserId: user.userId } : { teamsUserId: user.userId }),
        ...(goLive ? {} : { pendingSince: deps.now().toISOString() }),
      };
      const checked = validateAmbassador(draft);
      if (!checked.ambassador) throw new VolunteerFormError(byField(checked.issues));
      const ambassador = await deps.ambassadors.put(checked.ambassador);
      return { kind: goLive ? "live" : "pending", ambassador };
    },

    /** A coordinator confirms a pending volunteer: offered for introductions from now on. */
    async confirm(id: string): Promise<Ambassador> {
      const profile = await pending(id);
      const { pendingSince: _confirmed, ...live } = profile;
      return deps.ambassadors.put(live);
    },

    /** A coordinator declines a pending volunteer: the profile is removed. */
    async decline(id: string): Promise<Ambassador> {
      const profile = await pending(id);
      await deps.ambassadors.remove(id);
      return profile;
    },
  };

  async function pending(id: string): Promise<Ambassador> {
    const profile = await deps.ambassadors.get(id);
    if (!profile) throw new NotFoundError("That volunteer is no longer in the directory.");
    if (!profile.pendingSince) {
      throw new NotAllowedError(`${profile.displayName} has already been confirmed.`);
    }
    return profile;
  }
}

/** Validation messages start with the field they concern ("bio is 612 characters (max 500)"): key them by field. */
function byField(issues: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const message of issues) {
    const field = Object.keys(VOLUNTEER_FIELD_OF).find((f) => message.startsWith(f));
    const key = field ? VOLUNTEER_FIELD_OF[field] : "displayName";
    if (key && !out[key]) out[key] = message;
  }
  return out;
}
