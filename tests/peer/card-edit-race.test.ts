/**
 * A stale edit form must not overwrite a colleague's save even when both submits read the card before either
 * writes (the race a read-then-check would lose): the revision check runs inside community cards' conditional
 * write loop. The repository here holds every first write until both edits have read the card, so the race is
 * certain rather than left to timing; tests/store/network.int.test.ts races two edits on DynamoDB Local too.
 */
import { describe, expect, it } from "vitest";
import { CardChangedError, cardRevision } from "../../peer/community-card-rules.ts";
import { makeCommunityCards } from "../../peer/community-cards.ts";
import type { CommunityCardRepository } from "../../peer/network-repositories.ts";
import { createMemoryNetworkRepositories } from "../../store/memory/network.ts";
import { createMemoryRepositories } from "../../store/memory/repositories.ts";

const cora = { user: { platform: "slack" as const, userId: "U0CORA" }, editor: true };
const dev = { user: { platform: "slack" as const, userId: "U0DEV" }, editor: true };

/** The card repository, with `update` waiting until `readers` reads have happened (then it runs as usual). */
function heldUntilRead(repo: CommunityCardRepository, readers: number): CommunityCardRepository {
  let reads = 0;
  let release: () => void = () => {};
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    ...repo,
    async get(id) {
      const card = await repo.get(id);
      if (++reads >= readers) release();
      return card;
    },
    async update(card, expectedVersion, keys) {
      await allRead;
      return repo.update(card, expectedVersion, keys);
    },
  };
}

describe("two editors saving from the same opened revision", () => {
  it("saves the first write and refuses the second after its conditional write fails, though both read first", async () => {
    // Prepare
    const { cards } = createMemoryNetworkRepositories();
    const setup = makeCommunityCards({
      cards,
      ambassadors: createMemoryRepositories().ambassadors,
      hashUser: (u) => `hash:${u.userId}`,
      classify: () => [],
      now: () => new Date("2026-12-03T10:00:00Z"),
    });
    const { card } = await setup.propose({
      actor: cora,
      question: "Who signs the lease?",
      answer: "The board.",
    });
    const racing = makeCommunityCards({
      cards: heldUntilRead(cards, 2),
      ambassadors: createMemoryRepositories().ambassadors,
      hashUser: (u) => `hash:${u.userId}`,
      classify: () => [],
      now: () => new Date("2026-12-03T10:05:00Z"),
    });
    const opened = cardRevision(card);

    // Act
    const [first, second] = await Promise.allSettled([
      racing.edit(card.id, cora, { answer: "The board, once registered." }, { expectedRevision: opened }),
      racing.edit(
        card.id,
        dev,
        { answer: "The chair, on the board's behalf." },
        { expectedRevision: opened },
      ),
    ]);

    // Assess
    expect(first.status).toBe("fulfilled");
    expect(second.status).toBe("rejected");
    const reason = second.status === "rejected" ? (second.reason as unknown) : undefined;
    expect(reason).toBeInstanceOf(CardChangedError);
    expect((reason as CardChangedError).card.answer).toBe("The board, once registered.");
    expect((await setup.get(card.id))?.answer).toBe("The board, once registered.");
  });
});
