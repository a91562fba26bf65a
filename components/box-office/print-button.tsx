"use client";

import { Button } from "@/components/ui/button";

export function PrintButton() {
  return (
    <Button className="no-print mt-3 min-h-14 w-full text-lg" onClick={() => window.print()}>
      Print receipt
    </Button>
  );
}
