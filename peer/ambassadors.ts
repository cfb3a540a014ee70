/**
 * The ambassador directory's rules: every profile is validated before it is stored (every problem named),
 * imports are all or nothing, statistics are never taken from input, and matching is fair (see
 * match-ambassadors.ts). The repository only stores profiles.
 */
import { isValidDate, validateAmbassador } from "./ambassador-validation.ts";
import { AmbassadorValidationError, NotFoundError } from "./errors.ts";
import { rankAmbassadors } from "./match-ambassadors.ts";
import type { Ambassador, AmbassadorDirectory, Classifier, Clock } from "./ports.ts";
import type { AmbassadorRepository } from "./repositories.ts";

/** What the directory needs. */
export interface AmbassadorDirectoryDeps {
  ambassadors: AmbassadorRepository;
  classify: Classifier;
  now: Clock;
}

/** A validated profile, or AmbassadorValidationError listing every problem. */
function validated(ambassador: Ambassador): Ambassador {
  const result = validateAmbassador(ambassador);
  if (!result.ambassador) throw new AmbassadorValidationError(result.issues);
  return result.ambassador;
}

/** The ambassador directory over its repository. */
export function makeAmbassadorDirectory(deps: AmbassadorDirectoryDeps): AmbassadorDirectory {
  const repo = deps.ambassadors;
  return {
    list: () => repo.list(),
    get: (id) => repo.get(id),
    // async so a validation failure is a rejected promise, like every other failure here.
    put: async (ambassador) => repo.save(validated(ambassador)),
    remove: (id) => repo.delete(id),
    async snooze(id, until) {
      if (until !== undefined && !isValidDate(until)) {
        throw new AmbassadorValidationError([`snoozedUntil "${until}" must be a date like 2026-03-31`]);
      }
      const snoozed = await repo.setSnooze(id, until);
      if (!snoozed) throw new NotFoundError(`No ambassador "${id}".`);
      return snoozed;
    },
    async setAway(id, until) {
      if (until !== undefined && !isValidDate(until)) {
        throw new AmbassadorValidationError([`"${until}" must be a date like 2027-01-10`]);
      }
      const saved = await repo.setAway(id, until);
      if (!saved) throw new NotFoundError(`No ambassador "${id}".`);
      return saved;
    },
    async importMany(ambassadors) {
      const issues: string[] = [];
      const profiles: Ambassador[] = [];
      const seen = new Set<string>();
      ambassadors.forEach((ambassador, i) => {
        const result = validateAmbassador(ambassador);
        for (const issue of result.issues) issues.push(`entry ${i + 1}: ${issue}`);
        if (!result.ambassador) return;
        if (seen.has(result.ambassador.id))
          issues.push(`entry ${i + 1}: id "${result.ambassador.id}" appears twice`);
        seen.add(result.ambassador.id);
        profiles.push(result.ambassador);
      });
      if (issues.length > 0) throw new AmbassadorValidationError(issues);
      await repo.saveMany(profiles);
      return { imported: profiles.length };
    },
    async match(request) {
      return rankAmbassadors(await repo.list(), request, { now: deps.now(), classify: deps.classify });
    },
  };
}
