from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView

from club import health
from club import views as club_views
from events import views as events_views
from insights import views as insights_views
from members.headless import manage_phone

# admin.autodiscover() without django-leaflet's admin module, which needs GDAL: the club stores
# approximate points as plain latitude/longitude and never uses GeoDjango.
for config in apps.get_app_configs():
    if config.name != "leaflet" and module_has_submodule(config.module, "admin"):
        import_module(f"{config.name}.admin")

admin.site.site_header = _("Le Club · administration")
admin.site.site_title = _("Le Club")
admin.site.index_title = _("Modération et pilotage")

handler500 = "club.views.server_error"
handler404 = "club.views.page_not_found"

urlpatterns = [
    path("", include("club.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", club_views.ApiDocs.as_view(url_name="api-schema"), name="api-docs"),
    # django-allauth headless: sign-up, login, e-mail verification, password reset for the app.
    # Before it, the one view of it that must be corrected (members/headless.py).
    path("_allauth/app/v1/account/phone", manage_phone, name="headless_app_manage_phone"),
    path("_allauth/", include("allauth.headless.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("langue/", club_views.language_switch, name="language_switch"),
    # Health checks (club/health.py): for the load balancer, the deploy and monitoring.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Staff log in through the site's login, which is rate-limited, then come back to the admin.
    path("admin/login/", club_views.admin_login, name="admin_login"),
    # The calendar feed has one address whatever the language, for calendar apps to subscribe to.
    path("agenda.ics", events_views.agenda_feed, name="agenda_feed"),
    path("admin/tableau-de-bord/", admin.site.admin_view(insights_views.dashboard), name="insights_dashboard"),
    path("admin/", admin.site.urls),
]

# French pages have no prefix, English ones live under /en/.
urlpatterns += i18n_patterns(
    path("", include("venue.urls")),
    path("comptes/", include("allauth.urls")),
    path("compte/", include("members.urls")),
    path("annonces/", include("listings.urls")),
    path("messages/", include("messaging.urls")),
    path("echanges/", include("exchanges.calendar_urls")),
    path("echanges/", include("exchanges.urls")),
    path("agenda/", include("events.urls")),
    path("alertes/", include("alerts.urls")),
    path("groupes/", include("community.urls")),
    path("propositions/", include("community.proposal_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    # `make run` only: the public images (event pictures, partner logos and their thumbnails).
    # Nothing else under MEDIA_ROOT is public: annonce photos go through the wall's own view. In
    # production the web server serves these two folders and nothing else of MEDIA_ROOT.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(r"^media/(?P<path>(?:events|partners)/[^/]+)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
