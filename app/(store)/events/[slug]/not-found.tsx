import { useTranslations } from "next-intl";
import { ButtonLink } from "@/components/ui/button";

export default function EventNotFound() {
  const t = useTranslations("store.event");
  const common = useTranslations("common");
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">{t("notFoundTitle")}</h1>
      <p className="mt-2 text-stone-700">{t("notFoundBody")}</p>
      <ButtonLink href="/" variant="secondary" className="mt-4">
        {common("seeUpcoming")}
      </ButtonLink>
    </div>
  );
}
