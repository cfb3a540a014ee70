/** The knowledge base's data shapes, shared by retrieval, composition, the bots and the CLI. */

/** A self-contained piece of a post: a paragraph or a few, with the post title as context. */
export interface Passage {
  /** Stable across rebuilds while the passage text is unchanged. */
  id: string;
  postId: string;
  title: string;
  /** The seed file name, e.g. "002_66f57567ec9f6e5a.txt". */
  source: string;
  author?: string;
  /** ISO date (YYYY-MM-DD) where the post gives one. */
  date?: string;
  text: string;
}

/** One ranked passage (the `pathfinder search --json` contract). */
export interface SearchHit {
  id: string;
  title: string;
  source: string;
  text: string;
  score: number;
}

/** A numbered source behind an answer. */
export interface Citation {
  /** 1-based number, as shown in the answer text ("[1]"). */
  n: number;
  passageId: string;
  title: string;
  source: string;
  /** The sentence quoted from the passage. */
  quote: string;
}

/** What `ask` returns (the `pathfinder ask --json` contract, plus `composer`). */
export interface Answer {
  answered: boolean;
  /** The answer with [n] citation markers, or the plain "could not find this" message. */
  text: string;
  citations: Citation[];
  /** 0..1 */
  confidence: number;
  /** Obstacle category ids (peer/taxonomy.json) the question touches, strongest first. */
  topics: string[];
  /** "openai" when the OpenAI composer wrote the text (bots mark it AI-generated). */
  composer: "extractive" | "openai";
}

/** A loaded knowledge base: retrieval and answering. */
export interface KnowledgeBase {
  search(query: string, options?: { limit?: number }): Promise<SearchHit[]>;
  ask(question: string): Promise<Answer>;
}
