// The input of the token forms: the settings form and the actions parse the same schemas. Safe for the browser.
import { z } from "zod";
import { SCOPE_NAMES, TOKEN_LIFETIMES, type Scope } from "./scopes";

export const createTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token: what will use it?")
    .max(80, "Keep the name under 80 characters.")
    .refine((name) => !/[\u0000-\u001f\u007f]/.test(name), "The name cannot hold control characters."),
  scopes: z
    .array(z.enum(SCOPE_NAMES as [Scope, ...Scope[]]))
    .min(1, "Choose at least one scope.")
    .max(SCOPE_NAMES.length),
  // Days, or "never".
  lifetime: z.enum(TOKEN_LIFETIMES.map((days) => (days === null ? "never" : String(days))) as [string, ...string[]], {
    error: "Choose when the token expires.",
  }),
});
export type CreateTokenInput = z.input<typeof createTokenSchema>;

export const tokenIdSchema = z.object({ tokenId: z.string().min(1).max(64) });
