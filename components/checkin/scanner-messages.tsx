"use client";

import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import type { ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";

/**
 * The scanner's words, handed to the client with the page: the service worker keeps the page, so a phone
 * that reloads at a gate without network still reads "Admitted" or "Ameingia", not message keys.
 */
export function ScannerMessages(props: { locale: Locale; messages: AbstractIntlMessages; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={props.locale} messages={props.messages} timeZone="UTC">
      {props.children}
    </NextIntlClientProvider>
  );
}
