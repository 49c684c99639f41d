// Limits of the HTTP wire format that both ends must agree on: the host enforces them, the
// typed client shapes its requests by them. A module without imports, so the client (which
// otherwise only takes types from this package) pulls nothing else into a bundle.

/** Request bodies above this are refused with 413 before anything is parsed. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Calls in one batched request. Each call runs its own queries, so an unbounded batch lets one
 * small request cost hundreds of database round trips; tRPC answers more with a 400.
 * The typed client splits its batches at this size.
 */
export const MAX_BATCH_SIZE = 50;
