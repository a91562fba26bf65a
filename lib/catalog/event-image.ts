import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "../db/client";
import { AppError, invalid } from "../errors";
import { catalogChange } from "./catalog-cache";

/** Large enough for a sharp 1200×630 photo, small enough for a link preview on a phone data plan. */
export const MAX_EVENT_IMAGE_BYTES = 2 * 1024 * 1024;

const KINDS = [
  {
    type: "image/png",
    ext: "png",
    magic: (b: Uint8Array) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { type: "image/jpeg", ext: "jpg", magic: (b: Uint8Array) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    type: "image/webp",
    ext: "webp",
    magic: (b: Uint8Array) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b, 8, 12) === "WEBP",
  },
] as const;

function startsWith(b: Uint8Array, prefix: number[]): boolean {
  return b.length >= prefix.length && prefix.every((v, i) => b[i] === v);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

/**
 * The image's type as its bytes say. The browser's claim is not trusted, and SVG is refused: it can
 * carry script, and link previews (WhatsApp, Facebook) do not show it anyway.
 */
export function sniffImage(bytes: Uint8Array): (typeof KINDS)[number] | null {
  return KINDS.find((k) => k.magic(bytes)) ?? null;
}

/** The stable URL of an uploaded image: the hash changes with the bytes, so it can be cached for good. */
export function eventImagePath(eventId: string, hash: string, ext: string): string {
  return `/media/events/${eventId}/${hash}.${ext}`;
}

/** Refuses anything but a PNG, JPEG or WebP of at most MAX_EVENT_IMAGE_BYTES, with the reason on the field. */
export function checkEventImage(bytes: Uint8Array): (typeof KINDS)[number] {
  if (bytes.length > MAX_EVENT_IMAGE_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toFixed(1);
    throw invalid("The image is too large.", {
      image: `This image is ${mb} MB; use one of at most ${MAX_EVENT_IMAGE_BYTES / 1024 / 1024} MB (1200×630 pixels is ideal).`,
    });
  }
  const kind = sniffImage(bytes);
  if (!kind) throw invalid("The image is not a picture we can use.", { image: "Upload a PNG, JPEG or WebP image." });
  return kind;
}

/** Stores an uploaded picture for the event (replacing any earlier one) and points the event at it. */
export async function storeEventImage(db: Db, eventId: string, bytes: Uint8Array): Promise<string> {
  const kind = checkEventImage(bytes);
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const url = eventImagePath(eventId, hash, kind.ext);
  await catalogChange(
    db.$transaction([
      // Raw SQL with the bytes as base64: Prisma hands Bytes to driver adapters as base64 text, which
      // @prisma/adapter-pg decodes but pglite-prisma-adapter 0.6 passes on as is (PGlite then refuses it).
      db.$executeRaw`
        INSERT INTO "EventImage" ("eventId", "contentType", "bytes", "hash")
        VALUES (${eventId}, ${kind.type}, decode(${Buffer.from(bytes).toString("base64")}, 'base64'), ${hash})
        ON CONFLICT ("eventId") DO UPDATE
          SET "contentType" = EXCLUDED."contentType", "bytes" = EXCLUDED."bytes", "hash" = EXCLUDED."hash",
              "createdAt" = now()`,
      db.event.update({ where: { id: eventId }, data: { imageUrl: url } }),
    ]),
  );
  return url;
}

/** Takes the event's picture away (an uploaded one is deleted; a demo or external URL is only unlinked). */
export async function removeEventImage(db: Db, eventId: string): Promise<void> {
  await catalogChange(
    db.$transaction([
      db.eventImage.deleteMany({ where: { eventId } }),
      db.event.update({ where: { id: eventId }, data: { imageUrl: null } }),
    ]),
  );
}

/** The bytes behind a /media/events/{eventId}/{hash}.{ext} URL, only while that is still the event's image. */
export async function readEventImage(
  db: Db,
  eventId: string,
  file: string,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  const gone = new AppError("not_found", "There is no such image.");
  const m = /^([0-9a-f]{16})\.(png|jpg|webp)$/.exec(file);
  if (!m || eventId.length > 64) throw gone;
  const image = await db.eventImage.findUnique({ where: { eventId } });
  if (!image || image.hash !== m[1] || KINDS.find((k) => k.type === image.contentType)?.ext !== m[2]) throw gone;
  return { bytes: image.bytes, contentType: image.contentType };
}

/** An event picture's URL as a link preview needs it: absolute, on the app's public address. */
export function absoluteImageUrl(imageUrl: string, appUrl: string): string {
  return new URL(imageUrl, `${appUrl.replace(/\/+$/, "")}/`).toString();
}
