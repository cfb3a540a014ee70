/**
 * Builds the Teams app package: `npx tsx scripts/build-teams-package.ts` writes dist/pathfinder-teams.zip
 * (manifest.json with the bot id from MICROSOFT_APP_ID, and the two icons). Upload it in Teams
 * (Apps > Manage your apps > Upload an app) or through the Teams admin centre; see docs/teams.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  buildTeamsPackage,
  manifestSettingsFromEnv,
  TeamsPackageError,
} from "../bots/teams/package/manifest.ts";

const out = resolve(process.argv[2] ?? "dist/pathfinder-teams.zip");
try {
  const settings = manifestSettingsFromEnv(process.env);
  const zip = buildTeamsPackage(settings);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Wrote ${out} (${zip.length} bytes) for bot ${settings.appId}`);
  if (!settings.websiteUrl || !settings.privacyUrl || !settings.termsUrl) {
    console.log(
      "Note: placeholder developer URLs used; set TEAMS_WEBSITE_URL, TEAMS_PRIVACY_URL and TEAMS_TERMS_URL.",
    );
  }
} catch (error) {
  if (error instanceof TeamsPackageError) {
    console.error(`Cannot build the Teams package: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
