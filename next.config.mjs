import createNextIntlPlugin from "next-intl/plugin";

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Strict-Transport-Security depends on the APP_URL the app runs with, not the one it was built with:
  // proxy.ts sets it per request.
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // DPO's API URL ends in a slash (/API/v6/); a redirect would cost every call a round trip.
  skipTrailingSlashRedirect: true,
  // PGlite loads its .wasm/.data files from its package folder: keep it (and its Prisma adapter) unbundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg"],
  experimental: {
    // Next keeps a copy of every body that passes through proxy.ts (form posts and server actions only,
    // see its matcher), 10 MB by default; server actions take what serverActions allows, so that is all
    // worth keeping.
    proxyClientMaxBodySize: "3mb",
    // An event image upload is at most 2 MB (lib/catalog/event-image.ts), plus the form's other fields.
    serverActions: { bodySizeLimit: "3mb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

// next-intl without locale segments in the URL: i18n/request.ts reads the language proxy.ts chose.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

export default withNextIntl(nextConfig);
