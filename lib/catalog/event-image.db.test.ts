import { readFileSync } from "node:fs";
import { beforeAll, expect, it } from "vitest";
import { GET } from "@/app/media/events/[eventId]/[file]/route";
import { useDatabase, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { absoluteImageUrl, MAX_EVENT_IMAGE_BYTES, removeEventImage, storeEventImage } from "./event-image";
import { getEventDetail } from "./events";

const png = new Uint8Array(readFileSync("public/images/events/nairobi-tech-summit.png"));
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

async function fetchImage(url: string): Promise<Response> {
  const [, , , eventId, file] = new URL(url, "http://localhost").pathname.split("/");
  return GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ eventId, file }) });
}

async function refusal(work: Promise<unknown>): Promise<AppError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describeEachDatabase("issue 17: event pictures uploaded in the admin", (database) => {
  const db = (): Db => database().prisma;
  let eventId: string;
  const slug = "nairobi-tech-summit";

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    eventId = (await db().event.findUniqueOrThrow({ where: { slug } })).id;
  });

  it("the demo events ship a picture from public/, and the page's copy names it", async () => {
    expect((await getEventDetail(db(), slug)).imageUrl).toBe("/images/events/nairobi-tech-summit.png");
    expect(absoluteImageUrl("/images/events/x.png", "https://tickets.example.com/")).toBe(
      "https://tickets.example.com/images/events/x.png",
    );
    expect(absoluteImageUrl("https://cdn.example.com/a.jpg", "https://tickets.example.com")).toBe(
      "https://cdn.example.com/a.jpg",
    );
  });

  it("an upload is stored, the event points at a URL named by its hash, served for a year", async () => {
    const url = await storeEventImage(db(), eventId, png);
    expect(url).toMatch(new RegExp(`^/media/events/${eventId}/[0-9a-f]{16}\\.png$`));
    // The admin's change shows at once on the (cached) event page.
    expect((await getEventDetail(db(), slug)).imageUrl).toBe(url);

    const res = await fetchImage(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png);

    // A new picture is a new URL; the old one is gone rather than showing the new bytes under an old name.
    const next = await storeEventImage(db(), eventId, jpeg);
    expect(next).toMatch(/\.jpg$/);
    expect(next).not.toBe(url);
    expect((await fetchImage(url)).status).toBe(404);
    const served = await fetchImage(next);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
  });

  it("refuses what is not a PNG, JPEG or WebP by its bytes, and what is too large, on the image field", async () => {
    const before = (await db().event.findUniqueOrThrow({ where: { id: eventId } })).imageUrl;
    const notImage = await refusal(storeEventImage(db(), eventId, svg));
    expect(notImage.status).toBe(400);
    expect(notImage.fields?.image).toMatch(/PNG, JPEG or WebP/);
    const big = new Uint8Array(MAX_EVENT_IMAGE_BYTES + 1);
    big.set(png.subarray(0, 8));
    const tooLarge = await refusal(storeEventImage(db(), eventId, big));
    expect(tooLarge.fields?.image).toMatch(/at most 2 MB/);
    expect((await db().event.findUniqueOrThrow({ where: { id: eventId } })).imageUrl).toBe(before);
  });

  it("answers 404, not 500, for made-up or malformed image URLs", async () => {
    for (const file of ["0123456789abcdef.png", "../../etc/passwd", "x.svg", ""]) {
      const res = await GET(new Request("http://localhost/media"), {
        params: Promise.resolve({ eventId, file }),
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("removing the picture deletes the upload and leaves the page without one", async () => {
    const url = await storeEventImage(db(), eventId, png);
    await removeEventImage(db(), eventId);
    expect((await getEventDetail(db(), slug)).imageUrl).toBeNull();
    expect((await fetchImage(url)).status).toBe(404);
  });
});
