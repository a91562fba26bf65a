import { connection } from "next/server";
import Link from "next/link";
import { getTranslations } from "next-intl/server";

/**
 * Rendered per request (not at build time) so its scripts carry the request's CSP nonce; a prebuilt
 * 404 page would have its scripts blocked.
 */
export default async function NotFound() {
  await connection();
  const t = await getTranslations("common");
  return (
    <div className="space-y-3 py-8 text-center">
      <h1 className="text-xl font-bold">{t("notFound.title")}</h1>
      <p className="text-stone-700">{t("notFound.body")}</p>
      <Link href="/" className="font-medium text-brand-700 underline">
        {t("seeUpcoming")}
      </Link>
    </div>
  );
}
