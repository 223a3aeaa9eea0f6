import { z } from "zod";

/**
 * Strings the server stores in a column of its own (accounts, tokens, invitations). PostgreSQL text cannot
 * hold NUL, so one would fail the insert (a 500) instead of being refused as invalid (a 400); no name or
 * address has a reason to contain one.
 */
export const storedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes("\u0000"), "no NUL characters");

/** The server's own ids (accounts, API tokens): UUIDs, refused early when malformed. */
export const uuidParam = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, "a well-formed id");
