import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from members.models import RosterEntry, User, VerificationStatus

PASSWORD = "a-Strong-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    """An account with a confirmed e-mail address that is not (yet) a verified sociétaire."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def display_name(user, create, extracted, **kwargs):
        user.save()
        user.profile.display_name = extracted or f"Membre {user.pk}"
        user.profile.save()
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class RosterEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterEntry

    number = factory.Sequence(lambda n: f"S{2000000 + n}")
    last_name = factory.Faker("last_name", locale="fr_FR")
    postcode = "75011"
    active = True


class VerifiedMemberFactory(UserFactory):
    """A sociétaire verified against a roster row of their own."""

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        entry = RosterEntryFactory()
        profile = user.profile
        profile.verification_status = VerificationStatus.VERIFIED
        profile.verification_decided_at = timezone.now()
        profile.roster_entry = entry
        profile.societaire_number = entry.number
        profile.postcode = entry.postcode
        profile.city = "Paris"
        profile.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True
