"""`manage.py import_partner_feeds [slug …]`: read the partners' feeds now, one after the other,
and say what each gave. A failing feed is reported and the others go on."""

from django.core.management.base import BaseCommand, CommandError

from venue import services
from venue.selectors import partners_with_feeds


class Command(BaseCommand):
    help = "Importe maintenant les offres des flux des partenaires (tous, ou ceux dont on donne l'identifiant)."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="identifiants des partenaires (tous par défaut)")

    def handle(self, *args, slugs, **options):
        partners = partners_with_feeds()
        if slugs:
            partners = partners.filter(slug__in=slugs)
            missing = set(slugs) - set(partners.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Partenaire sans flux ou inconnu : {', '.join(sorted(missing))}")
        failures = 0
        for partner in partners:
            result = services.partner_feed_import(partner=partner)
            if not result.ok:
                failures += 1
                self.stderr.write(f"{partner.slug} : {result.error}")
            elif result.not_modified:
                self.stdout.write(f"{partner.slug} : inchangé (304)")
            else:
                self.stdout.write(
                    f"{partner.slug} : {result.created} nouvelle(s), {result.updated} mise(s) à jour, "
                    f"{result.removed} retirée(s)"
                )
        if failures:
            self.stderr.write(f"{failures} flux en erreur")
