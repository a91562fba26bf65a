import { Body, Button, Container, Head, Html, Img, Preview, Section, Text } from "@react-email/components";
import type { CSSProperties, ReactNode } from "react";
import type { Locale } from "../i18n/config";

/** Lango's green: links and buttons keep a 4.5:1 contrast on white. */
export const GREEN = "#0b6e3f";
const INK = "#1c1917";
const MUTED = "#78716c";

const body: CSSProperties = {
  margin: 0,
  backgroundColor: "#f5f5f4",
  fontFamily: "-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif",
  color: INK,
};
// One narrow column: Gmail on a phone shows it edge to edge, a desktop client centred at 520 px.
const column: CSSProperties = {
  maxWidth: "520px",
  width: "100%",
  backgroundColor: "#ffffff",
  borderRadius: "12px",
  padding: "20px",
};

/**
 * The frame of every e-mail: a preview line for the inbox list, the brand, the event's picture when there
 * is one, and the message. React Email turns it into the nested tables and inline styles that Gmail and
 * Outlook keep (they drop <style> sheets and flexbox).
 */
export function EmailLayout(props: {
  lang: Locale;
  preview: string;
  imageUrl?: string | null;
  imageAlt?: string;
  children: ReactNode;
}) {
  return (
    <Html lang={props.lang}>
      <Head>
        <meta name="viewport" content="width=device-width" />
      </Head>
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={{ padding: "16px 8px", maxWidth: "560px" }}>
          <Section style={column}>
            <Text style={{ margin: "0 0 12px", fontWeight: 700, color: GREEN, fontSize: "18px" }}>Lango</Text>
            {props.imageUrl ? (
              <Img
                src={props.imageUrl}
                alt={props.imageAlt ?? ""}
                width="480"
                style={{ width: "100%", maxWidth: "480px", height: "auto", borderRadius: "8px", margin: "0 0 12px" }}
              />
            ) : null}
            {props.children}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function Heading({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "20px", lineHeight: "26px", fontWeight: 700, margin: "0 0 8px" }}>{children}</Text>;
}

export function Paragraph({ children, style }: { children: ReactNode; style?: CSSProperties }) {
  return <Text style={{ margin: "0 0 12px", fontSize: "15px", lineHeight: "22px", ...style }}>{children}</Text>;
}

export function Muted({ children }: { children: ReactNode }) {
  return (
    <Paragraph style={{ margin: "12px 0 0", color: MUTED, fontSize: "13px", lineHeight: "18px" }}>{children}</Paragraph>
  );
}

/** A link that looks like a button in every client, Outlook included (React Email pads it with tables). */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "16px 0" }}>
      <Button
        href={href}
        style={{
          backgroundColor: GREEN,
          color: "#ffffff",
          padding: "12px 18px",
          borderRadius: "8px",
          textDecoration: "none",
          fontWeight: 600,
          fontSize: "15px",
        }}
      >
        {children}
      </Button>
    </Section>
  );
}

export const linkStyle: CSSProperties = { color: GREEN };
