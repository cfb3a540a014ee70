/**
 * Files in Teams (issue 16: the export's JSON attached). A bot cannot just attach a file in Teams: it sends a
 * file consent card in the person's personal chat, Teams asks them, and on "Allow" sends a `fileConsent/invoke`
 * with an upload URL in their OneDrive; the bot PUTs the bytes there and posts a file info card
 * (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4). The file's content travels in
 * the card's `acceptContext`, gzipped, so nothing personal waits on the server between the two turns; a
 * file too big for a card is not offered (the summary in chat has everything). The upload URL comes from an
 * authenticated invoke, yet personal data is only ever PUT to an https SharePoint/OneDrive host.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type { Activity, Attachment } from "botbuilder";
import * as z from "zod";
import type { ReplyAttachment } from "../core/reply.ts";

export const FILE_CONSENT_INVOKE = "fileConsent/invoke";
const CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent";
const INFO_CARD = "application/vnd.microsoft.teams.card.file.info";

/** Teams messages hold about 28 KB; the compressed file must leave room for the rest of the card. */
export const MAX_CONTEXT_CHARS = 20_000;

/**
 * The invoke's schemas, built on the first consent invoke rather than at import: only an export's "Allow" or
 * "Decline" reads them, and building them (a URL check among them) was a few milliseconds of every Teams cold start.
 */
function buildSchemas() {
  return {
    /** What the card carries to the accept turn. */
    context: z.object({ v: z.literal(1), name: z.string().min(1).max(200), gz: z.string().min(1) }),
    invoke: z.object({
      action: z.enum(["accept", "decline"]),
      context: z.unknown(),
      uploadInfo: z
        .object({
          uploadUrl: z.url(),
          contentUrl: z.string().min(1),
          name: z.string().min(1),
          uniqueId: z.string().min(1),
          fileType: z.string().default(""),
        })
        .optional(),
    }),
  };
}
let schemas: ReturnType<typeof buildSchemas> | undefined;

/** The consent card for a reply's file, or undefined when it is too big to carry in a card. */
export function fileConsentAttachment(file: ReplyAttachment): Attachment | undefined {
  // Node's zlib, not fflate: it is native and already loaded (the bundled knowledge base is gunzipped at start),
  // whereas importing fflate builds its Huffman tables on every Teams cold start for a reply few requests send.
  const gz = gzipSync(file.content).toString("base64");
  if (gz.length > MAX_CONTEXT_CHARS) return undefined;
  const context = { v: 1 as const, name: file.filename, gz };
  return {
    contentType: CONSENT_CARD,
    name: file.filename,
    content: {
      description: "Your data export: every record Pathfinder holds about you, in full (JSON).",
      sizeInBytes: Buffer.byteLength(file.content),
      acceptContext: context,
      declineContext: { v: 1, name: file.filename },
    },
  };
}

/** Only an https SharePoint/OneDrive host receives the bytes (tests add their own origin). */
export function isUploadHost(url: string, extraOrigins: readonly string[] = []): boolean {
  const parsed = new URL(url);
  if (extraOrigins.includes(parsed.origin)) return true;
  return parsed.protocol === "https:" && /(^|\.)sharepoint(-df)?\.com$/i.test(parsed.hostname);
}

export interface FileConsentDeps {
  fetch?: typeof fetch;
  /** Origins besides SharePoint's that may receive uploads (the test server). */
  extraUploadOrigins?: readonly string[];
}

/** What to do with a consent invoke: the activities to send, and the invoke's status. */
export interface ConsentOutcome {
  status: 200 | 400 | 500;
  reply?: Partial<Activity>;
  /** For logs: what happened, never the content. */
  outcome: "uploaded" | "declined" | "malformed" | "refused-host" | "upload-failed";
}

/** Handles `fileConsent/invoke`: on accept, PUT the file to the upload URL and answer with a file info card. */
export async function handleFileConsent(value: unknown, deps: FileConsentDeps = {}): Promise<ConsentOutcome> {
  schemas ??= buildSchemas();
  const parsed = schemas.invoke.safeParse(value);
  if (!parsed.success) return { status: 400, outcome: "malformed" };
  const { action, context, uploadInfo } = parsed.data;
  if (action === "decline") {
    return {
      status: 200,
      outcome: "declined",
      reply: { type: "message", text: "No file sent. The summary above lists everything Pathfinder holds." },
    };
  }
  const carried = schemas.context.safeParse(context);
  if (!carried.success || !uploadInfo) return { status: 400, outcome: "malformed" };
  if (!isUploadHost(uploadInfo.uploadUrl, deps.extraUploadOrigins))
    return { status: 400, outcome: "refused-host" };
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(gunzipSync(Buffer.from(carried.data.gz, "base64")));
  } catch {
    return { status: 400, outcome: "malformed" };
  }
  const res = await (deps.fetch ?? fetch)(uploadInfo.uploadUrl, {
    method: "PUT",
    headers: {
      "content-length": String(bytes.length),
      "content-range": `bytes 0-${bytes.length - 1}/${bytes.length}`,
    },
    body: bytes,
    signal: AbortSignal.timeout(8000),
  }).catch(() => undefined);
  if (!res?.ok) {
    return {
      status: 500,
      outcome: "upload-failed",
      reply: {
        type: "message",
        text: "I couldn't save the file to your OneDrive. Try *export* again later.",
      },
    };
  }
  return {
    status: 200,
    outcome: "uploaded",
    reply: {
      type: "message",
      attachments: [
        {
          contentType: INFO_CARD,
          contentUrl: uploadInfo.contentUrl,
          name: uploadInfo.name,
          content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
        },
      ],
    },
  };
}
