import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { Providers } from "@/components/api/providers";
import { AreaLink } from "@/components/ui/area-link";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Lango — event tickets", template: "%s · Lango" },
  description:
    "Tickets and exhibition booths for events in East and Southern Africa, paid with M-Pesa, mobile money or card.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f8a4f" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <header className="border-b border-stone-200 bg-white">
          <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-brand-700">
              Lango
            </Link>
            <div className="flex items-center gap-4">
              <AreaLink />
              <Link
                href="/tickets"
                prefetch={false}
                className="text-sm font-medium text-stone-700 hover:text-brand-700"
              >
                Find my tickets
              </Link>
            </div>
          </div>
        </header>
        <main className="mx-auto max-w-3xl px-4 pb-16 pt-4">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
