// One name for a link everywhere (tables, buttons' accessible names, the activity trail, mail): its label, or for a
// link without one the end of its id ("#v1hsc7"), which tells two unlabelled links apart where "Untitled link" did not.
import { cleanText } from "@/lib/short-text";

/** The link's name as a table or a button shows it: `Client review`, or `#v1hsc7`. */
export function linkTitle(link: { label: string | null; id: string }): string {
  const label = link.label && cleanText(link.label);
  return label || `#${link.id.slice(-6)}`;
}

/** The link's name in a sentence: `"Client review"` (quoted), or `#v1hsc7`. A label stored before the short-text rule is cleaned too. */
export function linkName(link: { label: string | null; id: string }): string {
  const label = link.label && cleanText(link.label);
  return label ? `"${label}"` : `#${link.id.slice(-6)}`;
}
