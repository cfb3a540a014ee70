/**
 * A person's rights over what Pathfinder holds about them: export it all as JSON, and erase it all.
 * What counts as theirs is decided here: their reports, feedback and introductions (either side), their
 * ambassador profile, their Teams conversation references (under their user id and their AAD object id).
 * Anonymous weekly counts stay, and a channel's digest subscription stays too (it is the channel's), with who
 * made it dropped, also from the conversation references stored with it.
 */

import { toCommunityCard } from "./community-cards.ts";
import { referenceWithoutUser } from "./conversation-reference.ts";
import { toIntroduction } from "./introductions.ts";
import { isAmbassadorUser } from "./match-ambassadors.ts";
import { toOpenQuestion } from "./network.ts";
import type { NetworkRepositories } from "./network-repositories.ts";
import { toReport } from "./obstacles.ts";
import type { Clock, PersonalDataExport, Privacy, UserRef } from "./ports.ts";
import type { AmbassadorRepository, PersonalDataRepository } from "./repositories.ts";
import { categoryLabel } from "./taxonomy.ts";

/** What export returns: the port's shape plus the Teams conversation references keyed by this person, if any. */
export interface FullPersonalDataExport extends PersonalDataExport {
  /** The reference under the person's Teams user id (29:...). */
  conversationReference?: unknown;
  /** Every reference kept under a key of this person's: Teams user id and Entra (AAD) object id. */
  conversationReferences?: { key: string; reference: unknown }[];
}

/** The Entra (AAD) object id a stored reference names, if any: a second key the person's reference is kept under. */
function aadObjectIdOf(reference: unknown): string | undefined {
  const user = (reference as { user?: { aadObjectId?: unknown } } | undefined)?.user;
  return typeof user?.aadObjectId === "string" && user.aadObjectId ? user.aadObjectId : undefined;
}

/** What the privacy service needs. */
export interface PrivacyDeps {
  personalData: PersonalDataRepository;
  ambassadors: AmbassadorRepository;
  /** Open questions and community cards (issue 15): exported; questions erased, card authors anonymised. */
  network?: NetworkRepositories;
  hashUser(user: UserRef): string;
  now: Clock;
}

/** What an erased author's hash becomes on a card (or an answer) that stays. */
export const ERASED_AUTHOR = "erased";

/** Open and recently answered questions read when erasing someone's answers (the lists' own bound). */
const ERASE_SCAN_LIMIT = 500;

/** The privacy service over the repositories. */
export function makePrivacy(deps: PrivacyDeps): Privacy {
  async function profilesOf(user: UserRef) {
    // The directory is one small partition; filtering it in memory is the same read the directory lists with.
    return (await deps.ambassadors.list()).filter((a) => isAmbassadorUser(a, user));
  }

  /**
   * The Teams references kept for this person: under their user id and under the AAD object id that reference
   * names (the Teams bot saves a personal chat's reference under both). Only a Teams user has any.
   */
  async function referencesOf(user: UserRef): Promise<{ key: string; reference: unknown }[]> {
    if (user.platform !== "teams") return [];
    const found: { key: string; reference: unknown }[] = [];
    const own = await deps.personalData.conversationReference(user.userId);
    if (own !== undefined) found.push({ key: user.userId, reference: own });
    const aad = aadObjectIdOf(own);
    if (aad && aad !== user.userId) {
      const byAad = await deps.personalData.conversationReference(aad);
      if (byAad !== undefined) found.push({ key: aad, reference: byAad });
    }
    return found;
  }

  return {
    async export(user): Promise<FullPersonalDataExport> {
      const hash = deps.hashUser(user);
      const records = await deps.personalData.find(hash);
      const references = await referencesOf(user);
      const reference = references.find((r) => r.key === user.userId)?.reference;
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
        ...(deps.network
          ? {
              openQuestions: (await deps.network.questions.listByAsker(hash)).map(toOpenQuestion),
              communityCards: (await deps.network.cards.listByPerson(hash)).map(toCommunityCard),
            }
          : {}),
        ...(reference !== undefined ? { conversationReference: reference } : {}),
        ...(references.length > 0 ? { conversationReferences: references } : {}),
      };
    },

    async erase(user) {
      const hash = deps.hashUser(user);
      const { subscriptionsMade } = await deps.personalData.find(hash);
      // The channel keeps its subscription, but not who made it: neither the owner hash nor the `user` inside
      // the subscription's copy of the reference, nor the one in the channel's own stored reference.
      let deleted = await deps.personalData.anonymiseSubscriptions(hash, referenceWithoutUser);
      for (const sub of subscriptionsMade) {
        if (sub.platform !== "teams") continue;
        const channel = await deps.personalData.conversationReference(sub.conversationId);
        if (channel !== undefined && channel !== referenceWithoutUser(channel)) {
          await deps.personalData.replaceConversationReference(
            sub.conversationId,
            referenceWithoutUser(channel),
          );
        }
      }
      if (deps.network) deleted += await eraseFromNetwork(deps.network, hash, deps.now().toISOString());
      deleted += await deps.personalData.deleteOwned(hash);
      for (const profile of await profilesOf(user)) {
        if (await deps.ambassadors.delete(profile.id)) deleted++;
      }
      // The AAD-keyed one first: the user-id one is how a rerun after a failure still finds it.
      for (const { key } of (await referencesOf(user)).reverse()) {
        if (await deps.personalData.deleteConversationReference(key)) deleted++;
      }
      return { deleted };
    },
  };
}

