/**
 * The placeholder behind a form id whose feature has not registered its handler yet (registry.ts FORMS): opening
 * or submitting it says so plainly instead of failing. Features replace their line in FORMS.
 */
import type { FormHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { textReply } from "../replies.ts";

const NOT_YET = "That form isn't available yet.";

export const unavailableForm: FormHandler = {
  open: async () => ({ result: result(textReply(NOT_YET)) }),
  submit: async () => ({ result: result(textReply(NOT_YET)) }),
};
