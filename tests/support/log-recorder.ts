/** A log a handler writes to, recorded for a test to assert on: each line's level, message and detail. */
export interface LoggedLine {
  level: string;
  message: string;
  detail?: Record<string, unknown>;
}

/** Records log lines: `record(level)` is a logger method (`message`, then an optional detail object). */
export function logRecorder(): {
  lines: LoggedLine[];
  record: (level: string) => (message: string, ...extra: unknown[]) => void;
} {
  const lines: LoggedLine[] = [];
  const record =
    (level: string) =>
    (message: string, ...extra: unknown[]) =>
      void lines.push({
        level,
        message,
        ...(extra[0] ? { detail: extra[0] as Record<string, unknown> } : {}),
      });
  return { lines, record };
}
