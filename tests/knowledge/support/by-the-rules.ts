import artifactData from "../../../knowledge/artifact/index.json" with { type: "json" };
import { createKnowledgeBase, type KnowledgeArtifact, type KnowledgeBase } from "../../../knowledge/index.ts";

/**
 * The shipped knowledge base without the questions asked before (knowledge/asked-before.ts): for a test of one rule
 * (a name, a wording, a person asked for) whose "still answers" examples the questions asked before decline, by reading
 * like questions the articles do not answer or by disagreeing on the passage that answers. That is a trade the eval
 * measures (docs/knowledge.md), not the rule under test.
 */
export function knowledgeBaseByTheRules(): KnowledgeBase {
  return createKnowledgeBase({ ...(artifactData as unknown as KnowledgeArtifact), askedBefore: undefined });
}
