import { Link } from "@react-email/components";
import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { ActionButton, EmailLayout, Muted, Paragraph, linkStyle } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface SignInLinkInput {
  url: string;
  /** How long the link works, rounded to whole minutes. */
  minutes: number;
}

/**
 * The exhibitor portal's sign-in link. The link is the only address in the message: the admin outbox
 * hides every URL of this kind of message (lib/auth/email-signin.ts).
 */
export function SignInLink({ t, o, lang }: { t: Translator; o: SignInLinkInput; lang: Locale }) {
  return (
    <EmailLayout lang={lang} preview={t("email.signIn.button")}>
      <Paragraph>{t("email.common.helloNoName")}</Paragraph>
      <Paragraph>{t("email.signIn.intro")}</Paragraph>
      <ActionButton href={o.url}>{t("email.signIn.button")}</ActionButton>
      <Paragraph style={{ fontSize: "13px" }}>
        {t("email.signIn.fallback")}{" "}
        <Link href={o.url} style={{ ...linkStyle, wordBreak: "break-all" }}>
          {o.url}
        </Link>
      </Paragraph>
      <Muted>{t("email.signIn.expiry", { minutes: o.minutes })}</Muted>
    </EmailLayout>
  );
}

export async function signInLinkEmail(o: SignInLinkInput, lang: Locale): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  return renderEmail(t("email.signIn.subject"), <SignInLink t={t} o={o} lang={lang} />);
}
