"""Demo groups (idempotent): a handful of groups, open and on approval, with members, a pending
request, posts with replies, a pinned post and an annonce shared with a group."""

from members.models import User, VerificationStatus

from .models import Access, Group, Membership, MembershipStatus, Post, Role, SharedListing

GROUPS = [
    (
        "Jardiniers du 11e",
        "Potagers de balcon, jardins partagés, échanges de graines et de boutures dans le 11e arrondissement.",
        "Paris 11e",
        Access.OPEN,
        [
            "Qui a des semis de tomates en trop ? Je peux donner des boutures de menthe en échange.",
            "Le jardin partagé de la rue Servan cherche des bras samedi matin : https://jardins.example/servan",
        ],
    ),
    (
        "Motards du Val-de-Marne",
        "Balades du dimanche, entretien à plusieurs et conseils d'équipement, en toute sécurité.",
        "Val-de-Marne",
        Access.APPROVAL,
        ["Balade dimanche vers la vallée de Chevreuse, départ 9 h de Créteil. Qui vient ?"],
    ),
    (
        "Lecteurs du dimanche",
        "Un livre par mois, une rencontre au Club pour en parler, et des livres qui circulent entre nous.",
        "",
        Access.OPEN,
        ["Ce mois-ci : « Le Lambeau » de Philippe Lançon. Rencontre le dernier dimanche au Club."],
    ),
    (
        "Parents de Montreuil",
        "Garde partagée, vêtements d'enfants qui ne servent plus, bons plans du quartier.",
        "Montreuil",
        Access.APPROVAL,
        ["Je donne une poussette en bon état, envoyez-moi un message."],
    ),
    (
        "Bricoleurs de Lyon",
        "Outils à prêter, coups de main et ateliers de réparation entre voisins lyonnais.",
        "Lyon",
        Access.OPEN,
        [],
    ),
]

REPLIES = ["Super idée, je suis partante !", "Merci pour l'info.", "Je peux passer en fin de journée."]


def _members() -> list[User]:
    return list(
        User.objects.filter(is_active=True, is_staff=False, profile__verification_status=VerificationStatus.VERIFIED)
        .select_related("profile")
        .order_by("pk")[:9]
    )


def seed_groups() -> None:
    members = _members()
    if len(members) < 3:
        return
    for index, (name, description, place, access, posts) in enumerate(GROUPS):
        founder = members[index % len(members)]
        group, created = Group.objects.get_or_create(
            name=name, defaults={"description": description, "place": place, "access": access, "founder": founder}
        )
        if not created:
            continue
        others = [m for m in members if m != founder][: 3 + index % 3]
        Membership.objects.create(
            group=group, user=founder, role=Role.ADMIN, status=MembershipStatus.ACTIVE, notify="every_post"
        )
        for position, user in enumerate(others):
            Membership.objects.create(
                group=group,
                user=user,
                role=Role.ADMIN if position == 0 and index == 0 else Role.MEMBER,
                status=MembershipStatus.ACTIVE,
            )
        Membership.objects.filter(group=group, joined_at__isnull=True).update(joined_at=group.created_at)
        if access == Access.APPROVAL:
            newcomer = next((m for m in reversed(members) if m != founder and m not in others), None)
            if newcomer:
                Membership.objects.create(group=group, user=newcomer, status=MembershipStatus.PENDING)
        for number, text in enumerate(posts):
            post = Post.objects.create(
                group=group, author=founder if number == 0 else others[0], text=text, pinned=number == 0 and index == 0
            )
            for reply_number, reply in enumerate(REPLIES[: 1 + (index + number) % 3]):
                Post.objects.create(
                    group=group, author=others[(reply_number + 1) % len(others)], text=reply, parent=post
                )
        _share_one_listing(group, [founder, *others])


def _share_one_listing(group, users) -> None:
    from listings.models import Listing, Status

    listing = Listing.objects.filter(author__in=users, status=Status.PUBLISHED).order_by("pk").first()
    if listing:
        SharedListing.objects.get_or_create(listing=listing, group=group, defaults={"shared_by": listing.author})


