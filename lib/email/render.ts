import { render } from "@react-email/render";
import type { ReactElement } from "react";
import type { Translator } from "../i18n/types";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export type { Translator };

/**
 * One component, two parts: the HTML and the plain-text alternative are rendered from the same tree, so
 * they cannot drift apart (a fact added to one is in both). Links keep their address in the text part.
 */
export async function renderEmail(subject: string, element: ReactElement): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject, html, text: text.trim() };
}

/** For the few HTML strings still written by hand (the outbox's text-only fallback). */
export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
