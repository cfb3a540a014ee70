/**
 * Fills the Teams app manifest template and assembles the app package (manifest.json + two icons).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/apps-package
 */
import { readFileSync } from "node:fs";
import { ACCENT_COLOR, colorIcon, outlineIcon } from "./icons.ts";
import { createZip } from "./zip.ts";

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
  return `${JSON.stringify(JSON.parse(filled), null, 2)}\n`;
}

/** The app package: manifest.json, color.png and outline.png, zipped at the root as Teams requires. */
export function buildTeamsPackage(settings: ManifestSettings): Buffer {
  return createZip([
    { name: "manifest.json", data: Buffer.from(renderManifest(settings), "utf8") },
    { name: "color.png", data: colorIcon() },
    { name: "outline.png", data: outlineIcon() },
  ]);
}
