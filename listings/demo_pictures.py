"""Pictures for the demo annonces, drawn with Pillow at seed time (nothing downloaded): a small
scene per category (a car, a house, a drill…) in the club's colours, varied per annonce (light,
wall, colours, size and place of the object, a plant or a window), like a photo taken at home.

Drawn at twice the size and scaled down, so edges are smooth. JPEG bytes out; listings/demo.py
sends them through the real photo service (listings/photos.prepare_photo) like an upload."""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 600, 450
SCALE = 2  # supersampling

TEAL, DARK, SOFT, ACCENT = (11, 85, 99), (8, 63, 73), (227, 240, 242), (244, 185, 66)
RED, GREEN, INK, GREY, PAPER = (166, 27, 27), (31, 107, 58), (29, 36, 51), (74, 83, 104), (247, 244, 238)
WOOD, CARDBOARD = (181, 84, 28), (201, 139, 74)
WALLS = [(247, 244, 238), (227, 240, 242), (255, 241, 204), (243, 230, 216), (230, 244, 234), (238, 243, 251)]
FLOORS = [(201, 139, 74), (160, 170, 185), (122, 92, 70), (216, 196, 160), (96, 118, 104)]
OBJECT_COLOURS = [TEAL, RED, GREEN, ACCENT, DARK, (74, 83, 150)]


class Canvas:
    """Draws in a 240 x 180 design space, moved and scaled to where the object stands."""

    def __init__(self, draw: ImageDraw.ImageDraw, x: float, y: float, size: float):
        self.draw, self.x, self.y, self.k = draw, x, y, size * SCALE * WIDTH / 240

    def p(self, x, y):
        return (self.x * SCALE * WIDTH / 240 + x * self.k, self.y * SCALE * WIDTH / 240 + y * self.k)

    def box(self, x0, y0, x1, y1):
        (a, b), (c, d) = self.p(x0, y0), self.p(x1, y1)
        return (a, b, c, d)

    def rect(self, x0, y0, x1, y1, fill, r=0):
        self.draw.rounded_rectangle(self.box(x0, y0, x1, y1), radius=r * self.k, fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill=None, outline=None, width=0):
        self.draw.ellipse(self.box(x0, y0, x1, y1), fill=fill, outline=outline, width=round(width * self.k))

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill, outline, width)

    def poly(self, points, fill):
        self.draw.polygon([self.p(x, y) for x, y in points], fill=fill)

    def line(self, points, fill, width):
        self.draw.line([self.p(x, y) for x, y in points], fill=fill, width=round(width * self.k), joint="curve")

    def arc(self, x0, y0, x1, y1, start, end, fill, width):
        self.draw.arc(self.box(x0, y0, x1, y1), start, end, fill=fill, width=round(width * self.k))


def _car(c: Canvas, colour, rng):
    c.poly([(48, 128), (48, 110), (68, 98), (84, 78), (140, 76), (160, 100), (186, 106), (192, 128)], colour)
    c.poly([(92, 82), (110, 82), (110, 100), (78, 100)], SOFT)
    c.poly([(118, 82), (138, 82), (152, 100), (118, 100)], SOFT)
    for x in (82, 160):
        c.circle(x, 130, 14, INK)
        c.circle(x, 130, 6, (200, 204, 212))
    c.rect(178, 108, 188, 114, ACCENT, 2)


def _bike(c: Canvas, colour, rng):
    for x in (70, 170):
        c.circle(x, 120, 28, outline=INK, width=5)
    c.line([(70, 120), (104, 84), (150, 84), (170, 120)], colour, 6)
    c.line([(104, 84), (120, 120), (150, 84)], colour, 6)
    c.line([(70, 120), (120, 120)], colour, 6)
    c.line([(100, 76), (112, 76)], INK, 6)
    c.line([(150, 84), (146, 68), (160, 66)], INK, 5)
    if rng.random() < 0.6:
        c.rect(150, 86, 184, 104, CARDBOARD, 3)  # a basket


