import { expect, it } from "vitest";
import { isOrderReference, newAccessToken, newOrderReference } from "./reference";

it("makes references that fit M-Pesa's 12-character account field and avoid look-alike characters", () => {
  const refs = new Set(Array.from({ length: 2000 }, newOrderReference));
  expect(refs.size).toBe(2000);
  for (const ref of refs) {
    expect(ref.length).toBeLessThanOrEqual(12);
    expect(ref.slice(2)).not.toMatch(/[01OIL]/);
    expect(isOrderReference(ref)).toBe(true);
  }
  expect(isOrderReference("LG1234")).toBe(false);
  expect(isOrderReference("../etc/passwd")).toBe(false);
});

it("makes unguessable ticket-link tokens", () => {
  expect(newAccessToken()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(newAccessToken()).not.toBe(newAccessToken());
});