/**
 * Deletes the person's open questions (with their thread links) and anonymises their cards: a card that helps
 * others stays, without their hash or name; its history says the author was anonymised. Returns the count.
 */
async function eraseFromNetwork(network: NetworkRepositories, hash: string, at: string): Promise<number> {
  let changed = 0;
  for (const question of await network.questions.listByAsker(hash)) {
    await network.questions.delete(question);
    changed++;
  }
  // Answers they gave in others' questions stay (they are the asker's answer), without their hash or name.
  // Nothing indexes answers by answerer; the open and answered lists are bounded, so reading them is.
  const asked = [
    ...(await network.questions.listOpen(ERASE_SCAN_LIMIT)),
    ...(await network.questions.listAnsweredSince(new Date(0).toISOString(), ERASE_SCAN_LIMIT)),
  ];
  for (const question of asked.filter((q) => q.answers.some((a) => a.byHash === hash))) {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await network.questions.get(question.id);
      if (!current) break;
      const answers = current.answers.map((a) => {
        if (a.byHash !== hash) return a;
        const { byName: _name, ...rest } = a;
        return { ...rest, byHash: ERASED_AUTHOR, named: false };
      });
      if (
        await network.questions.update({ ...current, answers, version: current.version + 1 }, current.version)
      ) {
        changed++;
        break;
      }
    }
  }
  for (const card of await network.cards.listByPerson(hash)) {
    // A few attempts: an editor may be changing the card at the same moment.
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await network.cards.get(card.id);
      if (!current) break;
      const { authorName: _name, ...rest } = current;
      const outcome = await network.cards.update(
        {
          ...rest,
          authorHash: current.authorHash === hash ? ERASED_AUTHOR : current.authorHash,
          proposedByHash: current.proposedByHash === hash ? ERASED_AUTHOR : current.proposedByHash,
          history: [
            ...current.history.map((h) => (h.byHash === hash ? { ...h, byHash: ERASED_AUTHOR } : h)),
            { byHash: ERASED_AUTHOR, at, what: "author anonymised (erasure)" },
          ],
          version: current.version + 1,
        },
        current.version,
      );
      if (outcome === "updated") {
        changed++;
        break;
      }
    }
  }
  return changed;
}

/** "no reports", "1 report", "2 reports": counts that read right. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n === 0 ? "no" : n} ${n === 1 ? singular : plural}`;
}

const LONDON_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "Europe/London",
});

/** An ISO timestamp or epoch seconds as a UK date ("3 February 2026"). */
export function readableDate(value: string | number): string {
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : LONDON_DATE.format(date);
}

/** The export as a JSON file: the same records, with TTLs (`expiresAt`, epoch seconds) written as ISO dates. */
export function personalDataJson(data: FullPersonalDataExport): string {
  const dated = (key: string, value: unknown) =>
    key === "expiresAt" && typeof value === "number" ? new Date(value * 1000).toISOString() : value;
  return `${JSON.stringify(data, dated, 2)}\n`;
}

/** True when the export holds nothing at all for the person. */
export function isEmptyExport(data: FullPersonalDataExport): boolean {
  return (
    data.reports.length +
      data.introductions.length +
      data.feedback.length +
      data.ambassadorProfiles.length +
      data.subscriptionsMade.length +
      (data.openQuestions?.length ?? 0) +
      (data.communityCards?.length ?? 0) ===
      0 && data.conversationReference === undefined
  );
}

