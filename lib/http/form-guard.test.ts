import { describe, expect, it } from "vitest";
import { refuseUnreadableForm } from "./form-guard";

const post = (body: BodyInit, contentType: string) =>
  new Request("http://lango.test/admin/orders", { method: "POST", headers: { "content-type": contentType }, body });

describe("refuseUnreadableForm", () => {
  it("answers 400 with a code when a body claims to be multipart and is not", async () => {
    const refused = await refuseUnreadableForm(
      post('{"toString":{"constructor":{}}}', "multipart/form-data; boundary=x"),
    );
    expect(refused?.status).toBe(400);
    expect(await refused?.json()).toEqual({
      error: { code: "invalid_form", message: expect.stringMatching(/could not be read/) },
    });
    expect((await refuseUnreadableForm(post("", "multipart/form-data")))?.status).toBe(400);
  });

  it("lets a real form through, with its body still readable by the action", async () => {
    const form = new FormData();
    form.set("reason", "Buyer asked");
    const req = new Request("http://lango.test/admin/orders/LG1", { method: "POST", body: form });
    expect(req.headers.get("content-type")).toMatch(/^multipart\/form-data; boundary=/);
    expect(await refuseUnreadableForm(req)).toBeNull();
    expect((await req.formData()).get("reason")).toBe("Buyer asked");
  });

  it("leaves everything that is not a multipart POST alone", async () => {
    expect(await refuseUnreadableForm(post('{"a":1}', "application/json"))).toBeNull();
    expect(
      await refuseUnreadableForm(
        new Request("http://lango.test/", { method: "GET", headers: { "content-type": "multipart/form-data" } }),
      ),
    ).toBeNull();
  });

  it("pentest 12.5: refuses a form declaring more than Next's 1 MB action limit without reading it", async () => {
    let pulled = 0;
    const body = new ReadableStream({
      // 4 MB actually sent of the 100 MB declared: enough to see whether anything reads it.
      pull(controller) {
        if (++pulled > 64) controller.close();
        else controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const req = new Request("http://lango.test/admin/events/new", {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(100 * 1024 * 1024) },
      body,
      duplex: "half",
    } as RequestInit);
    const refused = await refuseUnreadableForm(req);
    expect(refused?.status).toBe(413);
    expect((await refused?.json()).error.code).toBe("payload_too_large");
    expect(pulled).toBeLessThanOrEqual(1);
  });
});
