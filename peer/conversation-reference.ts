/**
 * What of a Teams conversation reference may be stored (issue 13 item 1). A module of its own so the
 * delivery stores, which every function bundles, do not pull in the privacy service's dependencies.
 */

/**
 * A Teams conversation reference without its `user` (the person's id, name and AAD object id): proactive
 * messages need only the conversation, the bot and the service URL (issue 13 item 1). Other values pass.
 */
export function referenceWithoutUser(reference: unknown): unknown {
  if (!reference || typeof reference !== "object" || !("user" in reference)) return reference;
  const { user: _user, ...rest } = reference as Record<string, unknown>;
  return rest;
}

/**
 * A Teams conversation reference as it may be stored (issue 13 item 1): a channel's or group chat's, and any
 * copy kept with a subscription, lose `user` (whoever happened to speak: their id, name and AAD object id);
 * a personal chat's keeps only the ids (`id`, `aadObjectId`), which are the keys it is saved under and how
 * export and erase find both. Names are never stored. Proactive messages need none of it.
 */
export function storableReference(reference: unknown): unknown {
  const ref = reference as {
    user?: { id?: unknown; aadObjectId?: unknown };
    conversation?: { conversationType?: unknown };
  };
  if (!ref || typeof ref !== "object" || !ref.user || typeof ref.user !== "object") return reference;
  if (ref.conversation?.conversationType !== "personal") return referenceWithoutUser(reference);
  const { id, aadObjectId } = ref.user;
  return {
    ...ref,
    user: {
      ...(typeof id === "string" ? { id } : {}),
      ...(typeof aadObjectId === "string" ? { aadObjectId } : {}),
    },
  };
}
