/**
 * The assembled application: what every entry point (Lambda handlers, `npm start`, the CLI)
 * builds once at cold start with `createPathfinder` (app/pathfinder.ts) and then shares.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { DigestPreview } from "../bots/core/create-core.ts";
import type { Core } from "../bots/core/reply.ts";
import type { Config } from "../config/config.ts";
import type { Secrets } from "../config/secrets.ts";
import type { KnowledgeBase } from "../knowledge/types.ts";
import type { PeerServices } from "../peer/ports.ts";

export interface PathfinderOptions {
  config: Config;
  secrets: Secrets;
  /** A document client to use (tests, `npm start`); by default one is made from config. */
  doc?: DynamoDBDocumentClient;
  /** Create the table if it is missing (local runs and tests; never on Lambda). */
  ensureTable?: boolean;
  now?: () => Date;
  /**
   * The knowledge base to serve (`npm start` passes one over the local documents index that it swaps on a
   * library change). By default: the index the documents bucket's pointer names when KNOWLEDGE_BUCKET is set
   * (followed every 60 s), else the bundled artifact.
   */
  knowledge?: KnowledgeBase;
}

export interface Pathfinder {
  config: Config;
  core: Core;
  peer: PeerServices;
  knowledge: KnowledgeBase;
  digest: DigestPreview;
  doc: DynamoDBDocumentClient;
}
