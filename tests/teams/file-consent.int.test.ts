import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Activity, TestAdapter } from "botbuilder";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTeamsBot, TEAMS_MESSAGES } from "../../bots/teams/bot.ts";
import { fileConsentAttachment, isUploadHost, MAX_CONTEXT_CHARS } from "../../bots/teams/file-consent.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";
import { fixture, RecordingProactive, reply, ScriptedCore } from "./fakes.ts";

/** A stand-in for the OneDrive upload session Teams hands the bot: records each PUT. */
let upload: Server;
let uploadOrigin: string;
const puts: { path: string; range?: string; body: string }[] = [];
let table: TestTable;
let peer: PeerServices;
let core: ScriptedCore;
let proactive: RecordingProactive;
let adapter: TestAdapter;
let errors: string[];

const exportJson = JSON.stringify({
  reports: [{ text: "our union reps are against it" }],
  introductions: [],
});
const exported = reply("What Pathfinder holds about you", {
  visibility: "private",
  attachment: {
    filename: "pathfinder-export-2026-12-01.json",
    mediaType: "application/json",
    content: exportJson,
  },
});

beforeAll(async () => {
  upload = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const range = req.headers["content-range"];
    puts.push({
      path: req.url ?? "",
      body: Buffer.concat(chunks).toString("utf8"),
      ...(range ? { range } : {}),
    });
    res.writeHead(req.url?.includes("broken") ? 500 : 201).end();
  });
  await new Promise<void>((resolve) => upload.listen(0, "127.0.0.1", resolve));
  uploadOrigin = `http://127.0.0.1:${(upload.address() as AddressInfo).port}`;
  table = await createTestTable("teams-files");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-key" });
});

afterAll(async () => {
  await table.drop();
  await new Promise((resolve) => upload.close(resolve));
});

beforeEach(() => {
  puts.length = 0;
  core = new ScriptedCore();
  core.onMessage = async () => ({ replies: [exported], outbox: [] });
  proactive = new RecordingProactive();
  errors = [];
  const bot = createTeamsBot({
    core,
    conversations: peer.conversations,
    idempotency: peer.idempotency,
    proactive,
    log: { error: (message) => errors.push(message) },
    files: { extraUploadOrigins: [uploadOrigin] },
  });
  adapter = new TestAdapter((context) => bot.onTurn(context));
});

async function send(name: string, overrides: Partial<Activity> = {}): Promise<Partial<Activity>[]> {
  adapter.activeQueue.splice(0);
  await adapter.processActivity(fixture(name, { id: `act-${randomUUID()}`, ...overrides }));
  return adapter.activeQueue.splice(0);
}

function consentCard(sent: Partial<Activity>[]) {
  const attachment = sent
    .flatMap((a) => a.attachments ?? [])
    .find((a) => a.contentType.endsWith("file.consent"));
  if (!attachment) throw new Error(`no consent card in ${JSON.stringify(sent)}`);
  return attachment.content as { acceptContext: unknown; sizeInBytes: number };
}

function consentInvoke(action: "accept" | "decline", context: unknown, uploadPath = "/session/1") {
  return {
    type: "invoke",
    name: "fileConsent/invoke",
    text: "",
    value: {
      type: "fileUpload",
      action,
      context,
      uploadInfo: {
        name: "pathfinder-export-2026-12-01.json",
        uploadUrl: `${uploadOrigin}${uploadPath}`,
        contentUrl:
          "https://contoso-my.sharepoint.com/personal/asha/Documents/pathfinder-export-2026-12-01.json",
        uniqueId: "1234-abcd",
        fileType: "json",
      },
    },
  } as Partial<Activity>;
}

const status = (sent: Partial<Activity>[]) =>
  (sent.find((a) => a.type === "invokeResponse")?.value as { status: number } | undefined)?.status;

