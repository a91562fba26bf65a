import { describe, expect, it } from "vitest";
import { refuseUnreadableForm } from "./form-guard";

const post = (body: BodyInit, contentType: string) => new Request("http://lango.test/admin/orders", { method: "POST", headers: { "content-type": contentType }, body });

describe("refuseUnreadableForm", () => {
  it("answers 400 with a code when a body claims to be multipart and is not", async () => {
    const refused = await refuseUnreadableForm(post('{"toString":{"constructor":{}}}', "multipart/form-data; boundary=x"));
    expect(refused?.status).toBe(400);
    expect(await refused?.json()).toEqual({ error: { code: "invalid_form", message: expect.stringMatching(/could not be read/) } });
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
    expect(await refuseUnreadableForm(new Request("http://lango.test/", { method: "GET", headers: { "content-type": "multipart/form-data" } }))).toBeNull();
  });
});
