"use client";

import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";

/**
 * Client components' words, handed over with the page: only the namespaces a page's client components
 * use (the scanner's, the booking form's), not the whole file. The scanner's service worker keeps the page,
 * so a phone that reloads at a gate without network still reads "Ameingia", not message keys.
 */
export function ClientMessages(props: { locale: Locale; messages: AbstractIntlMessages; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={props.locale} messages={props.messages} timeZone="UTC">
      {props.children}
    </NextIntlClientProvider>
  );
}
