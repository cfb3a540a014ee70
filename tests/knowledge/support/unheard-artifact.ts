/**
 * The committed knowledge artifact as built without the practitioners' questions (the passages, cards and
 * thesaurus alone). Tests of how an answer is composed from a close contest or an agreeing card pin their
 * example on a ranking detail; the practitioners' questions move those details whenever an eval set is
 * added, so those tests read this artifact and stay about the composition (the shipped ranking, questions and
 * all, is measured by tests/knowledge/eval.test.ts and practitioner-questions.test.ts).
 */
import { readFileSync } from "node:fs";
import { buildArtifact, type KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { readSeedFiles } from "../../../knowledge/corpus.ts";

let built: Promise<KnowledgeArtifact> | undefined;

export function unheardArtifact(): Promise<KnowledgeArtifact> {
  built ??= (async () => {
    const committed = JSON.parse(readFileSync("knowledge/artifact/index.json", "utf8")) as KnowledgeArtifact;
    return buildArtifact(readSeedFiles("seeds"), { loadCards: () => committed.cards ?? [] });
  })();
  return built;
}
