"use client";

import { useTranslations } from "next-intl";
import { BAD_RESPONSE, type ApiError } from "@/lib/http/api-client";

/**
 * What to show for a failed API call, in the page's language. The API's own messages already follow the
 * request's language (lib/http/api.ts); the ones the API client makes up for what never reached the API
 * (offline, a proxy's error page) are English, so they are said here from `common.offline` and
 * `common.serverError` instead.
 */
export function apiErrorMessage(error: ApiError, words: { offline: string; serverError: string }): string {
  if (error.isNetworkError) return words.offline;
  if (error.code === BAD_RESPONSE) return words.serverError;
  return error.message;
}

/** `apiErrorMessage` with the words of the page's language (needs the "common" client messages). */
export function useApiErrorMessage(): (error: ApiError) => string {
  const t = useTranslations("common");
  return (error) => apiErrorMessage(error, { offline: t("offline"), serverError: t("serverError") });
}