describe("the export's file in Teams (issue 16)", () => {
  it("offers the file with a consent card, uploads it on Allow once, and shows the file", async () => {
    const sent = await send("personal-message", { text: "export" });
    const card = consentCard(sent);
    expect(card.sizeInBytes).toBe(Buffer.byteLength(exportJson));

    const invoke = consentInvoke("accept", card.acceptContext);
    const accepted = await send("personal-message", { ...invoke, id: "consent-1" });
    expect(status(accepted)).toBe(200);
    expect(puts).toEqual([
      {
        path: "/session/1",
        body: exportJson,
        range: `bytes 0-${Buffer.byteLength(exportJson) - 1}/${Buffer.byteLength(exportJson)}`,
      },
    ]);
    const info = accepted
      .flatMap((a) => a.attachments ?? [])
      .find((a) => a.contentType.endsWith("file.info"));
    expect(info?.content).toEqual({ uniqueId: "1234-abcd", fileType: "json" });

    // The Bot Connector retries the same invoke: nothing is uploaded or shown twice.
    const retried = await send("personal-message", { ...invoke, id: "consent-1" });
    expect(status(retried)).toBe(200);
    expect(puts).toHaveLength(1);
    expect(retried.filter((a) => a.type === "message")).toEqual([]);
  });

  it("sends the card to the personal chat when export was asked in a channel", async () => {
    await send("channel-mention", { text: "export" });
    const toPerson = proactive.sent.flatMap((s) => s.activity.attachments ?? []);
    expect(toPerson.map((a) => a.contentType)).toContain("application/vnd.microsoft.teams.card.file.consent");
  });

  it("uploads nothing on Decline, to a host that is not SharePoint, or from a tampered context", async () => {
    const card = consentCard(await send("personal-message", { text: "export" }));
    const declined = await send("personal-message", consentInvoke("decline", { v: 1, name: "x.json" }));
    expect(status(declined)).toBe(200);
    expect(declined.find((a) => a.type === "message")?.text).toMatch(/No file sent/);

    const elsewhere = consentInvoke("accept", card.acceptContext);
    (elsewhere.value as { uploadInfo: { uploadUrl: string } }).uploadInfo.uploadUrl =
      "https://evil.example/upload";
    expect(status(await send("personal-message", elsewhere))).toBe(400);
    expect(
      status(await send("personal-message", consentInvoke("accept", { v: 1, name: "x", gz: "not-gzip" }))),
    ).toBe(400);
    expect(status(await send("personal-message", { ...consentInvoke("accept", "nonsense") }))).toBe(400);
    expect(puts).toEqual([]);
    expect(errors).toEqual([
      "file consent not completed",
      "file consent not completed",
      "file consent not completed",
    ]);
  });

  it("tells the person when OneDrive refuses the upload", async () => {
    const card = consentCard(await send("personal-message", { text: "export" }));
    const failed = await send("personal-message", consentInvoke("accept", card.acceptContext, "/broken"));
    expect(status(failed)).toBe(500);
    expect(failed.find((a) => a.type === "message")?.text).toMatch(/couldn't save the file/);
  });

  it("says where to get a file too big for a card instead of offering it", async () => {
    // Random text barely compresses: past the card's budget once gzipped and base64-encoded.
    const big = randomUUID()
      .repeat(Math.ceil((MAX_CONTEXT_CHARS * 1.2) / 36))
      .replace(/-/g, () => String(Math.random()));
    expect(
      fileConsentAttachment({ filename: "big.json", mediaType: "application/json", content: big }),
    ).toBeUndefined();
    core.onMessage = async () => ({
      replies: [
        { ...exported, attachment: { filename: "big.json", mediaType: "application/json", content: big } },
      ],
      outbox: [],
    });
    const sent = await send("personal-message", { text: "export" });
    expect(JSON.stringify(sent)).toContain(TEAMS_MESSAGES.fileTooBig.slice(0, 40));
  });

  it("accepts only https SharePoint and OneDrive hosts", () => {
    expect(isUploadHost("https://contoso-my.sharepoint.com/personal/x")).toBe(true);
    expect(isUploadHost("http://contoso-my.sharepoint.com/personal/x")).toBe(false);
    expect(isUploadHost("https://sharepoint.com.evil.example/x")).toBe(false);
    expect(isUploadHost("https://evil.example/x")).toBe(false);
  });
});