/** Options for the readable summary. */
export interface SummaryOptions {
  /** Most entries listed per section; the rest are counted ("and 4 more in the JSON file"). */
  maxPerSection?: number;
}

/** The summary in parts: one opening sentence, then a titled list per kind of record that has any. */
export interface PersonalDataSections {
  intro: string;
  sections: { title: string; lines: string[] }[];
}

/**
 * The export summarised for a person to read (issue 16): dates instead of epoch seconds, counts that read
 * right, one line per record. Free text is already scrubbed and plain (stored through cleanText).
 */
export function personalDataSections(
  data: FullPersonalDataExport,
  options: SummaryOptions = {},
): PersonalDataSections {
  const max = options.maxPerSection ?? 10;
  const sections: PersonalDataSections["sections"] = [];
  const intro =
    `Pathfinder holds ${countOf(data.reports.length, "blocker report")}, ${countOf(data.introductions.length, "introduction")}, ` +
    `${countOf(data.feedback.length, "feedback rating")}, ${countOf(data.ambassadorProfiles.length, "ambassador profile")} and ` +
    `${countOf(data.subscriptionsMade.length, "digest subscription")} made by ${data.user.platform} user ${data.user.userId} ` +
    `(exported ${readableDate(data.exportedAt)}).`;
  function section<T>(title: string, items: readonly T[], line: (item: T) => string): void {
    if (items.length === 0) return;
    const lines = items.slice(0, max).map(line);
    if (items.length > max) lines.push(`and ${items.length - max} more in the JSON file`);
    sections.push({ title: `${title} (${items.length})`, lines });
  }
  section("Blocker reports", data.reports, (r) => {
    const categories = r.categories.map((c) => categoryLabel(c.id)).join(", ") || "uncategorised";
    const consent = [r.allowQuote ? "may be quoted" : "", r.contactable ? "peers may contact you" : ""]
      .filter(Boolean)
      .join(", ");
    return (
      `${readableDate(r.createdAt)}, ${categories}, ${r.status}: "${r.text}"` +
      (r.resolutionNote ? ` What helped: "${r.resolutionNote}".` : "") +
      (consent ? ` (${consent})` : "") +
      ` Expires ${readableDate(r.expiresAt)}.`
    );
  });
  section("Introductions", data.introductions, (i) => {
    const asker = i.asker.platform === data.user.platform && i.asker.userId === data.user.userId;
    const other = i.targetName ?? (i.kind === "peer" ? "a peer" : "an ambassador");
    return `${readableDate(i.createdAt)}, ${asker ? `you asked to meet ${other}` : "someone asked to meet you"} about ${categoryLabel(i.topic)}: ${i.status}`;
  });
  section(
    "Feedback on answers",
    data.feedback,
    (f) =>
      `${readableDate(f.createdAt)}: ${f.helpful ? "helpful" : "not helpful"}${f.reason ? `, "${f.reason}"` : ""}`,
  );
  section(
    "Ambassador profiles",
    data.ambassadorProfiles,
    (a) =>
      `${a.displayName}: ${a.categories.map(categoryLabel).join(", ")}; up to ${countOf(a.monthlyCapacity, "introduction")} a month`,
  );
  section(
    "Digest subscriptions you made",
    data.subscriptionsMade,
    (s) => `${s.platform} conversation ${s.conversationId}, since ${readableDate(s.subscribedAt)}`,
  );
  section(
    "Questions you sent to the ambassadors",
    data.openQuestions ?? [],
    (q) =>
      `${readableDate(q.askedAt)}, ${q.status}${q.named ? ", with your name" : ", anonymous"}: "${q.text}"`,
  );
  section(
    "Answers you saved as community cards",
    data.communityCards ?? [],
    (c) =>
      `${readableDate(c.createdAt)}, ${c.status}${c.authorName ? `, credited to ${c.authorName}` : ", uncredited"}: "${c.question}"`,
  );
  const references =
    data.conversationReferences?.length ?? (data.conversationReference === undefined ? 0 : 1);
  if (references > 0) {
    sections.push({
      title: `Teams conversation references (${references})`,
      lines: ["kept so Pathfinder can message you in Teams"],
    });
  }
  return { intro, sections };
}

/** The summary as Markdown (the CLI's default output). */
export function personalDataSummary(data: FullPersonalDataExport, options: SummaryOptions = {}): string {
  const { intro, sections } = personalDataSections(data, options);
  return [intro, ...sections.map((s) => [`## ${s.title}`, ...s.lines.map((l) => `- ${l}`)].join("\n"))].join(
    "\n\n",
  );
}
