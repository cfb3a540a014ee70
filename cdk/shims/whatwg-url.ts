/**
 * Bundle-time stand-in for `whatwg-url` (see ALIASES in cdk/bundling.ts): Node's own WHATWG URL classes.
 * node-fetch 2 only reads `URL` from it, and only when Node has none.
 */
export const URL = globalThis.URL;
export const URLSearchParams = globalThis.URLSearchParams;
export default { URL, URLSearchParams };
