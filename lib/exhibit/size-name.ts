import type { Translator } from "../i18n/types";
import { BOOTH_SIZES, type BoothSizeWord } from "./sizes";

/** A booth size in the reader's language ("Standard", "Kawaida"); a size the app does not know is shown as stored. */
export function boothSizeName(t: Translator, size: string): string {
  return (BOOTH_SIZES as readonly string[]).includes(size) ? t(`exhibit.size.${size as BoothSizeWord}`) : size;
}
