/** The knowledge base's data shapes, shared by retrieval, composition, the bots and the CLI. */
import type { PreparedQuestion } from "./question.ts";

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
  /** A document's link, when it has one (documents only; seeds have none). */
  url?: string;
  /** The PDF page a document passage was read from. */
  page?: number;
}

/** One ranked passage (the `pathfinder search --json` contract). */
export interface SearchHit {
  id: string;
  title: string;
  source: string;
  text: string;
  score: number;
  /** The post's author and ISO date, where it gives them (for people; `source` is for machines). */
  author?: string;
  date?: string;
}

/**
 * Which layer of the knowledge base a citation comes from (ARCHITECTURE.md, "Knowledge, in layers"):
 * a seed article, a guide card drawn from the articles, a document an admin added, or an answer an
 * ambassador gave that an editor approved.
 */
export type CitationKind = "article" | "guide" | "document" | "community";

/** A numbered source behind an answer. */
export interface Citation {
  /** 1-based number, as shown in the answer text ("[1]"). */
  n: number;
  /** The seed (or document) passage quoted. */
  passageId: string;
  kind: CitationKind;
  /** The post's (or document's) title: what people see, never a file name. */
  title: string;
  /** The seed file or document the passage came from (machine use; not shown to people). */
  source: string;
  author?: string;
  /** ISO date (YYYY-MM-DD) where known. */
  date?: string;
  url?: string;
  /** The PDF page of a document passage. */
  page?: number;
  /** The sentence quoted from the passage. */
  quote: string;
  /**
   * Every seed passage of the same post the answer drew on under this one citation (issue 11:
   * one citation per article); `passageId` is the first of them.
   */
  passageIds?: string[];
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
  /** The guide (or community) card that answered, when one did. */
  cardId?: string;
  /** Set when the message was small talk (a greeting, thanks): the text is a reply, not a decline. */
  smallTalk?: true;
}

/** One topic of the guide (`guide` command): its cards, by title. */
export interface GuideTopic {
  /** Obstacle category id (peer/taxonomy.json). */
  topic: string;
  label: string;
  cards: { id: string; title: string }[];
}

/** Context for one question. */
export interface AskOptions {
  previousQuestion?: string;
  /**
   * `prepareQuestion(question)`, when a layer wrapping this base has already read the question (the
   * community layer, knowledge/community.ts), so it is not read twice per ask (perf only). Used only
   * for the question as asked, not one joined with `previousQuestion`.
   */
  prepared?: PreparedQuestion;
}

/** A loaded knowledge base: retrieval and answering. */
export interface KnowledgeBase {
  search(query: string, options?: { limit?: number }): Promise<SearchHit[]>;
  /**
   * Answers a question. In a thread, `previousQuestion` is the thread's earlier question: a follow-up
   * ("what about pensions?") is read with it (rewritten into a standalone question when OpenAI is on).
   */
  ask(question: string, options?: AskOptions): Promise<Answer>;
  /** The guide's topics and cards (empty when the knowledge base has no guide). */
  guide(): GuideTopic[];
  /**
   * A short brief on one topic (category id or a word of its label) that a practitioner can
   * forward to their director, every sentence cited; undefined when the topic is unknown.
   */
  guideBrief(topic: string): Answer | undefined;
}
