from importlib import import_module

from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _

# admin.autodiscover() without django-leaflet's admin module, which needs GDAL: the club stores
# approximate points as plain latitude/longitude and never uses GeoDjango.
for config in apps.get_app_configs():
    if config.name != "leaflet" and module_has_submodule(config.module, "admin"):
        import_module(f"{config.name}.admin")

admin.site.site_header = _("Le Club · administration")
admin.site.site_title = _("Le Club")
admin.site.index_title = _("Modération et pilotage")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# French pages have no prefix, English ones live under /en/.
urlpatterns += i18n_patterns(
    path("", include("venue.urls")),
    path("comptes/", include("allauth.urls")),
    path("compte/", include("members.urls")),
    path("annonces/", include("listings.urls")),
    path("messages/", include("listings.conversation_urls")),
    path("agenda/", include("events.urls")),
    prefix_default_language=False,
)
