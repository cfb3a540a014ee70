/**
 * Pathfinder's Teams icons, drawn by code: a compass ring with a needle pointing north-east.
 * Teams wants a 192x192 full-colour icon and a 32x32 outline icon that is white on transparent.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
 */
import { encodePng } from "./png.ts";

/** Pathfinder's accent colour (also the manifest's accentColor). */
export const ACCENT_COLOR = "#0F6E6E";

const ACCENT = [0x0f, 0x6e, 0x6e] as const;

/** True where the symbol is, for a point in [-1, 1] x [-1, 1] (y down). */
function inSymbol(x: number, y: number): boolean {
  const r = Math.hypot(x, y);
  if (r > 0.62 && r < 0.8) return true; // the ring
  // The needle: a slim diamond along the north-east diagonal.
  const along = (x - y) / Math.SQRT2;
  const across = (x + y) / Math.SQRT2;
  return Math.abs(along) / 0.52 + Math.abs(across) / 0.16 <= 1;
}

/** Fraction of the pixel (px, py) of a size x size image the symbol covers, with 4x4 supersampling. */
function coverage(px: number, py: number, size: number, padding: number): number {
  let hits = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const x = ((px + (sx + 0.5) / 4) / size) * 2 - 1;
      const y = ((py + (sy + 0.5) / 4) / size) * 2 - 1;
      if (inSymbol(x / padding, y / padding)) hits++;
    }
  }
  return hits / 16;
}

/** The 192x192 colour icon: a white symbol on the accent colour. */
export function colorIcon(size = 192): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = coverage(x, y, size, 0.72);
      const i = (y * size + x) * 4;
      rgba[i] = Math.round(ACCENT[0] + (255 - ACCENT[0]) * c);
      rgba[i + 1] = Math.round(ACCENT[1] + (255 - ACCENT[1]) * c);
      rgba[i + 2] = Math.round(ACCENT[2] + (255 - ACCENT[2]) * c);
      rgba[i + 3] = 255;
    }
  }
  return encodePng(size, size, rgba);
}

/** The 32x32 outline icon: the symbol in white on a transparent background. */
export function outlineIcon(size = 32): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4;
      rgba[i] = 255;
      rgba[i + 1] = 255;
      rgba[i + 2] = 255;
      rgba[i + 3] = Math.round(255 * coverage(x, y, size, 0.95));
    }
  }
  return encodePng(size, size, rgba);
}