def _house(c: Canvas, colour, rng):
    c.rect(66, 92, 144, 142, PAPER)
    c.poly([(58, 96), (105, 58), (152, 96)], colour)
    c.rect(96, 112, 114, 142, TEAL if colour != TEAL else RED, 2)
    for x in (74, 122):
        c.rect(x, 104, x + 14, 118, SOFT, 2)
    c.rect(124, 62, 134, 80, GREY)


def _flats(c: Canvas, colour, rng):
    c.rect(70, 40, 134, 146, colour, 4)
    c.rect(134, 70, 178, 146, DARK, 4)
    for row in range(4):
        for col in range(2):
            lit = rng.random() < 0.5
            c.rect(80 + col * 30, 52 + row * 22, 94 + col * 30, 66 + row * 22, ACCENT if lit else SOFT, 2)
    for row in range(3):
        c.rect(144, 82 + row * 20, 156, 94 + row * 20, ACCENT if rng.random() < 0.5 else SOFT, 2)


def _people(c: Canvas, colour, rng):
    shirts = [TEAL, RED, GREEN, colour]
    rng.shuffle(shirts)
    for i, (x, top) in enumerate([(80, 74), (160, 74), (120, 64)]):
        r = 17 if i == 2 else 15
        c.circle(x, top, r, (224, 172, 120) if i != 1 else (150, 100, 70))
        c.rect(x - r - 9, top + r + 8, x + r + 9, 146, shirts[i], 20)


def _toolbox(c: Canvas, colour, rng):
    c.arc(100, 58, 140, 98, 180, 360, DARK, 7)
    c.rect(70, 78, 170, 144, colour, 8)
    c.rect(70, 96, 170, 104, DARK)
    c.rect(112, 94, 128, 108, ACCENT, 3)
    c.line([(182, 40), (156, 80)], GREY, 10)
    c.circle(184, 38, 11, GREY)


def _calendar(c: Canvas, colour, rng):
    flags = [TEAL, ACCENT, RED, GREEN, colour]
    c.line([(20, 30), (120, 46), (220, 30)], GREY, 2)
    for i, x in enumerate(range(36, 220, 37)):
        y = 30 + 14 * (1 - abs(x - 120) / 100)
        c.poly([(x, y), (x + 20, y + 2), (x + 8, y + 24)], flags[i % len(flags)])
    c.rect(82, 78, 158, 146, PAPER, 8)
    c.rect(82, 78, 158, 98, colour, 8)
    c.rect(82, 90, 158, 98, colour)
    for row in range(3):
        for col in range(4):
            c.rect(
                90 + col * 17,
                104 + row * 13,
                100 + col * 17,
                112 + row * 13,
                ACCENT if (row, col) == (1, 2) else SOFT,
                2,
            )


def _box_of_things(c: Canvas, colour, rng):
    c.rect(96, 60, 104, 100, GREY)
    c.poly([(84, 62), (92, 36), (108, 36), (116, 62)], ACCENT)
    for i, shade in enumerate([RED, GREEN, TEAL]):
        c.rect(124 + i * 2, 62 + i * 10, 162 - i * 2, 72 + i * 10, shade, 2)
    c.poly([(64, 96), (176, 96), (168, 146), (72, 146)], CARDBOARD)
    c.poly([(64, 96), (50, 114), (80, 114)], WOOD)
    c.poly([(176, 96), (190, 114), (160, 114)], WOOD)


def _drill(c: Canvas, colour, rng):
    c.rect(66, 70, 148, 98, colour, 12)
    c.rect(148, 78, 166, 90, GREY)
    c.rect(166, 81, 194, 87, (150, 155, 165), 3)
    c.poly([(84, 98), (112, 98), (106, 142), (86, 142)], DARK)
    c.rect(80, 134, 120, 146, ACCENT, 4)
    c.rect(56, 74, 66, 94, ACCENT, 3)


