import { expect, it } from "vitest";
import { gatewayLabel } from "./labels";

it("names gateways as buyers know them", () => {
  expect(gatewayLabel("daraja")).toBe("M-Pesa");
  expect(gatewayLabel("mtn-momo")).toBe("MTN MoMo");
  expect(gatewayLabel("something-new")).toBe("something-new");
});
