/**
 * Fills the Teams app manifest template and assembles the app package: manifest.json and the two
 * committed icons (color.png 192x192, outline.png 32x32 white on transparent), zipped with fflate.
 * The bot's command menu comes from the core's command registry (bots/core/registry.ts).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/apps-package
 */
import { readFileSync } from "node:fs";
import { zipSync } from "fflate";
import { teamsCommandMenu } from "../../core/registry.ts";

/** Pathfinder's accent colour (the manifest's accentColor; the colour icon's background). */
export const ACCENT_COLOR = "#0F6E6E";

/** Teams shows at most 10 commands in a bot's command menu. */
const MAX_MENU_COMMANDS = 10;

/** Raised when the package cannot be built from the given settings. */
export class TeamsPackageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TeamsPackageError";
  }
}

export interface ManifestSettings {
  /** The Azure Bot's Microsoft App ID (a GUID); used as both the Teams app id and the bot id. */
  appId: string;
  version?: string;
  developerName?: string;
  websiteUrl?: string;
  privacyUrl?: string;
  termsUrl?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
/** Placeholder URLs: Teams requires https links; set real ones before publishing to your organisation. */
const PLACEHOLDER_URL = "https://example.org/pathfinder";

/** Reads the settings from the environment (MICROSOFT_APP_ID and the optional TEAMS_* values). */
export function manifestSettingsFromEnv(env: NodeJS.ProcessEnv): ManifestSettings {
  const pick = (name: string) => env[name]?.trim() || undefined;
  const settings: ManifestSettings = { appId: pick("MICROSOFT_APP_ID") ?? "" };
  const optional: [keyof ManifestSettings, string][] = [
    ["version", "TEAMS_APP_VERSION"],
    ["developerName", "TEAMS_DEVELOPER_NAME"],
    ["websiteUrl", "TEAMS_WEBSITE_URL"],
    ["privacyUrl", "TEAMS_PRIVACY_URL"],
    ["termsUrl", "TEAMS_TERMS_URL"],
  ];
  for (const [key, name] of optional) {
    const value = pick(name);
    if (value) settings[key] = value;
  }
  return settings;
}

function httpsUrl(value: string | undefined, name: string): string {
  const url = value ?? PLACEHOLDER_URL;
  if (!url.startsWith("https://"))
    throw new TeamsPackageError(`${name} must be an https:// URL, got "${url}"`);
  return url;
}

/** The manifest as JSON text, with every placeholder filled; throws TeamsPackageError on bad settings. */
export function renderManifest(settings: ManifestSettings, template?: string): string {
  if (!GUID.test(settings.appId)) {
    throw new TeamsPackageError(
      `MICROSOFT_APP_ID must be the Azure Bot's Microsoft App ID (a GUID), got "${settings.appId || "(empty)"}"`,
    );
  }
  const version = settings.version ?? "1.0.0";
  if (!SEMVER.test(version))
    throw new TeamsPackageError(`TEAMS_APP_VERSION must look like 1.2.3, got "${version}"`);
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: settings.appId.toLowerCase(),
    TEAMS_APP_VERSION: version,
    TEAMS_DEVELOPER_NAME: settings.developerName ?? "Pathfinder",
    TEAMS_WEBSITE_URL: httpsUrl(settings.websiteUrl, "TEAMS_WEBSITE_URL"),
    TEAMS_PRIVACY_URL: httpsUrl(settings.privacyUrl, "TEAMS_PRIVACY_URL"),
    TEAMS_TERMS_URL: httpsUrl(settings.termsUrl, "TEAMS_TERMS_URL"),
    ACCENT_COLOR,
  };
  const source = template ?? readFileSync(new URL("./manifest.template.json", import.meta.url), "utf8");
  // Values are JSON-escaped so a developer name with quotes cannot break the document.
  const filled = source.replace(/\{\{([A-Z_]+)\}\}/g, (match, key: string) => {
    const value = values[key];
    if (value === undefined)
      throw new TeamsPackageError(`The manifest template uses an unknown placeholder ${match}`);
    return JSON.stringify(value).slice(1, -1);
  });
  // The template's shape, as far as the command menu goes; the rest passes through untouched.
  const manifest = JSON.parse(filled) as { bots?: { commandLists?: { commands: unknown }[] }[] };
  const menu = teamsCommandMenu();
  if (menu.length > MAX_MENU_COMMANDS) {
    throw new TeamsPackageError(
      `Teams shows at most ${MAX_MENU_COMMANDS} bot commands; the registry gives ${menu.length} a menu description`,
    );
  }
  for (const list of manifest.bots?.[0]?.commandLists ?? []) list.commands = menu;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function icon(name: "color.png" | "outline.png"): Uint8Array {
  return readFileSync(new URL(`./${name}`, import.meta.url));
}

/** The app package: manifest.json, color.png and outline.png, zipped at the root as Teams requires. */
export function buildTeamsPackage(settings: ManifestSettings): Buffer {
  const zip = zipSync(
    {
      "manifest.json": new TextEncoder().encode(renderManifest(settings)),
      "color.png": icon("color.png"),
      "outline.png": icon("outline.png"),
    },
    // A fixed date keeps the package byte-identical for the same settings (fflate's default is "now").
    { level: 9, mtime: new Date("2024-01-01T00:00:00Z") },
  );
  return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
}