def _tent(c: Canvas, colour, rng):
    c.poly([(50, 146), (120, 50), (190, 146)], colour)
    c.poly([(104, 146), (120, 96), (136, 146)], DARK)
    c.line([(120, 50), (120, 40)], GREY, 3)
    c.poly([(120, 40), (136, 44), (120, 48)], ACCENT)


def _parking(c: Canvas, colour, rng):
    c.line([(66, 150), (66, 62)], (230, 230, 230), 5)
    c.line([(174, 150), (174, 62)], (230, 230, 230), 5)
    for x in (78, 154):
        for y in (78, 120):
            c.rect(x, y, x + 8, y + 18, INK, 3)
    c.rect(84, 66, 156, 148, colour, 18)
    c.rect(94, 80, 146, 98, SOFT, 6)
    c.rect(94, 118, 146, 132, SOFT, 6)
    c.rect(190, 34, 196, 150, GREY)
    c.rect(176, 20, 210, 54, TEAL, 6)
    c.line([(188, 46), (188, 28), (195, 28)], (255, 255, 255), 4)
    c.arc(188, 28, 201, 40, 270, 90, (255, 255, 255), 4)


def _heart_houses(c: Canvas, colour, rng):
    for x, shade in ((36, TEAL), (152, GREEN)):
        c.rect(x, 90, x + 52, 142, shade)
        c.poly([(x - 6, 94), (x + 26, 64), (x + 58, 94)], DARK)
        c.rect(x + 16, 104, x + 30, 118, ACCENT)
    c.circle(110, 92, 12, colour)
    c.circle(130, 92, 12, colour)
    c.poly([(98, 96), (142, 96), (120, 122)], colour)


def _suitcase(c: Canvas, colour, rng):
    c.arc(100, 50, 140, 80, 180, 360, INK, 6)
    c.rect(70, 64, 170, 146, colour, 10)
    for x in (92, 148):
        c.rect(x - 3, 64, x + 3, 146, DARK)
    c.circle(160, 40, 16, ACCENT)


# What the title speaks of decides the scene (first match), else the category's first scene.
KEYWORDS = [
    (r"perceuse|scie|nettoyeur|diable", "drill"),
    (r"vélo|trottinette", "bike"),
    (r"tente|camping|mobil-home|roulotte", "tent"),
    (r"parking|place |box |garage|abri|emplacement|borne", "parking"),
    (r"clio|voiture|remorque|scooter|siège auto|coffre de toit|covoiturage|trajet|départ", "car"),
    (r"bricolage|travaux|répar|ampoule|armoire", "toolbox"),
    (r"livre|poussette|table|vaisselle|machine|lampe|vêtements|platine|bibliothèque|raclette|projecteur", "things"),
    (r"maison|gîte|chalet|longère|ferme\b|hébergement|location", "house"),
    (r"appartement|studio|t1|t2|pièces|colocation|chambre|loft|sous-location|logement", "flats"),
    (r"voisin|courses|chat|chien|colis|courrier|jardinage|pharmacie|aîné|âgée", "neighbours"),
    (r"atelier|soirée|club|repas\b|balade|fête|ciné|troc|danse|musique|cours|chorale", "calendar"),
]

SCENES = {
    "services-entraide": [_people, _toolbox],
    "evenements": [_calendar, _people],
    "hebergements-vacances": [_house, _suitcase, _tent],
    "associations": [_people, _calendar],
    "vehicules": [_car, _bike],
    "logements": [_flats, _house],
    "vide-grenier": [_box_of_things, _suitcase],
    "echange-maisons": [_house, _suitcase],
    "covoiturage-gratuit": [_car],
    "entraide-voisins": [_heart_houses, _people],
    "pret-objets": [_drill, _tent, _toolbox],
    "parking-partage": [_parking, _car],
}


