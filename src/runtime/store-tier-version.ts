/**
 * The interface between the loader and the store tier. A bundle carries its own copy of the loader
 * and reaches the store tier installed beside it, which can be another keystash version: bump this
 * when store-tier.ts's exports change, and the loader refuses a tier that differs.
 */
// 2: missing secrets and store errors carry their fix as data, worded by the tier's fixSentence.
export const STORE_TIER_VERSION = 2;
