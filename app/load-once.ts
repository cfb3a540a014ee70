/**
 * The composition root's lazy pieces (a platform's poster or sender, imported on its first post rather than at
 * cold start) share one rule: load once per container, and try again after a failure.
 */

/**
 * Runs `load` on the first call and hands its promise to the later ones (a lazy import and what is built from
 * it, kept for the container); a rejected load is forgotten, so the next call tries again rather than the
 * container failing for good on one unreadable chunk or one bad answer.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    if (loaded) return loaded;
    const attempt = load();
    loaded = attempt;
    attempt.catch(() => {
      if (loaded === attempt) loaded = undefined;
    });
    return attempt;
  };
}
