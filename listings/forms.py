"""Forms of the annonces pages. The annonce form is built for one category: its extra fields come
from the registry in categories.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from . import geo
from .models import MAX_PHOTOS, Kind, Listing, ListingPhoto, Report, ReportReason
from .photos import prepare_photo
from .place_views import COMBOBOX_POSTCODE
from .services import NEGATIVE_PRICE, not_its_photos


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files at once; each is checked by content and re-encoded (photos.prepare_photo).
    Errors name the refused file, next to the field; the other fields keep their values."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        errors, photos = [], []
        for upload in uploads:
            try:
                photos.append(prepare_photo(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return photos


class PhotosToRemoveField(forms.ModelMultipleChoiceField):
    """The annonce's photos to remove. Ids that are not its photos are all named in one error
    (Django names the first one only)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
        known = {str(pk) for pk in self.queryset.values_list("pk", flat=True)}
        raise not_its_photos(pk for pk in value if str(pk) not in known)


# The places autocomplete (static/js/places.js) enhances the field: type a postcode or a town,
# choose, and the postcode (and the commune, in `city`) are filled.
PLACE_COMBOBOX_ATTRS = {**COMBOBOX_POSTCODE, "size": 10}


class ListingForm(forms.ModelForm):
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    photos = PhotosField(
        label=_("Photos"),
        help_text=_(
            "Jusqu'à 6 photos JPEG, PNG ou WebP, 10 Mo chacune au plus. Leurs données de localisation sont retirées."
        ),
        widget=MultipleFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp",
                # static/js/photo-preview.js shows the chosen photos before upload, in these words.
                "data-photo-preview": "",
                "data-preview-label": _("Vos photos, envoyées quand vous enregistrez :"),
                "data-preview-alt": _("Aperçu de {name}"),
                "data-preview-remove": _("Retirer"),
                "data-preview-remove-label": _("photo {name}"),
                "data-preview-removed": _("Photo {name} retirée."),
                "data-preview-count-one": _("{n} photo choisie."),
                "data-preview-count-many": _("{n} photos choisies."),
            }
        ),
    )
    remove_photos = PhotosToRemoveField(
        label=_("Photos à retirer"),
        queryset=ListingPhoto.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Listing
        fields = ["kind", "title", "description", "price", "postcode", "city", "available_from", "available_until"]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 8}),
            "available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "available_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "postcode": forms.TextInput(attrs=PLACE_COMBOBOX_ATTRS),
            "price": forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
        }
        help_texts = {
            "title": _("Court et précis, par exemple « Perceuse à percussion Bosch »."),
            "description": _("Texte simple ; les retours à la ligne sont conservés."),
            "price": _("Laissez vide si c'est gratuit."),
            "city": _("Utile si plusieurs communes partagent ce code postal."),
            "postcode": _("Seul un point approximatif (à 1 km près) sera visible, jamais votre adresse."),
        }

    def __init__(self, *args, category, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        schema = category.schema_def
        self.fields["kind"].choices = Kind.choices
        self.fields["city"].required = False
        self.fields["postcode"].required = False  # « me géolocaliser » may stand in for it (see clean)
        # A town name may be typed instead of a postcode (geo.resolve_place reads it in clean).
        self.fields["postcode"].max_length = 100
        self.fields["postcode"].validators = []
        self.fields["postcode"].widget.attrs.pop("maxlength", None)
        self.looks_required = {"postcode"}
        if category.is_free:
            del self.fields["price"]
        else:
            # Said on the field, before the database's constraint would name itself at the top.
            self.fields["price"].validators.append(MinValueValidator(0, message=NEGATIVE_PRICE))
        if not schema.has_availability:
            del self.fields["available_from"], self.fields["available_until"]
        elif schema.availability_required:
            self.fields["available_from"].required = True
        self.extra_names = []
        for extra in schema.fields:
            self.fields[extra.name] = extra.form_field()
            self.extra_names.append(extra.name)
            if self.instance.pk:
                self.initial.setdefault(extra.name, extra.from_json(self.instance.details.get(extra.name)))
        if self.instance.pk:
            self.fields["remove_photos"].queryset = self.instance.photos.all()
        else:
            del self.fields["remove_photos"]

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        data = super().clean()
        lat, lng, postcode = data.get("lat"), data.get("lng"), (data.get("postcode") or "").replace(" ", "")
        if lat is not None and lng is not None and not postcode:
            place = geo.nearest_place(lat, lng)
            data["postcode"], data["city"] = place.postcode, place.name
        elif postcode:
            if postcode.isdigit():
                place = geo.place_for_postcode(postcode, data.get("city"))
            else:  # a town name, « 93200 Saint-Denis »…: the search's resolver
                place = geo.resolve_place(data.get("postcode")).place
            if place is None or not place.postcode:
                self.add_error("postcode", _("Ce code postal ou cette commune est inconnu."))
            else:
                data["postcode"], data["city"] = place.postcode, place.name
                data["lat"] = data["lng"] = None  # a typed postcode wins over an old position
        elif "postcode" not in self.errors:
            self.add_error("postcode", _("Indiquez un code postal ou utilisez « Me géolocaliser »."))
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("La fin de disponibilité doit suivre son début."))
        kept = (
            len(self.fields["remove_photos"].queryset) - len(data.get("remove_photos") or []) if self.instance.pk else 0
        )
        if kept + len(data.get("photos") or []) > MAX_PHOTOS:
            self.add_error("photos", _("6 photos au plus par annonce."))
        return data

    def service_kwargs(self) -> dict:
        """What services.listing_create / listing_update take."""
        data = self.cleaned_data
        kwargs = {name: data.get(name) for name in ["kind", "title", "description", "postcode", "city", "lat", "lng"]}
        kwargs["price"] = data.get("price") if "price" in self.fields else None
        if "available_from" in self.fields:
            kwargs["available_from"] = data.get("available_from")
            kwargs["available_until"] = data.get("available_until")
        schema = self.category.schema_def
        kwargs["details"] = {extra.name: extra.to_json(data.get(extra.name)) for extra in schema.fields}
        kwargs["photos"] = data.get("photos") or []
        return kwargs


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "text"]
        widgets = {"reason": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}
        labels = {"reason": _("Motif"), "text": _("Précisions (facultatif)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = ReportReason.choices
