"""French vocabulary for the benchmark data: per category, things, qualities and sentences, so
that full-text search finds some annonces and not others (a search for « perceuse » near Lyon
must be selective, as it is on the real site)."""

import random

ADJECTIVES = [
    "en bon état",
    "comme neuf",
    "récent",
    "ancien",
    "robuste",
    "léger",
    "pratique",
    "spacieux",
    "lumineux",
    "calme",
    "familial",
    "économique",
    "électrique",
    "pliable",
    "vintage",
    "confortable",
]
# slug -> (things, what a member does with them)
THINGS = {
    "services-entraide": (
        [
            "cours de guitare",
            "aide aux devoirs",
            "soutien scolaire en mathématiques",
            "cours d'anglais",
            "initiation à l'informatique",
            "montage de meubles",
            "petits travaux de peinture",
            "jardinage",
            "garde de chat",
            "promenade de chien",
            "repassage",
            "couture et retouches",
            "cours de piano",
            "aide au déménagement",
            "réparation de vélo",
            "cours de cuisine",
        ],
        ["Je propose", "Je cherche", "Besoin d'aide pour", "Disponible pour"],
    ),
    "evenements": (
        [
            "concert de quartier",
            "fête des voisins",
            "tournoi de pétanque",
            "atelier de jardinage",
            "bal populaire",
            "repas partagé",
            "randonnée",
            "brocante solidaire",
            "soirée jeux de société",
            "pique-nique",
        ],
        ["Organise", "Participez à", "Venez au", "Bénévoles pour"],
    ),
    "hebergements-vacances": (
        [
            "maison au bord de la mer",
            "appartement à la montagne",
            "gîte à la campagne",
            "chalet près des pistes",
            "studio en centre-ville",
            "mobil-home au camping",
            "maison avec jardin",
            "appartement avec terrasse",
            "villa avec piscine",
            "chambre d'hôtes",
        ],
        ["Loue", "À louer", "Propose", "Location de vacances :"],
    ),
    "associations": (
        [
            "association de quartier",
            "chorale",
            "club de lecture",
            "club de randonnée",
            "atelier théâtre",
            "banque alimentaire",
            "club d'échecs",
            "jardin partagé",
            "ressourcerie",
            "club photo",
        ],
        ["Rejoignez notre", "Recherche bénévoles pour", "Présentation :", "Inscriptions ouvertes :"],
    ),
    "vehicules": (
        [
            "voiture citadine",
            "break diesel",
            "scooter",
            "vélo électrique",
            "moto",
            "camping-car",
            "utilitaire",
            "remorque",
            "voiture hybride",
            "trottinette électrique",
        ],
        ["Vends", "À vendre :", "Cherche", "Échange"],
    ),
    "logements": (
        [
            "appartement deux pièces",
            "studio meublé",
            "maison de ville",
            "colocation",
            "chambre chez l'habitant",
            "appartement trois pièces",
            "loft",
            "maison avec jardin",
        ],
        ["Loue", "Cherche", "À louer :", "Colocation :"],
    ),
    "vide-grenier": (
        [
            "canapé",
            "table en chêne",
            "poussette",
            "lot de livres",
            "vêtements d'enfant",
            "vélo d'enfant",
            "lampe",
            "machine à laver",
            "jouets en bois",
            "vaisselle",
            "bibliothèque",
            "lit bébé",
            "disques vinyles",
            "console de jeux",
        ],
        ["Vends", "Donne", "À vendre :", "Vide-grenier :"],
    ),
    "echange-maisons": (
        [
            "maison en Bretagne",
            "appartement à Paris",
            "maison en Provence",
            "chalet dans les Alpes",
            "maison au Pays basque",
            "appartement à Lyon",
            "longère normande",
            "mas en Camargue",
        ],
        ["Échange", "Propose d'échanger", "Cherche échange :", "Échange de maison :"],
    ),
    "covoiturage-gratuit": (
        [
            "trajet quotidien vers le travail",
            "aller à la gare",
            "trajet vers l'aéroport",
            "départ en vacances",
            "retour du week-end",
            "trajet vers l'université",
            "covoiturage vers le marché",
            "trajet vers l'hôpital",
        ],
        ["Propose", "Cherche", "Covoiturage :", "Places libres :"],
    ),
    "entraide-voisins": (
        [
            "arrosage des plantes",
            "courses pour une personne âgée",
            "relève du courrier",
            "garde d'enfants",
            "prêt d'une échelle",
            "aide pour un déménagement",
            "accompagnement chez le médecin",
            "covoiturage école",
        ],
        ["Propose", "Cherche", "Un coup de main pour", "Entraide :"],
    ),
    "pret-objets": (
        [
            "perceuse",
            "tondeuse",
            "échelle",
            "nettoyeur haute pression",
            "tente de camping",
            "vélo",
            "raclette",
            "appareil à fondue",
            "scie sauteuse",
            "remorque",
            "poussette",
            "appareil photo",
            "projecteur",
            "machine à coudre",
            "ponceuse",
            "barbecue",
        ],
        ["Prête", "Je prête", "Cherche à emprunter", "À prêter :"],
    ),
    "parking-partage": (
        ["place de parking", "garage fermé", "box", "place en sous-sol", "parking couvert", "place pour moto"],
        ["Loue", "Partage", "Cherche", "Propose"],
    ),
}
SENTENCES = [
    "{Thing} {adjective}, disponible à {city} et alentours.",
    "Idéal pour une famille ou pour dépanner un voisin.",
    "Contactez-moi par la messagerie du Club, je réponds vite.",
    "Possibilité de se retrouver près de la mairie de {city}.",
    "Merci de prendre soin du matériel et de le rendre propre.",
    "Disponible le soir après 18 h et le week-end.",
    "Je suis sociétaire depuis plusieurs années et j'aime rendre service.",
    "Photos sur demande, description honnête.",
    "Le {thing} est {adjective} et fonctionne parfaitement.",
    "Pour toute question sur le {thing}, écrivez-moi.",
    "Échange possible contre un coup de main au jardin.",
    "Accessible en transports en commun.",
]


def listing_text(slug: str, city: str, rng: random.Random) -> tuple[str, str, str]:
    """(title, description, the thing) for an annonce of category `slug` in `city`."""
    things, verbs = THINGS[slug]
    thing = rng.choice(things)
    adjective = rng.choice(ADJECTIVES)
    title = f"{rng.choice(verbs)} {thing} {adjective}"[:120]
    values = {"thing": thing, "Thing": thing[0].upper() + thing[1:], "adjective": adjective, "city": city}
    sentences = rng.sample(SENTENCES, rng.randint(2, 5))
    description = " ".join(sentence.format(**values) for sentence in [SENTENCES[0], *sentences])
    return title, description, thing


EVENT_THEMES = [
    "l'entraide de quartier",
    "la transition écologique",
    "la photographie de rue",
    "le numérique au quotidien",
    "la réparation d'objets",
    "l'alimentation durable",
    "la mémoire ouvrière",
    "le jardinage urbain",
    "la prévention routière",
    "le sommeil",
    "les premiers secours",
    "l'épargne solidaire",
    "le vélo en ville",
    "la musique baroque",
    "le théâtre d'improvisation",
    "la biodiversité",
    "les jeux vidéo",
    "la BD",
]
EVENT_FORMATS = {
    "exposition": "Exposition : {theme}",
    "conference": "Conférence sur {theme}",
    "debat": "Débat : faut-il repenser {theme} ?",
    "atelier": "Atelier pratique autour de {theme}",
    "rencontre": "Rencontre avec des passionnés de {theme}",
}
