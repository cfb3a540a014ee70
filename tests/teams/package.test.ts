import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { SAVE_ANSWER_COMMAND } from "../../bots/teams/message-extension.ts";
import {
  ACCENT_COLOR,
  buildTeamsPackage,
  renderManifest,
  TeamsPackageError,
} from "../../bots/teams/package/manifest.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";

/** The package's files, in the order they are stored. */
function readZip(zip: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(zip)).map(([name, data]) => [name, Buffer.from(data)]));
}

/** Width, height and RGBA pixels of the committed icons (8-bit RGBA, one IDAT, filter 0 rows). */
function readPng(png: Buffer) {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect([png[24], png[25]]).toEqual([8, 6]); // bit depth 8, colour type RGBA
  const idatAt = png.indexOf("IDAT");
  const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const i = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([raw[i] ?? 0, raw[i + 1] ?? 0, raw[i + 2] ?? 0, raw[i + 3] ?? 0]);
    }
  }
  return { width, height, pixels };
}

describe("Teams app package", () => {
  it("zips manifest.json and the two icons at the root, with the bot id filled in", () => {
    // Act
    const files = readZip(buildTeamsPackage({ appId: APP_ID }));

    // Assess
    expect([...files.keys()]).toEqual(["manifest.json", "color.png", "outline.png"]);
    const manifest = JSON.parse(String(files.get("manifest.json")));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.bots[0].scopes).toEqual(["personal", "team", "groupChat"]);
    expect(manifest.accentColor).toBe(ACCENT_COLOR);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(JSON.stringify(manifest)).not.toContain("{{");
  });

  it("offers Save answer to Pathfinder as a message action whose task the bot fetches", () => {
    // Act
    const manifest = JSON.parse(renderManifest({ appId: APP_ID }));

    // Assess: Teams limits a command title to 32 characters
    expect(manifest.composeExtensions).toEqual([
      {
        botId: APP_ID,
        commands: [
          expect.objectContaining({
            id: SAVE_ANSWER_COMMAND,
            type: "action",
            title: "Save answer to Pathfinder",
            context: ["message"],
            fetchTask: true,
          }),
        ],
      },
    ]);
    expect(manifest.composeExtensions[0].commands[0].title.length).toBeLessThanOrEqual(32);
  });

  it("lists the registry's menu commands, at most the 10 Teams shows", () => {
    // Act
    const manifest = JSON.parse(renderManifest({ appId: APP_ID }));

    // Assess
    const commands: { title: string; description: string }[] = manifest.bots[0].commandLists[0].commands;
    expect(commands.map((c) => c.title)).toEqual([
      "ask",
      "guide",
      "blocker",
      "resolve",
      "mentor",
      "digest",
      "subscribe",
      "export",
      "forget-me",
      "help",
    ]);
    expect(commands.find((c) => c.title === "ask")?.description).toBe(
      "Ask a question; the answer cites its sources",
    );
  });

  it("ships the committed icons: 192x192 opaque colour, 32x32 white on transparent", () => {
    // Act
    const files = readZip(buildTeamsPackage({ appId: APP_ID }));
    const color = readPng(files.get("color.png") as Buffer);
    const outline = readPng(files.get("outline.png") as Buffer);

    // Assess
    expect(files.get("color.png")).toEqual(
      readFileSync(new URL("../../bots/teams/package/color.png", import.meta.url)),
    );
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
  });

  it("builds the same bytes for the same settings", () => {
    expect(buildTeamsPackage({ appId: APP_ID }).equals(buildTeamsPackage({ appId: APP_ID }))).toBe(true);
  });

  it("refuses an app id that is not a GUID and non-https developer links", () => {
    // Act / Assess
    expect(() => renderManifest({ appId: "" })).toThrow(TeamsPackageError);
    expect(() => renderManifest({ appId: "pathfinder" })).toThrow(/GUID/);
    expect(() => renderManifest({ appId: APP_ID, websiteUrl: "http://insecure.example" })).toThrow(/https/);
    expect(() => renderManifest({ appId: APP_ID, version: "one" })).toThrow(/TEAMS_APP_VERSION/);
  });

  it("escapes values so a developer name with quotes keeps the manifest valid JSON", () => {
    // Act
    const manifest = JSON.parse(renderManifest({ appId: APP_ID, developerName: 'Council "Mutuals" Team' }));

    // Assess
    expect(manifest.developer.name).toBe('Council "Mutuals" Team');
  });
});
