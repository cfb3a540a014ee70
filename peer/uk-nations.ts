/**
 * The UK's three lists of bank holidays, named as gov.uk's bank-holidays feed names them. Apart from
 * peer/bank-holidays.ts (which carries the dates) so configuration can check a name without loading the dates.
 */
export const UK_NATIONS = ["england-and-wales", "scotland", "northern-ireland"] as const;
export type UkNation = (typeof UK_NATIONS)[number];

/** England and Wales unless configured otherwise. */
export const DEFAULT_NATION: UkNation = "england-and-wales";
