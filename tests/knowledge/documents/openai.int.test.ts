/**
 * Documents with OpenAI configured (fake OpenAI on 127.0.0.1): which side answers is decided offline, so the
 * model words an answer once, from the documents' passages when they answer, citing them as documents.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import artifactData from "../../../knowledge/artifact/index.json" with { type: "json" };
import type { KnowledgeArtifact } from "../../../knowledge/artifact.ts";
import { createCompositeKnowledgeBase } from "../../../knowledge/documents/composite.ts";
import { parseDocument } from "../../../knowledge/documents/parse.ts";
import { withDocuments } from "../../../knowledge/documents/with-documents.ts";
import type { KnowledgeBaseOptions } from "../../../knowledge/index.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../support/fake-openai.ts";

const base = artifactData as unknown as KnowledgeArtifact;
const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;

let fake: FakeOpenAi;
const settings = (): NonNullable<KnowledgeBaseOptions["openai"]> => ({
  apiKey: "sk-test",
  baseUrl: fake.baseUrl,
  model: "gpt-test",
  embeddingModel: "embed-test",
  deadlineMs: 3000,
});

beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.chatRequests = [];
  fake.chat = {
    kind: "reply",
    content: JSON.stringify({
      answerable: true,
      answer: "The scheme's grant covers part of it [1].",
      cited: [1],
    }),
  };
});

describe("documents with the OpenAI composer", () => {
  it("words a document answer once, from the document's passage, cited as a document", async () => {
    const doc = await parseDocument({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
      url: "https://example.org/heat-pumps",
    });
    const kb = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages), {
      openai: settings(),
    });

    const answer = await kb.ask("Which grant pays for an air source heat pump for a community building?");

    expect(answer).toMatchObject({ answered: true, composer: "openai" });
    expect(answer.citations[0]).toMatchObject({ kind: "document", url: "https://example.org/heat-pumps" });
    expect(fake.chatRequests).toHaveLength(1);
    expect(JSON.stringify(fake.chatRequests[0]?.messages)).toContain("boiler upgrade scheme");
  });

  it("declines, offering nothing invented, when the model says the document passages do not answer", async () => {
    // Strict structured outputs always carry both keys.
    fake.chat = { kind: "reply", content: JSON.stringify({ answerable: false, answer: "" }) };
    const doc = await parseDocument({
      bytes: new TextEncoder().encode(HEATPUMPS),
      fileName: "heat-pumps.md",
    });
    const kb = createCompositeKnowledgeBase(base, await withDocuments(base, doc.passages), {
      openai: settings(),
    });

    const answer = await kb.ask("Which grant pays for an air source heat pump for a community building?");

    expect(answer.answered).toBe(false);
    expect(answer.citations.some((c) => c.kind === "document")).toBe(false);
    expect(fake.chatRequests).toHaveLength(1);
  });
});