PROPOSALS = [
    # (title, type slug hint, description, format, period, needs, partner, state, staff message)
    (
        "Atelier de réparation de vélos",
        "atelier",
        "Apprendre à régler ses freins, changer une chambre à air et entretenir sa chaîne, entre voisins.",
        "Un atelier de 3 h, en petits groupes",
        "Un samedi après-midi de printemps",
        "Une salle au rez-de-chaussée, un point d'eau",
        "L'Atelier vélo du 11e",
        "accepted",
        "",
    ),
    (
        "Conférence : bien vieillir chez soi",
        "conference",
        "Une ergothérapeute explique comment adapter son logement pour y rester longtemps, en sécurité.",
        "Une conférence d'1 h suivie de 30 min de questions",
        "En semaine, en fin d'après-midi",
        "Projecteur, micro, 60 places assises",
        "",
        "submitted",
        "",
    ),
    (
        "Exposition des photos du quartier",
        "exposition",
        "Les photos prises par les membres dans leur quartier, de jour comme de nuit.",
        "Une exposition de deux semaines",
        "Juin",
        "Des grilles d'accrochage",
        "",
        "question_asked",
        "Combien de photos pensez-vous exposer, et dans quel format ?",
    ),
    (
        "Soirée dansante années 80",
        "rencontre",
        "Une grande soirée pour danser sur les tubes des années 80.",
        "Une soirée de 5 h",
        "Un samedi soir",
        "Sono, éclairage",
        "",
        "declined",
        "Le lieu ferme à 20 h et ses voisins sont nombreux : une soirée dansante n'y est pas possible.",
    ),
]


def seed_proposals() -> None:
    """Demo proposals (idempotent): one in each state, supports and comments, and the accepted one
    with its event published on the agenda."""
    import datetime as dt

    from django.conf import settings
    from django.utils import timezone

    from events.models import EventStatus, EventType

    from . import proposals
    from .models import Proposal, ProposalState

    members, staff = _members(), User.objects.filter(is_staff=True).order_by("pk").first()
    types = list(EventType.objects.all())
    if not members or not types or staff is None:
        return
    for n, (title, slug, description, format_, period, needs, partner, state, message) in enumerate(PROPOSALS):
        if Proposal.objects.filter(title=title).exists():
            continue
        kind = next((t for t in types if t.slug.startswith(slug)), types[n % len(types)])
        proposer = members[n % len(members)]
        proposal = proposals.proposal_create(
            proposer=proposer,
            title=title,
            type=kind,
            description=description,
            format=format_,
            wished_period=period,
            needs=needs,
            partner=partner,
        )
        for supporter in [m for m in members if m != proposer][: 5 - n]:
            proposals.proposal_support(proposal=proposal, user=supporter)
        other = members[(n + 1) % len(members)]
        proposals.proposal_comment(proposal=proposal, author=other, text="Très bonne idée, je viendrai !")
        if state == ProposalState.QUESTION:
            proposals.proposal_ask_question(proposal=proposal, by=staff, question=message)
        elif state == ProposalState.DECLINED:
            proposals.proposal_decline(proposal=proposal, by=staff, reason=message)
        elif state == ProposalState.ACCEPTED:
            event = proposals.proposal_accept(proposal=proposal, by=staff)
            # Published long enough ago that its early access ended a day ago (the demo sends no
            # e-mail, so it does not go through events.services.event_publish): on everyone's agenda.
            published_at = timezone.now() - dt.timedelta(hours=settings.PROPOSAL_EARLY_ACCESS_HOURS + 24)
            event.status, event.capacity = EventStatus.PUBLISHED, 20
            event.ends_at = event.starts_at + dt.timedelta(hours=2)
            event.public_from = published_at + dt.timedelta(hours=settings.PROPOSAL_EARLY_ACCESS_HOURS)
            event.save()
            Proposal.objects.filter(pk=proposal.pk).update(early_mail_at=published_at)
