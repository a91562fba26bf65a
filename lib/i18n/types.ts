import type { getTranslator } from "./translator";

/** What `getTranslator` gives: typed keys of the English message file, ICU variables and `t.rich`. */
export type Translator = Awaited<ReturnType<typeof getTranslator>>;
