import { describe, expect, it } from "vitest";
import { CLOSE_CONTEST, createKnowledgeBase } from "../../knowledge/index.ts";
import { quotedPassageIds } from "../../knowledge/quotes.ts";
import { unheardArtifact } from "./support/unheard-artifact.ts";

// Composition is pinned on ranking details the practitioners' questions move: see support/unheard-artifact.ts.
const kb = createKnowledgeBase(await unheardArtifact());
const postOf = (passageId: string) => passageId.split("-").slice(0, 2).join("-");

describe("which passage leads an answer (issue 11)", () => {
  it("lets the first-ranked passage lead when it answers on its own, and adds the better-covering runner-up as a second source", async () => {
    // Prepare: ranked first is a passage on private partners in a mutual; ranked second, from another
    // article, answers on its own too. (Round 12: the question written for this test in round 5 no longer
    // ranks a passage that answers it first, so it shows nothing about leads; this one does.)
    const question = "could a private partner take a stake in our mutual alongside staff?";
    const [first, second] = await kb.search(question, { limit: 2 });

    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(first && second).toBeTruthy();
    expect(postOf(answer.citations[0]?.passageId ?? "")).toBe(postOf(first?.id ?? "?"));
    expect(answer.citations.map((c) => postOf(c.passageId))).toContain(postOf(second?.id ?? "?"));
    expect(answer.citations.length).toBeLessThanOrEqual(3);
  });
});

describe("a card the evidence agrees on (issue 11)", () => {
  it("answers from a card quoting the leading passage when its whole text covers the question, though no phrasing matches", async () => {
    // Prepare: worded unlike any card's phrasings; ranking leads with a passage a card quotes.
    const question = "if we go bust as a social enterprise, who picks up the service?";
    const [first] = await kb.search(question, { limit: 1 });

    // Act
    const answer = await kb.ask(question);

    // Assess: the card words the answer, the leading passage's article is cited first, one
    // citation per article and at most three.
    expect(answer.answered).toBe(true);
    expect(answer.cardId).toBeDefined();
    expect(postOf(answer.citations[0]?.passageId ?? "")).toBe(postOf(first?.id ?? "?"));
    const posts = answer.citations.map((c) => postOf(c.passageId));
    expect(new Set(posts).size).toBe(posts.length);
    expect(posts.length).toBeLessThanOrEqual(3);
    expect([...answer.text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]))).toEqual(
      expect.arrayContaining(answer.citations.map((c) => c.n)),
    );
  });

  it("does not let a card that never speaks of the question's subject answer it", async () => {
    // Act: a card on examples of spin-outs quotes the passage on fire services, but says nothing of fire
    // (since the cards6 pass, cleveland-fire-service-mutual does, and may answer).
    const answer = await kb.ask("Has any fire service spun out as a mutual?");

    // Assess
    expect(answer.answered).toBe(true);
    expect(answer.cardId).not.toBe("examples-of-spin-outs");
    expect(answer.citations.map((c) => c.quote).join(" ")).toMatch(/Fire/);
  });
});

describe("close contests and matched cards keep the ranking's evidence (issue 11)", () => {
  it("lets a runner-up from another article scoring close to the first lead a sentence too", async () => {
    // Prepare: ranking cannot separate a passage on priorities for staff ownership from the tender
    // saying the employees' shares are held in a trust; the second answers the question.
    const question = "How do staff hold their shares - individually or through some kind of trust?";
    const [first, second] = await kb.search(question, { limit: 2 });

    // Act
    const answer = await kb.ask(question);

    // Assess
    expect(answer.answered).toBe(true);
    expect(second && first && second.score >= first.score * CLOSE_CONTEST).toBe(true);
    expect(answer.citations.map((c) => postOf(c.passageId))).toEqual([
      postOf(first?.id ?? "?"),
      postOf(second?.id ?? "?"),
    ]);
    expect(answer.text).toMatch(/held on the employees’ behalf in a trust/);
  });

  it("lets a runner-up of the same article scoring six tenths of the first lead a sentence too", async () => {
    // Prepare: the Consumer Focus paper's passage on Maude's ten-year hope ranks first; the same paper's
    // passage on how many adopters that would need ranks second at about 0.65 of its score, which at the
    // older bar of 0.7 was left out. (The question this test used before, on the paper's "danger for the
    // agenda", rose to 0.77 once the cards6 pass's too-few-volunteers card was indexed with that passage.)
    const question = "What did Maude think mutuals would become within a decade?";
    const [first, second] = await kb.search(question, { limit: 2 });

    // Act
    const answer = await kb.ask(question);

    // Assess
    const ratio = (second?.score ?? 0) / (first?.score ?? 1);
    expect(ratio).toBeGreaterThanOrEqual(CLOSE_CONTEST);
    expect(ratio).toBeLessThan(0.7);
    expect(answer.cardId).toBeUndefined();
    expect(quotedPassageIds(answer.citations)).toContain(second?.id);
    expect(answer.text).toMatch(/substantial increase in adopters/);
  });

  it("adds the first-ranked passage of another article to a matched card's answer when it answers on its own", async () => {
    // Prepare: a card on engaging staff matches; ranking's first passage (trading standards:
    // frontline staff understand their services) is in an article the card never quotes.
    const question = "Why would frontline staff want to run their own service?";
    const [first] = await kb.search(question, { limit: 1 });

    // Act
    const answer = await kb.ask(question);

    // Assess: the card words the answer, the ranked passage keeps a voice, one citation per article.
    expect(answer.cardId).toBeDefined();
    const posts = answer.citations.map((c) => postOf(c.passageId));
    expect(posts).toContain(postOf(first?.id ?? "?"));
    expect(posts.at(-1)).toBe(postOf(first?.id ?? "?"));
    expect(new Set(posts).size).toBe(posts.length);
    expect(answer.text).toMatch(new RegExp(`\\[${answer.citations.length}\\]$`));
  });
});

describe("an agreeing card keeps the passage answer's articles (issue 11)", () => {
  it("does not word the answer when its own sources would crowd out an article the passages answered from", async () => {
    // Prepare: ranking leads with a passage that a card on the million-workers target quotes, but
    // that card cites two further articles of its own, which would push out the runner-up article
    // the passage answer quoted (one citation per article, three at most).
    const question = "Where did Maude see mutuals being within ten years?";
    const ranked = await kb.search(question, { limit: 3 });

    // Act
    const answer = await kb.ask(question);

    // Assess: the passages answer, every article cited is one ranking put in its top three.
    expect(answer.answered).toBe(true);
    expect(answer.cardId).toBeUndefined();
    const rankedPosts = new Set(ranked.map((hit) => postOf(hit.id)));
    expect(answer.citations.length).toBeGreaterThanOrEqual(2);
    for (const citation of answer.citations) expect(rankedPosts).toContain(postOf(citation.passageId));
  });
});
