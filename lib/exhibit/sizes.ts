/** Booth sizes as exhibitors read them, in the order the legend and filter list them. */
export type BoothSizeWord = "standard" | "premium" | "corner";

export const BOOTH_SIZES: readonly BoothSizeWord[] = ["standard", "premium", "corner"];

export const SIZE_LABEL: Record<BoothSizeWord, string> = {
  standard: "Standard",
  premium: "Premium",
  corner: "Corner",
};

export function sizeLabel(size: string): string {
  return SIZE_LABEL[size as BoothSizeWord] ?? size;
}

/** "4 × 4 m": booth geometry is stored in metres. */
export function dimensions(width: number, height: number): string {
  const m = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${m(width)} × ${m(height)} m`;
}
