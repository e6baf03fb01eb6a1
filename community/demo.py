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
