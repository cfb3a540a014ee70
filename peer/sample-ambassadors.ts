/**
 * The labelled sample ambassadors (peer/sample-ambassadors.json: fictional people, `sample: true`), loaded by
 * `npm start` into an empty directory so a local run has someone to match.
 */

import type { Ambassador, PeerServices } from "./ports.ts";
import sampleData from "./sample-ambassadors.json" with { type: "json" };

/** The sample set, as stored. */
export const SAMPLE_AMBASSADORS: readonly Ambassador[] = sampleData.ambassadors;

/** Imports the sample set when the directory is empty; leaves a populated directory alone. */
export async function loadSampleAmbassadorsIfEmpty(
  services: Pick<PeerServices, "ambassadors">,
): Promise<{ loaded: number }> {
  const existing = await services.ambassadors.list();
  if (existing.length > 0) return { loaded: 0 };
  const { imported } = await services.ambassadors.importMany([...SAMPLE_AMBASSADORS]);
  return { loaded: imported };
}
