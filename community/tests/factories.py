import factory
from django.utils import timezone

from community.models import Access, Group, Membership, MembershipStatus, Post, Role
from members.tests.factories import VerifiedMemberFactory


class GroupFactory(factory.django.DjangoModelFactory):
    """An open group; its founder is an active admin (made by the post-generation hook)."""

    class Meta:
        model = Group
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupe numéro {n}")
    description = "Un groupe de voisins."
    place = "Paris 11e"
    access = Access.OPEN
    founder = factory.SubFactory(VerifiedMemberFactory)

    @factory.post_generation
    def founder_membership(group, create, extracted, **kwargs):
        if create:
            Membership.objects.create(
                group=group,
                user=group.founder,
                role=Role.ADMIN,
                status=MembershipStatus.ACTIVE,
                joined_at=timezone.now(),
            )


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(VerifiedMemberFactory)
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    group = factory.SubFactory(GroupFactory)
    author = factory.LazyAttribute(lambda post: post.group.founder)
    text = factory.Sequence(lambda n: f"Message numéro {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Proposal"

    proposer = factory.SubFactory(VerifiedMemberFactory)
    title = factory.Sequence(lambda n: f"Atelier réparation numéro {n}")
    type = factory.SubFactory("events.tests.factories.EventTypeFactory")
    description = "Réparer ensemble vélos et grille-pain."
    format = "Un atelier de 2 h"
    wished_period = "Un samedi de mars"
