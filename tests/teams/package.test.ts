import { inflateRawSync, inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { crc32 } from "../../teams/crc32.ts";
import { buildTeamsPackage, renderManifest, TeamsPackageError } from "../../teams/manifest.ts";
import { createZip } from "../../teams/zip.ts";

const APP_ID = "11111111-2222-3333-4444-555555555555";

/** Reads a ZIP through its central directory, inflating and CRC-checking each entry. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const localNameLength = zip.readUInt16LE(offset + 26);
    const start = offset + 30 + localNameLength + zip.readUInt16LE(offset + 28);
    const data = inflateRawSync(zip.subarray(start, start + size));
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength;
  }
  return files;
}

/** Width, height and RGBA pixels of a PNG written by teams/png.ts (filter 0 rows). */
function readPng(png: Buffer) {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatAt = png.indexOf("IDAT");
  const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + png.readUInt32BE(idatAt - 4)));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
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
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual([
      "ask",
      "blocker",
      "mentor",
      "digest",
      "subscribe",
      "unsubscribe",
      "resolve",
      "export",
      "forget-me",
      "help",
    ]);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(JSON.stringify(manifest)).not.toContain("{{");
  });

  it("draws a 192x192 opaque colour icon and a 32x32 white-on-transparent outline icon", () => {
    // Act
    const files = readZip(buildTeamsPackage({ appId: APP_ID }));
    const color = readPng(files.get("color.png") as Buffer);
    const outline = readPng(files.get("outline.png") as Buffer);

    // Assess
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
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

describe("createZip", () => {
  it("round-trips arbitrary bytes, including an empty file", () => {
    // Prepare
    const entries = [
      { name: "a.txt", data: Buffer.from("hello ".repeat(100)) },
      { name: "empty", data: Buffer.alloc(0) },
    ];

    // Act
    const files = readZip(createZip(entries));

    // Assess
    expect(files.get("a.txt")?.toString()).toBe("hello ".repeat(100));
    expect(files.get("empty")?.length).toBe(0);
  });

  it("computes the standard CRC-32", () => {
    // Act / Assess: the check value from the CRC catalogue.
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });
});