BY_NAME = {
    "bike": _bike,
    "car": _car,
    "tent": _tent,
    "drill": _drill,
    "toolbox": _toolbox,
    "parking": _parking,
    "flats": _flats,
    "house": _house,
    "things": _box_of_things,
    "neighbours": _heart_houses,
    "calendar": _calendar,
}


def scene_for(slug: str, title: str):
    """The drawing that fits an annonce: from its title's words, else its category's."""
    import re

    lowered = title.lower()
    for pattern, name in KEYWORDS:
        if re.search(rf"\b(?:{pattern})", lowered):
            return BY_NAME[name]
    return SCENES.get(slug, [_box_of_things])[0]


def _decorate(draw: ImageDraw.ImageDraw, rng: random.Random, wall, horizon: int) -> None:
    """A window with sky, a picture frame or a plant on the wall behind the object."""
    w, s = WIDTH * SCALE, SCALE
    choice = rng.choice(["window", "frame", "plant", "stripes"])
    if choice == "window":
        x = rng.randint(40, w // s - 240) * s
        draw.rounded_rectangle((x, 50 * s, x + 200 * s, 230 * s), radius=8 * s, fill=(190, 222, 236))
        draw.ellipse((x + 120 * s, 70 * s, x + 170 * s, 120 * s), fill=ACCENT)
        draw.rectangle((x + 96 * s, 50 * s, x + 104 * s, 230 * s), fill=PAPER)
        draw.rectangle((x, 136 * s, x + 200 * s, 144 * s), fill=PAPER)
    elif choice == "frame":
        x = rng.randint(40, w // s - 200) * s
        draw.rectangle((x, 70 * s, x + 150 * s, 180 * s), fill=WOOD)
        draw.rectangle((x + 10 * s, 80 * s, x + 140 * s, 170 * s), fill=rng.choice(OBJECT_COLOURS))
        draw.polygon([(x + 10 * s, 170 * s), (x + 70 * s, 110 * s), (x + 140 * s, 170 * s)], fill=SOFT)
    elif choice == "plant":
        x = rng.choice([50, w // s - 130]) * s
        for dx, dy in ((0, 0), (-26, 20), (26, 20), (-10, -26), (14, -20)):
            draw.ellipse(
                (x + (20 + dx) * s, horizon - (150 - dy) * s, x + (70 + dx) * s, horizon - (90 - dy) * s), fill=GREEN
            )
        draw.polygon(
            [(x, horizon - 90 * s), (x + 90 * s, horizon - 90 * s), (x + 76 * s, horizon), (x + 14 * s, horizon)],
            fill=WOOD,
        )
    else:
        darker = tuple(max(0, v - 14) for v in wall)
        for x in range(0, w, 60 * s):
            draw.rectangle((x, 0, x + 24 * s, horizon), fill=darker)


def drawn_picture(*, slug: str, seed: int, title: str = "") -> bytes:
    """A JPEG picture for an annonce of category `slug` titled `title`, different for every `seed`."""
    rng = random.Random(f"{slug}:{seed}")
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    wall = rng.choice(WALLS)
    image = Image.new("RGB", (w, h), wall)
    draw = ImageDraw.Draw(image)
    horizon = int(h * rng.uniform(0.62, 0.72))
    _decorate(draw, rng, wall, horizon)
    floor = rng.choice(FLOORS)
    draw.rectangle((0, horizon, w, h), fill=floor)
    # Light from one side: a soft shadow under the object.
    size = rng.uniform(0.86, 0.98)  # the square crop of a card keeps the middle three quarters
    x = 240 * (1 - size) / 2 + rng.uniform(-8, 8)
    y = (horizon / SCALE / (WIDTH / 240)) - 146 * size + 14
    shadow = tuple(max(0, v - 40) for v in floor)
    Canvas(draw, x, y, size).ellipse(40, 140, 200, 156, fill=shadow)
    scene = scene_for(slug, title)
    scene(Canvas(draw, x, y, size), rng.choice(OBJECT_COLOURS), rng)
    image = image.reduce(SCALE)  # box filter: smooth edges, fast
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()
