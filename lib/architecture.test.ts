import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The import zones of eslint.config.mjs (issue 13: "make the rules mechanical"), run through the real
 * config on small files placed inside each zone: every forbidden import is reported, however it is spelt
 * (relative, `@/` alias, dynamic), and the imports each zone legitimately needs are not.
 */
const root = path.resolve(import.meta.dirname, "..");
let eslint: ESLint;

// The first lint builds the TypeScript program behind the typed rules (seconds on a busy machine): done
// here, once, so no single case carries that cost against its own timeout.
beforeAll(async () => {
  eslint = new ESLint({ cwd: root });
  await eslint.lintText("export {};\n", { filePath: path.join(root, "lib/zone-probe.ts") });
}, 120_000);

async function zoneErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

const cases: Array<{ zone: string; file: string; forbidden: string[]; allowed: string[] }> = [
  {
    zone: "lib never imports app/ or components/",
    file: "lib/orders/zone-probe.ts",
    forbidden: [
      `import { POST } from "@/app/api/orders/route";`,
      `import { POST } from "../../app/api/orders/route";`,
      `import * as ui from "@/components/ui/button";`,
    ],
    allowed: [`import { settleOrderPaid } from "./settle";`, `import { formatMoney } from "@/lib/money";`],
  },
  {
    zone: "the payments core never imports email, tickets or exhibit",
    file: "lib/payments/zone-probe.ts",
    forbidden: [
      `import { queueRefundNoticeInTx } from "../email/notices";`,
      `import { revokeTicketsInTx } from "@/lib/tickets/revoke";`,
      `import * as portal from "../exhibit/portal";`,
    ],
    allowed: [`import { settleOrderPaid } from "../orders/settle";`, `import type { Db } from "../db/client";`],
  },
  {
    zone: "gateways never import simulators or the database client",
    file: "lib/payments/gateways/dpo/zone-probe.ts",
    forbidden: [
      `import { handleDpo } from "../../../simulators/dpo";`,
      `import type { DpoPayment } from "@/lib/simulators/dpo/state";`,
      `import { getDb } from "@/lib/db/client";`,
      `export async function f() { return import("../../../db/client"); }`,
    ],
    allowed: [`import type { Gateway } from "../../types";`, `import { formatMoney } from "../../../money";`],
  },
  {
    zone: "simulators never import payments",
    file: "lib/simulators/dpo/zone-probe.ts",
    forbidden: [
      `import { dpoGateway } from "../../payments/gateways/dpo";`,
      `import type { Gateway } from "@/lib/payments/types";`,
    ],
    allowed: [`import { simState } from "../store";`, `import { ksherSideKeys } from "../../sandbox-accounts/ksher";`],
  },
];

describe("import zones (eslint.config.mjs)", () => {
  for (const c of cases) {
    describe(c.zone, () => {
      it.each(c.forbidden)("reports %s", async (code) => {
        expect(await zoneErrors(c.file, code)).toHaveLength(1);
      });
      it.each(c.allowed)("allows %s", async (code) => {
        expect(await zoneErrors(c.file, code)).toEqual([]);
      });
    });
  }

  it("lets tests cross zones: they drive routes end to end and run adapters against simulators", async () => {
    const code = `import { POST } from "@/app/api/orders/route";\nimport { handleDpo } from "../../../simulators/dpo";`;
    expect(await zoneErrors("lib/payments/gateways/dpo/zone-probe.test.ts", code)).toEqual([]);
  });
});
