import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "club.settings.production")

application = get_wsgi_application()

# The places table (about a second to index) is read at start-up rather than by the first member
# who types a town: the autocomplete answers in milliseconds from then on.
from listings import geo  # noqa: E402

geo.warm()
