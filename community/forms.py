from django import forms
from django.utils.translation import gettext_lazy as _

from listings.photos import prepare_photo

from .models import Access, Group, Notify, ReportReason


class GroupForm(forms.ModelForm):
    """A group's presentation. The picture is checked by its content and re-encoded
    (listings.photos.prepare_photo); `cleaned_data["picture"]` is then a CleanPhoto or None."""

    picture = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG ou WebP. Elle est vue par les membres du Club."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Group
        fields = ["name", "description", "place", "access"]
        widgets = {
            "access": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].choices = Access.choices
        self.fields["name"].widget.attrs["placeholder"] = _("Jardiniers du 11e")

    def clean_picture(self):
        upload = self.cleaned_data.get("picture")
        return prepare_photo(upload) if upload else None


class PostForm(forms.Form):
    text = forms.CharField(
        label=_("Votre message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Texte seul ; les liens deviennent cliquables."),
    )


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Votre réponse"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class PostReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif"), choices=ReportReason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Précisions"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(label=_("E-mails de ce groupe"), choices=Notify.choices, widget=forms.RadioSelect)


class ShareForm(forms.Form):
    listing = forms.ModelChoiceField(label=_("Une de mes annonces"), queryset=None, empty_label=None)

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = listings


class GroupSearchForm(forms.Form):
    q = forms.CharField(label=_("Nom"), required=False, max_length=80)
    lieu = forms.CharField(label=_("Lieu"), required=False, max_length=80)


class ListingGroupsForm(forms.Form):
    """The groups its author shares an annonce with (checked: shared), from the annonce's page."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Partager avec mes groupes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups
