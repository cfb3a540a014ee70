import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  buildArtifact,
  hashSources,
  type KnowledgeArtifact,
  serialiseArtifact,
} from "../../knowledge/artifact.ts";
import {
  buildFromDisk,
  PRACTITIONER_QUESTIONS_PATH,
  readPractitionerQuestions,
} from "../../knowledge/build-index.ts";
import { readSeedFiles } from "../../knowledge/corpus.ts";
import { GuideCardError, loadGuideCards } from "../../knowledge/guide-cards.ts";
import type { Passage } from "../../knowledge/types.ts";
import { toyEmbedding } from "./support/fake-openai.ts";

const committed = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
const seeds = readSeedFiles("seeds");
const loadCards = (passages: readonly Passage[]) => loadGuideCards("knowledge/guide", passages);
const questions = readPractitionerQuestions(PRACTITIONER_QUESTIONS_PATH);

describe("the committed knowledge artifact", () => {
  it("is up to date with seeds/ (run `npm run build:index` if this fails)", async () => {
    // Prepare / Act: rebuild from the seeds exactly as the build step does, without embeddings.
    const fresh = await buildArtifact(seeds, { loadCards, questions });
    // Assess: same sources hash (seeds, thesaurus, guide cards, practitioners' questions) and the same lexical
    // index, byte for byte.
    expect(committed.sourceHash).toBe(hashSources(seeds, fresh.cards, questions));
    expect(committed.cards?.length).toBeGreaterThanOrEqual(30);
    const { embeddings: _ignored, ...lexical } = committed;
    expect(serialiseArtifact(lexical)).toBe(serialiseArtifact(fresh));
  });

  it("is small enough to bundle into a Lambda", () => {
    expect(readFileSync("knowledge/artifact/index.json").byteLength).toBeLessThan(1_000_000);
  });
});

describe("building the artifact", () => {
  it("includes the guide cards, and fails on a card whose quote is not in the seeds", async () => {
    // Prepare: a guide folder with one card quoting words no article contains.
    const dir = mkdtempSync(join(tmpdir(), "pathfinder-guide-"));
    const card = [
      "---",
      "id: invented-claim",
      "topic: staff-unions",
      "title: An invented claim",
      "questions: [a, b, c, d, e, f]",
      "answer:",
      "  - say: Unions always welcome spin-outs with open arms and a brass band playing loudly outside.",
      '    quote: "unions always welcome spin-outs with open arms"',
      "  - say: Every council in England has already become a mutual owned by its staff and its residents alike.",
      '    quote: "every council in England has already become a mutual"',
      "---",
    ].join("\n");
    writeFileSync(join(dir, "invented-claim.md"), card);
    const paths = { seedsDir: "seeds", artifactPath: join(dir, "index.json"), guideDir: dir };

    // Act / Assess
    await expect(buildFromDisk({}, paths)).rejects.toBeInstanceOf(GuideCardError);
    const real = await buildFromDisk({}, { ...paths, guideDir: "knowledge/guide" });
    expect(real.artifact.cards?.map((c) => c.id)).toEqual(committed.cards?.map((c) => c.id));
  });

  it("is deterministic", async () => {
    expect(serialiseArtifact(await buildArtifact(seeds))).toBe(serialiseArtifact(await buildArtifact(seeds)));
  });

  it("picks up an article dropped into seeds/ and changes the hash", async () => {
    // Prepare: a seeds directory with one extra article.
    const dir = mkdtempSync(join(tmpdir(), "pathfinder-seeds-"));
    for (const seed of seeds) writeFileSync(join(dir, seed.name), seed.text);
    writeFileSync(
      join(dir, "005_new_article.txt"),
      "Pensions when you spin out\n\nBy A Practitioner\n\nWhen our service became a mutual, staff kept their local government pension through admitted body status, which the pension fund agreed after long talks with the council and the actuary about the employer contribution rate.\n\nLeave a Reply\n\nConnecting to %s",
    );
    // Act
    const artifactPath = join(dir, "index.json");
    const built = await buildFromDisk({}, { seedsDir: dir, artifactPath });
    // Assess
    expect(built.artifact.sourceHash).not.toBe(committed.sourceHash);
    const added = built.artifact.passages.filter((p) => p.source === "005_new_article.txt");
    expect(added).toHaveLength(1);
    expect(added[0]?.title).toBe("Pensions when you spin out");
    expect(added[0]?.author).toBe("A Practitioner");
    expect(added[0]?.text).not.toContain("Leave a Reply");
    expect(built.embedded).toBe(false);
  });

  it("caches embeddings: reused when passages are unchanged, computed only for new ones", async () => {
    // Prepare: a first build with a key embeds every passage.
    const calls: string[][] = [];
    const embed = async (texts: string[]) => {
      calls.push(texts);
      return texts.map(toyEmbedding);
    };
    const first = await buildArtifact(seeds, { embeddingModel: "toy", embed });
    expect(Object.keys(first.embeddings?.vectors ?? {})).toHaveLength(first.passages.length);
    expect(calls.flat()).toHaveLength(first.passages.length);
    // Act: rebuild without a key, then with one after editing a seed.
    const withoutKey = await buildArtifact(seeds, { previous: first });
    const edited = seeds.map((s) =>
      s.name.startsWith("003") ? { ...s, text: s.text.replace("Norwich or Salford", "Leeds") } : s,
    );
    calls.length = 0;
    const afterEdit = await buildArtifact(edited, { previous: first, embeddingModel: "toy", embed });
    const editedWithoutKey = await buildArtifact(edited, { previous: first });
    // Assess
    expect(withoutKey.embeddings).toEqual(first.embeddings);
    expect(calls.flat()).toHaveLength(1);
    expect(calls.flat()[0]).toContain("Leeds");
    expect(editedWithoutKey.embeddings).toBeUndefined(); // a partial set would rank unevenly
    expect(afterEdit.embeddings?.dimensions).toBe(64);
  });
});
