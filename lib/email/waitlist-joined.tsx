import { Link } from "@react-email/components";
import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { EmailLayout, Heading, Muted, Paragraph } from "./layout";
import { renderEmail, type RenderedEmail, type Translator } from "./render";

export interface WaitlistMailInput {
  appUrl: string;
  name: string;
  event: { name: string; slug: string; timezone: string; country: string };
  ticketType: string;
  quantity: number;
  leaveToken: string;
}

export const leaveUrl = (o: WaitlistMailInput) => `${o.appUrl}/waitlist/leave/${o.leaveToken}`;

/** "Changed your mind? Leave the waiting list." — at the foot of every waiting-list e-mail. */
export function LeaveLink({ t, o, kind }: { t: Translator; o: WaitlistMailInput; kind: "joined" | "offer" }) {
  return (
    <Muted>
      {t.rich(`email.waitlist.leave.${kind}`, {
        link: (c) => (
          <Link href={leaveUrl(o)} style={{ color: "#78716c" }}>
            {c}
          </Link>
        ),
      })}
    </Muted>
  );
}

/** Confirms a place in line, so the buyer knows the offer e-mail is coming and how to leave. */
export function WaitlistJoined({
  t,
  o,
  lang,
}: {
  t: Translator;
  o: WaitlistMailInput & { position: number };
  lang: Locale;
}) {
  return (
    <EmailLayout lang={lang} preview={t("email.waitlist.joinedNext")}>
      <Heading>{t("email.waitlist.joinedHeading")}</Heading>
      <Paragraph>{t("email.common.hello", { name: o.name })}</Paragraph>
      <Paragraph>
        {t.rich("email.waitlist.joinedBody", {
          position: o.position,
          quantity: o.quantity,
          type: o.ticketType,
          event: o.event.name,
          strong: (c) => <strong>{c}</strong>,
        })}
      </Paragraph>
      <Paragraph>{t("email.waitlist.joinedNext")}</Paragraph>
      <LeaveLink t={t} o={o} kind="joined" />
    </EmailLayout>
  );
}

export async function waitlistJoinedEmail(
  o: WaitlistMailInput & { position: number },
  lang: Locale,
): Promise<RenderedEmail> {
  const t = await getTranslator(lang);
  return renderEmail(
    t("email.waitlist.joinedSubject", { event: o.event.name }),
    <WaitlistJoined t={t} o={o} lang={lang} />,
  );
}
