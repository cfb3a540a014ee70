/**
 * A person's rights over what Pathfinder holds about them: export it all as JSON, and erase it all.
 * What counts as theirs is decided here: their reports, feedback and introductions (either side), their
 * ambassador profile, their Teams conversation reference. Anonymous weekly counts stay, and a channel's
 * digest subscription stays too (it is the channel's), with who made it dropped.
 */

import { toIntroduction } from "./introductions.ts";
import { isAmbassadorUser } from "./match-ambassadors.ts";
import { toReport } from "./obstacles.ts";
import type { Clock, PersonalDataExport, Privacy, UserRef } from "./ports.ts";
import type { AmbassadorRepository, PersonalDataRepository } from "./repositories.ts";

/** What export returns: the port's shape plus the Teams conversation reference keyed by this person, if any. */
export interface FullPersonalDataExport extends PersonalDataExport {
  conversationReference?: unknown;
}

/** What the privacy service needs. */
export interface PrivacyDeps {
  personalData: PersonalDataRepository;
  ambassadors: AmbassadorRepository;
  hashUser(user: UserRef): string;
  now: Clock;
}

/** The privacy service over the repositories. */
export function makePrivacy(deps: PrivacyDeps): Privacy {
  async function profilesOf(user: UserRef) {
    // The directory is one small partition; filtering it in memory is the same read the directory lists with.
    return (await deps.ambassadors.list()).filter((a) => isAmbassadorUser(a, user));
  }

  return {
    async export(user): Promise<FullPersonalDataExport> {
      const records = await deps.personalData.find(deps.hashUser(user));
      // Conversation references are keyed by Teams user id; only a Teams user can have one of their own.
      const reference =
        user.platform === "teams" ? await deps.personalData.conversationReference(user.userId) : undefined;
      return {
        user,
        exportedAt: deps.now().toISOString(),
        reports: records.reports.map(toReport),
        introductions: records.introductions.map(toIntroduction),
        feedback: records.feedback.map((f) => ({
          answerId: f.answerId,
          helpful: f.helpful,
          ...(f.reason ? { reason: f.reason } : {}),
          createdAt: f.createdAt,
        })),
        ambassadorProfiles: await profilesOf(user),
        subscriptionsMade: records.subscriptionsMade,
        ...(reference !== undefined ? { conversationReference: reference } : {}),
      };
    },

    async erase(user) {
      const hash = deps.hashUser(user);
      let deleted = await deps.personalData.anonymiseSubscriptions(hash);
      deleted += await deps.personalData.deleteOwned(hash);
      for (const profile of await profilesOf(user)) {
        if (await deps.ambassadors.delete(profile.id)) deleted++;
      }
      if (user.platform === "teams" && (await deps.personalData.deleteConversationReference(user.userId))) {
        deleted++;
      }
      return { deleted };
    },
  };
}
