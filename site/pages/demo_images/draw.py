"""Draw the demo's illustrations (stories, convenings, resources) into this folder.

Run once after changing a scene: `.venv/bin/python site/pages/demo_images/draw.py`. The JPEGs
are committed, so loading the demo reads files and never draws or downloads. Every scene is
seeded by its slug: the same slug always gives the same picture.
"""

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1200, 675
SCALE = 2  # drawn at twice the size, then reduced: smooth edges without antialiasing support
W, H = WIDTH * SCALE, HEIGHT * SCALE

NAVY = (8, 58, 80)
BLUE = (11, 79, 108)
MID = (47, 122, 153)
LIGHT = (143, 188, 208)
PALE = (214, 232, 239)
ACCENT = (200, 85, 61)
ACCENT_SOFT = (232, 160, 126)
GOLD = (230, 179, 90)
SAND = (243, 233, 220)
CREAM = (250, 246, 240)
STONE = (207, 198, 184)
SLATE = (74, 90, 99)
TEAL = (63, 125, 110)
CLOTHES = [BLUE, NAVY, ACCENT, MID, SLATE, GOLD, TEAL, ACCENT_SOFT]
SKIN = [(241, 205, 178), (224, 172, 135), (198, 134, 94), (141, 85, 54), (94, 58, 38)]

SKIES = {
    "day": ((168, 207, 224), CREAM),
    "dawn": ((190, 214, 226), (246, 222, 196)),
    "dusk": ((96, 140, 168), (240, 184, 150)),
}


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(draw, box, top, bottom):
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        draw.line([(x0, y), (x1, y)], fill=mix(top, bottom, (y - y0) / max(1, y1 - y0 - 1)))


# --- Pieces ---


def sky(draw, rng, time, horizon):
    top, bottom = SKIES[time]
    gradient(draw, (0, 0, W, horizon), top, bottom)
    sun_x = rng.randint(W // 6, W * 5 // 6)
    sun_y = rng.randint(horizon // 4, horizon // 2)
    radius = rng.randint(70, 110)
    colour = ACCENT_SOFT if time == "dusk" else (GOLD if time == "dawn" else (252, 236, 200))
    draw.ellipse([sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius], fill=colour)
    for _ in range(rng.randint(2, 4)):  # long flat clouds
        cx, cy, length = rng.randint(0, W), rng.randint(60, horizon // 2), rng.randint(260, 520)
        cloud = mix(bottom, (255, 255, 255), 0.5)
        draw.rounded_rectangle([cx, cy, cx + length, cy + 36], radius=18, fill=cloud)
        draw.rounded_rectangle(
            [cx + length // 4, cy - 26, cx + length * 3 // 4, cy + 10], radius=18, fill=cloud
        )


def mountains(draw, rng, horizon, colour):
    for layer, shade in enumerate((0.35, 0.1)):
        points, x = [(0, horizon)], 0
        base = horizon - 120 + layer * 60
        while x < W:
            x += rng.randint(120, 260)
            points.append((x, base - rng.randint(60, 300 - layer * 120)))
            x += rng.randint(80, 180)
            points.append((x, base - rng.randint(0, 60)))
        points.append((W, horizon))
        draw.polygon(points, fill=mix(colour, (255, 255, 255), shade))


def building(draw, rng, x, width, top, ground, colour, windows, roof):
    draw.rectangle([x, top, x + width, ground], fill=colour)
    if roof == "dome":
        draw.pieslice(
            [x + 10, top - width // 2, x + width - 10, top + width // 2], 180, 360, fill=colour
        )
        draw.rectangle(
            [x + width // 2 - 6, top - width // 2 - 50, x + width // 2 + 6, top - width // 2],
            fill=colour,
        )
    elif roof == "spire":
        draw.polygon([(x, top), (x + width // 2, top - width * 2), (x + width, top)], fill=colour)
    elif roof == "step":
        draw.rectangle([x + width // 5, top - 60, x + width * 4 // 5, top], fill=colour)
        draw.rectangle([x + width // 2 - 4, top - 140, x + width // 2 + 4, top - 60], fill=colour)
    elif roof == "gable":
        draw.polygon(
            [(x - 8, top), (x + width // 2, top - width // 3), (x + width + 8, top)], fill=colour
        )
    if not windows:
        return
    lit = mix(colour, GOLD, 0.85)
    dark = mix(colour, (255, 255, 255), 0.18)
    for wy in range(top + 30, ground - 40, 56):
        for wx in range(x + 22, x + width - 36, 44):
            draw.rectangle([wx, wy, wx + 20, wy + 30], fill=lit if rng.random() < 0.35 else dark)


def skyline(draw, rng, horizon, colours, roofs, windows=True, density=(90, 230)):
    for layer, colour in enumerate(colours):
        x = -rng.randint(0, 80)
        while x < W:
            width = rng.randint(*density)
            tall = rng.randint(180, 560) - layer * 120
            roof = rng.choice(roofs) if rng.random() < 0.3 else "flat"
            building(
                draw,
                rng,
                x,
                width,
                horizon - max(tall, 90),
                horizon,
                colour,
                windows and layer == len(colours) - 1,
                roof,
            )
            x += width + rng.randint(0, 24)


def water(draw, rng, top, colour):
    gradient(draw, (0, top, W, H), mix(colour, (255, 255, 255), 0.15), mix(colour, NAVY, 0.4))
    for _ in range(70):
        x, y = rng.randint(0, W), rng.randint(top + 12, H)
        length = rng.randint(40, 180)
        draw.line([(x, y), (x + length, y)], fill=mix(colour, (255, 255, 255), 0.35), width=5)


def bridge(draw, rng, kind, deck, colour):
    draw.rectangle([0, deck, W, deck + 22], fill=colour)
    if kind == "arch":
        span = W // rng.randint(4, 6)
        for x in range(-span // 2, W, span):
            draw.arc([x, deck, x + span, deck + span], 180, 360, fill=colour, width=18)
            draw.rectangle([x - 10, deck, x + 10, H], fill=colour)
    elif kind == "suspension":
        left, right = W // 5, W * 4 // 5
        for tower in (left, right):
            draw.rectangle([tower - 16, deck - 330, tower + 16, H], fill=colour)
        for start, end in ((-W // 5, left), (left, right), (right, W + W // 5)):
            sag = 240 if start == left else 120
            points = [
                (
                    start + (end - start) * i / 40,
                    deck - 320 + sag * 4 * (i / 40) * (1 - i / 40)
                    if start == left
                    else deck - 320 + (abs(i / 40 - (0 if start < left else 1))) * 300,
                )
                for i in range(41)
            ]
            draw.line(points, fill=colour, width=8)
            for px, py in points[::3]:
                if py < deck:
                    draw.line([(px, py), (px, deck)], fill=colour, width=3)
    elif kind == "truss":
        step = 110
        for x in range(0, W, step):
            draw.line(
                [(x, deck), (x + step // 2, deck - 110), (x + step, deck)], fill=colour, width=10
            )
        draw.rectangle([0, deck - 118, W, deck - 104], fill=colour)
        for x in range(W // 8, W, W // 4):
            draw.rectangle([x - 24, deck, x + 24, H], fill=colour)


def trees(draw, rng, ground, count, colour=TEAL):
    for _ in range(count):
        x, size = rng.randint(0, W), rng.randint(40, 90)
        draw.rectangle([x - 6, ground - size, x + 6, ground], fill=mix(colour, NAVY, 0.5))
        draw.ellipse(
            [x - size // 1.4, ground - size * 2.2, x + size // 1.4, ground - size * 0.8],
            fill=colour,
        )


def person(draw, x, base, size, clothes, skin, hair=None):
    """A seated or standing figure from the waist up: shoulders and a head."""
    draw.rounded_rectangle(
        [x - size, base - size * 1.6, x + size, base + size], radius=size * 0.8, fill=clothes
    )
    head = size * 0.55
    cy = base - size * 2.1
    draw.ellipse([x - head, cy - head, x + head, cy + head], fill=skin)
    if hair:
        draw.pieslice(
            [x - head - 2, cy - head - 4, x + head + 2, cy + head * 0.6], 180, 360, fill=hair
        )


def figure_from_above(draw, x, y, size, clothes, hair):
    draw.ellipse([x - size, y - size * 0.7, x + size, y + size * 0.7], fill=clothes)
    draw.ellipse([x - size * 0.55, y - size * 0.55, x + size * 0.55, y + size * 0.55], fill=hair)


def bubbles(draw, rng, count, area):
    x0, y0, x1, y1 = area
    for _ in range(count):
        x, y = rng.randint(x0, x1), rng.randint(y0, y1)
        w, h = rng.randint(140, 240), rng.randint(80, 120)
        colour = rng.choice([CREAM, PALE, ACCENT_SOFT, (255, 255, 255)])
        draw.rounded_rectangle([x, y, x + w, y + h], radius=30, fill=colour)
        draw.polygon([(x + 30, y + h - 2), (x + 20, y + h + 34), (x + 70, y + h - 2)], fill=colour)
        for line in range(2):
            ly = y + 26 + line * 30
            draw.line(
                [(x + 26, ly), (x + w - 26 - line * 50, ly)],
                fill=mix(colour, SLATE, 0.45),
                width=10,
            )


HAIR = [(40, 30, 25), (90, 60, 40), (160, 120, 70), (200, 200, 200), (20, 20, 20)]


def people_row(draw, rng, count, base, size, span):
    x0, x1 = span
    for i in range(count):
        x = x0 + (x1 - x0) * (i + 0.5) / count + rng.randint(-12, 12)
        person(
            draw,
            x,
            base + rng.randint(-8, 8),
            size,
            rng.choice(CLOTHES),
            rng.choice(SKIN),
            rng.choice(HAIR),
        )


# --- Scenes ---


def scene_city(
    rng,
    time="day",
    peaks=False,
    river=True,
    bridge_kind=None,
    roofs=("flat", "step"),
    talk=False,
    boats=False,
):
    canvas = Image.new("RGB", (W, H), CREAM)
    draw = ImageDraw.Draw(canvas)
    horizon = int(H * (0.68 if river else 0.86))
    sky(draw, rng, time, horizon)
    if peaks:
        mountains(draw, rng, horizon - 40, mix(MID, SLATE, 0.3))
    skyline(
        draw,
        rng,
        horizon,
        [mix(MID, SKIES[time][1], 0.45), BLUE if time != "dusk" else NAVY],
        list(roofs),
    )
    if river:
        water(draw, rng, horizon, MID)
        if bridge_kind:
            bridge(draw, rng, bridge_kind, horizon + 40, ACCENT if bridge_kind != "truss" else NAVY)
        if boats:
            for _ in range(rng.randint(2, 4)):
                x, y = rng.randint(100, W - 300), rng.randint(horizon + 120, H - 60)
                draw.polygon(
                    [(x, y), (x + 220, y), (x + 180, y + 40), (x + 40, y + 40)], fill=CREAM
                )
                draw.polygon(
                    [(x + 110, y - 10), (x + 110, y - 200), (x + 200, y - 10)], fill=ACCENT_SOFT
                )
    else:
        draw.rectangle([0, horizon, W, H], fill=STONE)
        trees(draw, rng, horizon + 20, 14)
    if talk:
        bubbles(draw, rng, 5, (80, 60, W - 320, horizon // 2))
    return canvas


def scene_meeting(rng, wall_screen=False, people=5):
    canvas = Image.new("RGB", (W, H), SAND)
    draw = ImageDraw.Draw(canvas)
    gradient(draw, (0, 0, W, H * 3 // 4), CREAM, SAND)
    window = (W // 10, 120, W // 10 + 900, 720)
    view = scene_city(random.Random(rng.random()), time=rng.choice(["day", "dawn"]), river=True)
    view = view.resize((window[2] - window[0], window[3] - window[1]))
    canvas.paste(view, window[:2])
    draw.rectangle(window, outline=STONE, width=24)
    draw.line(
        [((window[0] + window[2]) // 2, window[1]), ((window[0] + window[2]) // 2, window[3])],
        fill=STONE,
        width=16,
    )
    if wall_screen:  # people who join from afar, on a screen at the end of the room
        sx, sy = W - 980, 160
        draw.rounded_rectangle([sx, sy, sx + 760, sy + 440], radius=20, fill=NAVY)
        for row in range(2):
            for col in range(3):
                tx, ty = sx + 30 + col * 240, sy + 30 + row * 200
                draw.rectangle(
                    [tx, ty, tx + 220, ty + 180], fill=rng.choice([MID, SLATE, BLUE, TEAL])
                )
                person(
                    draw,
                    tx + 110,
                    ty + 170,
                    44,
                    rng.choice(CLOTHES[2:]),
                    rng.choice(SKIN),
                    rng.choice(HAIR),
                )
    else:
        for _ in range(3):  # notes on the wall from the session
            nx, ny = rng.randint(W - 900, W - 260), rng.randint(160, 520)
            draw.rectangle([nx, ny, nx + 150, ny + 150], fill=rng.choice([GOLD, ACCENT_SOFT, PALE]))
    people_row(draw, rng, people, 980, 92, (160, W - 160))
    draw.rectangle([0, 960, W, 1010], fill=mix(ACCENT, NAVY, 0.35))  # table edge
    draw.rectangle([0, 1010, W, H], fill=mix(STONE, SLATE, 0.25))
    for _ in range(people):  # papers and cups on the table
        px = rng.randint(100, W - 300)
        draw.polygon([(px, 1000), (px + 190, 1000), (px + 170, 970), (px + 20, 970)], fill=CREAM)
    return canvas


def scene_table_from_above(rng, shape="round", seats=8, table_map=False):
    canvas = Image.new("RGB", (W, H), STONE)
    draw = ImageDraw.Draw(canvas)
    for x in range(0, W, 160):  # floorboards
        draw.line([(x, 0), (x, H)], fill=mix(STONE, SLATE, 0.12), width=6)
    cx, cy = W // 2, H // 2
    if shape == "round":
        radius = 430
        seat_points = [
            (
                cx + (radius + 110) * math.cos(2 * math.pi * i / seats),
                cy + (radius + 110) * math.sin(2 * math.pi * i / seats),
            )
            for i in range(seats)
        ]
        table = [cx - radius, cy - radius, cx + radius, cy + radius]
    else:
        half_w, half_h = 820, 320
        table = [cx - half_w, cy - half_h, cx + half_w, cy + half_h]
        per_side = seats // 2
        seat_points = [
            (cx - half_w + (2 * half_w) * (i + 0.5) / per_side, cy + side * (half_h + 90))
            for side in (-1, 1)
            for i in range(per_side)
        ]

    def facing(x, y):  # the direction from the table to a seat
        if shape == "round":
            return math.atan2(y - cy, x - cx)
        return math.pi / 2 if y > cy else -math.pi / 2

    for x, y in seat_points:
        angle = facing(x, y)
        size = 95
        bx, by = x + 55 * math.cos(angle), y + 55 * math.sin(angle)  # the chair behind
        draw.ellipse([bx - 105, by - 105, bx + 105, by + 105], fill=mix(STONE, SLATE, 0.35))
        clothes, hair = rng.choice(CLOTHES), rng.choice(HAIR)
        body = Image.new("RGBA", (size * 3, size * 3), (0, 0, 0, 0))
        body_draw = ImageDraw.Draw(body)
        figure_from_above(body_draw, size * 1.5, size * 1.5, size, clothes, hair)
        body = body.rotate(-math.degrees(angle) + 90, resample=Image.BICUBIC)
        canvas.paste(body, (int(x - size * 1.5), int(y - size * 1.5)), body)
    if shape == "round":
        draw.ellipse(table, fill=mix(ACCENT, SAND, 0.35))
        draw.ellipse(
            [t + d for t, d in zip(table, (30, 30, -30, -30), strict=True)],
            outline=mix(ACCENT, SAND, 0.55),
            width=6,
        )
    else:
        draw.rounded_rectangle(table, radius=40, fill=mix(ACCENT, SAND, 0.35))
    if table_map:  # a map spread on the table, a river and places pinned
        mx0, my0, mx1, my1 = cx - 420, cy - 220, cx + 420, cy + 220
        draw.rectangle([mx0, my0, mx1, my1], fill=PALE)
        draw.line(
            [(mx0, my0 + 120), (cx - 100, cy), (cx + 150, cy + 40), (mx1, my1 - 60)],
            fill=MID,
            width=40,
            joint="curve",
        )
        for _ in range(5):
            px, py = rng.randint(mx0 + 40, mx1 - 40), rng.randint(my0 + 40, my1 - 40)
            draw.ellipse([px - 22, py - 22, px + 22, py + 22], fill=ACCENT)
    for x, y in seat_points:  # hands on the table, a sheet and a cup in front of each person
        angle = facing(x, y)
        dx, dy = math.cos(angle), math.sin(angle)
        skin = rng.choice(SKIN)
        for side in (-1, 1):
            hx, hy = x - 125 * dx - side * 50 * dy, y - 125 * dy + side * 50 * dx
            draw.ellipse([hx - 20, hy - 20, hx + 20, hy + 20], fill=skin)
        px, py = x - 200 * dx, y - 200 * dy
        draw.rectangle([px - 45, py - 30, px + 45, py + 30], fill=CREAM)
        draw.ellipse([px + 60, py - 22, px + 104, py + 22], fill=rng.choice([CREAM, NAVY]))
    return canvas


def scene_webinar(rng, tiles=(4, 3)):
    canvas = Image.new("RGB", (W, H), PALE)
    draw = ImageDraw.Draw(canvas)
    gradient(draw, (0, 0, W, H), PALE, mix(PALE, SAND, 0.7))
    draw.rectangle([0, H - 220, W, H], fill=mix(STONE, SAND, 0.4))  # desk
    sx0, sy0, sx1, sy1 = 380, 110, W - 380, H - 300
    draw.rounded_rectangle([sx0 - 30, sy0 - 30, sx1 + 30, sy1 + 30], radius=30, fill=NAVY)
    draw.polygon(
        [(sx0 - 160, H - 150), (sx1 + 160, H - 150), (sx1 + 30, sy1 + 30), (sx0 - 30, sy1 + 30)],
        fill=SLATE,
    )
    cols, rows = tiles
    gap = 14
    tw, th = (sx1 - sx0 - gap * (cols - 1)) / cols, (sy1 - sy0 - gap * (rows - 1)) / rows
    for row in range(rows):
        for col in range(cols):
            x, y = sx0 + col * (tw + gap), sy0 + row * (th + gap)
            draw.rectangle(
                [x, y, x + tw, y + th],
                fill=rng.choice([MID, BLUE, TEAL, SLATE, mix(ACCENT, NAVY, 0.3)]),
            )
            person(
                draw,
                x + tw / 2,
                y + th - 10,
                th * 0.22,
                rng.choice(CLOTHES),
                rng.choice(SKIN),
                rng.choice(HAIR),
            )
            if row == 0 and col == 0:
                draw.rectangle([x, y, x + tw, y + th], outline=GOLD, width=10)  # the speaker
    draw.rounded_rectangle([120, H - 330, 260, H - 180], radius=16, fill=ACCENT)  # a mug
    draw.arc([230, H - 300, 310, H - 220], 270, 90, fill=ACCENT, width=18)
    for i in range(5):  # a plant
        angle = math.pi * (0.15 + 0.7 * i / 4)
        draw.ellipse(
            [
                W - 240 + 150 * math.cos(angle) - 40,
                H - 330 - 150 * math.sin(angle) - 90,
                W - 240 + 150 * math.cos(angle) + 40,
                H - 330 - 150 * math.sin(angle) + 90,
            ],
            fill=TEAL,
        )
    draw.rectangle([W - 300, H - 320, W - 180, H - 180], fill=CREAM)
    return canvas


def scene_audience(rng):
    canvas = Image.new("RGB", (W, H), SAND)
    draw = ImageDraw.Draw(canvas)
    gradient(draw, (0, 0, W, H), mix(NAVY, BLUE, 0.4), BLUE)
    draw.rectangle([0, 520, W, 620], fill=mix(STONE, SLATE, 0.3))  # the stage
    draw.rounded_rectangle(
        [W // 2 - 620, 90, W // 2 + 620, 430], radius=16, fill=CREAM
    )  # the screen
    view = scene_city(random.Random(rng.random()), time="dusk", peaks=True, bridge_kind=None)
    view = view.resize((1180, 300))
    canvas.paste(view, (W // 2 - 590, 110))
    draw.rectangle(
        [W // 2 - 760, 470, W // 2 + 760, 540], fill=mix(ACCENT, NAVY, 0.2)
    )  # panel table
    for i in range(4):
        person(
            draw,
            W // 2 - 540 + i * 360,
            480,
            56,
            rng.choice(CLOTHES),
            rng.choice(SKIN),
            rng.choice(HAIR),
        )
    draw.rectangle([W // 2 - 760, 470, W // 2 + 760, 540], fill=mix(ACCENT, NAVY, 0.2))
    for row, (base, size) in enumerate(((830, 70), (1050, 88), (1300, 108))):
        count = 11 - row * 2
        for i in range(count):  # heads seen from behind
            x = W * (i + 0.5 + (row % 2) * 0.3) / count
            clothes = mix(rng.choice(CLOTHES), NAVY, 0.35)
            draw.rounded_rectangle(
                [x - size, base - size * 0.9, x + size, base + size * 1.6],
                radius=size * 0.7,
                fill=clothes,
            )
            head = size * 0.55
            draw.ellipse(
                [x - head, base - size * 1.7, x + head, base - size * 0.6],
                fill=mix(rng.choice(HAIR), NAVY, 0.2),
            )
    return canvas


def scene_campus(rng):
    canvas = Image.new("RGB", (W, H), CREAM)
    draw = ImageDraw.Draw(canvas)
    horizon = int(H * 0.74)
    sky(draw, rng, "dawn", horizon)
    trees(draw, rng, horizon, 10, mix(TEAL, MID, 0.3))
    left, right, top = W // 2 - 620, W // 2 + 620, horizon - 520
    draw.rectangle([left, top, right, horizon], fill=SAND)
    draw.polygon([(left - 60, top), (W // 2, top - 260), (right + 60, top)], fill=STONE)
    draw.polygon([(left + 40, top - 20), (W // 2, top - 220), (right - 40, top - 20)], fill=SAND)
    for i in range(7):  # columns
        x = left + 90 + i * (right - left - 180) / 6
        draw.rectangle([x - 26, top + 30, x + 26, horizon - 30], fill=CREAM)
    draw.rectangle([W // 2 - 80, horizon - 260, W // 2 + 80, horizon - 30], fill=BLUE)
    draw.rectangle([left - 40, horizon - 30, right + 40, horizon], fill=STONE)
    draw.rectangle([0, horizon, W, H], fill=mix(TEAL, STONE, 0.55))
    draw.polygon(
        [(W // 2 - 120, horizon), (W // 2 + 120, horizon), (W // 2 + 420, H), (W // 2 - 420, H)],
        fill=SAND,
    )
    for _ in range(9):  # people arriving
        x = rng.randint(200, W - 200)
        base = rng.randint(horizon + 120, H - 60)
        scale = 0.5 + (base - horizon) / (H - horizon) * 0.6
        person(draw, x, base, 60 * scale, rng.choice(CLOTHES), rng.choice(SKIN), rng.choice(HAIR))
    trees(draw, rng, H + 40, 3, mix(TEAL, NAVY, 0.2))
    return canvas


def scene_cover(rng, motif):
    """A guide on a desk, seen from above: its cover says what kind of document it is."""
    background = rng.choice([mix(PALE, SAND, 0.5), SAND, mix(STONE, CREAM, 0.5)])
    canvas = Image.new("RGB", (W, H), background)
    draw = ImageDraw.Draw(canvas)
    angle = rng.uniform(-7, 7)
    cover_colour = rng.choice([BLUE, NAVY, MID, mix(ACCENT, NAVY, 0.2)])
    sheet = Image.new("RGBA", (1000, 1240), (0, 0, 0, 0))
    sheet_draw = ImageDraw.Draw(sheet)
    sheet_draw.rectangle([0, 0, 1000, 1240], fill=cover_colour)
    sheet_draw.rectangle([0, 0, 1000, 60], fill=ACCENT)
    sheet_draw.rectangle([80, 140, 760, 190], fill=CREAM)
    sheet_draw.rectangle([80, 220, 560, 260], fill=mix(cover_colour, CREAM, 0.55))
    box = (80, 340, 920, 1140)
    sheet_draw.rectangle(box, fill=mix(cover_colour, CREAM, 0.88))
    x0, y0, x1, y1 = box
    if motif == "map":
        sheet_draw.line(
            [(x0, y0 + 200), (x0 + 300, y0 + 360), (x0 + 520, y0 + 300), (x1, y1 - 200)],
            fill=LIGHT,
            width=60,
            joint="curve",
        )
        for _ in range(6):
            px, py = rng.randint(x0 + 60, x1 - 60), rng.randint(y0 + 60, y1 - 60)
            sheet_draw.ellipse([px - 30, py - 30, px + 30, py + 30], fill=ACCENT)
            sheet_draw.ellipse([px - 10, py - 10, px + 10, py + 10], fill=CREAM)
    elif motif == "checklist":
        for i in range(6):
            y = y0 + 70 + i * 120
            sheet_draw.rounded_rectangle(
                [x0 + 60, y, x0 + 130, y + 70], radius=10, outline=BLUE, width=10
            )
            if i < 4:
                sheet_draw.line(
                    [(x0 + 72, y + 36), (x0 + 92, y + 58), (x0 + 124, y + 8)], fill=ACCENT, width=14
                )
            sheet_draw.rectangle(
                [x0 + 170, y + 20, x1 - 60 - rng.randint(0, 260), y + 50], fill=STONE
            )
    elif motif == "chart":
        for i in range(6):
            height = rng.randint(140, 620)
            sheet_draw.rectangle(
                [x0 + 60 + i * 125, y1 - 60 - height, x0 + 150 + i * 125, y1 - 60],
                fill=ACCENT if i == 3 else MID,
            )
        sheet_draw.line([(x0 + 40, y1 - 60), (x1 - 40, y1 - 60)], fill=SLATE, width=8)
    elif motif == "network":
        nodes = [(rng.randint(x0 + 80, x1 - 80), rng.randint(y0 + 80, y1 - 80)) for _ in range(9)]
        for a in nodes:
            for b in nodes:
                if a < b and math.dist(a, b) < 380:
                    sheet_draw.line([a, b], fill=LIGHT, width=10)
        for i, (nx, ny) in enumerate(nodes):
            r = 46 if i % 3 == 0 else 30
            sheet_draw.ellipse(
                [nx - r, ny - r, nx + r, ny + r], fill=ACCENT if i % 3 == 0 else BLUE
            )
    elif motif == "play":
        sheet_draw.rectangle(box, fill=NAVY)
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        sheet_draw.ellipse([cx - 150, cy - 150, cx + 150, cy + 150], fill=ACCENT)
        sheet_draw.polygon([(cx - 50, cy - 80), (cx - 50, cy + 80), (cx + 85, cy)], fill=CREAM)
        sheet_draw.rectangle([x0 + 60, y1 - 80, x1 - 60, y1 - 64], fill=SLATE)
        sheet_draw.rectangle([x0 + 60, y1 - 80, x0 + 380, y1 - 64], fill=GOLD)
    elif motif == "shield":
        cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
        sheet_draw.polygon(
            [
                (cx - 230, cy - 250),
                (cx + 230, cy - 250),
                (cx + 230, cy + 20),
                (cx, cy + 280),
                (cx - 230, cy + 20),
            ],
            fill=BLUE,
        )
        sheet_draw.polygon(
            [
                (cx - 150, cy - 180),
                (cx + 150, cy - 180),
                (cx + 150, cy + 10),
                (cx, cy + 190),
                (cx - 150, cy + 10),
            ],
            fill=ACCENT,
        )
    sheet = sheet.rotate(angle, resample=Image.BICUBIC, expand=True)
    shadow = Image.new("RGBA", sheet.size, (0, 0, 0, 0))
    shadow.paste((0, 0, 0, 70), mask=sheet.split()[3])
    shadow = shadow.filter(ImageFilter.GaussianBlur(20))
    left = rng.randint(W // 2 - 760, W // 2 - 560)
    top = (H - sheet.size[1]) // 2
    canvas.paste(shadow, (left + 24, top + 30), shadow)
    canvas.paste(sheet, (left, top), sheet)
    # A pencil and a cup beside it.
    px, py = left + sheet.size[0] + 120, rng.randint(200, 500)
    draw.rounded_rectangle([px, py, px + 40, py + 620], radius=12, fill=GOLD)
    draw.polygon([(px, py + 620), (px + 40, py + 620), (px + 20, py + 690)], fill=SAND)
    cx, cy = min(px + 400, W - 200), rng.randint(350, 950)
    draw.ellipse([cx - 150, cy - 150, cx + 150, cy + 150], fill=CREAM)
    draw.ellipse([cx - 110, cy - 110, cx + 110, cy + 110], fill=mix(ACCENT, NAVY, 0.55))
    return canvas


# slug -> (scene, options). Descriptions (alt text) are in pages/demo_content.py.
SCENES = {
    # Impact stories
    "edmonton-hate-landscape": (scene_meeting, {"people": 6}),
    "boise-cohesion-roundtable": (scene_table_from_above, {"shape": "round", "seats": 8}),
    "brampton-faith-communities": (scene_city, {"time": "dawn", "river": False, "roofs": ("dome", "spire", "gable", "dome", "spire")}),
    "victoria-western-exchange": (scene_city, {"time": "dusk", "peaks": True, "boats": True, "roofs": ("flat", "gable")}),
    "vancouver-online-harms-academy": (scene_city, {"time": "day", "peaks": True, "bridge_kind": "suspension", "talk": True}),
    "forest-park-tabletop": (scene_table_from_above, {"shape": "long", "seats": 8, "table_map": True}),
    # Convenings
    "mayoral-retreat-2027": (scene_campus, {}),
    "canada-webinar-incivility": (scene_webinar, {"tiles": (4, 3)}),
    "bc-deep-dive-convening": (scene_meeting, {"wall_screen": True, "people": 4}),
    "victoria-exchange-2024": (scene_audience, {}),
    "edmonton-workshop-2024": (scene_city, {"time": "dusk", "bridge_kind": "truss"}),
    "boise-roundtable-2025": (scene_city, {"time": "day", "peaks": True, "river": False, "roofs": ("dome", "flat", "step")}),
    "brampton-workshop-2025": (scene_table_from_above, {"shape": "round", "seats": 10}),
    # Resource Hub
    "ten-step-roadmap": (scene_cover, {"motif": "checklist"}),
    "multi-actor-framework-toolkit": (scene_cover, {"motif": "network"}),
    "anti-government-hate-toolkit": (scene_cover, {"motif": "shield"}),
    "policy-brief-small-cities": (scene_cover, {"motif": "chart"}),
    "policy-brief-needs-assessments": (scene_cover, {"motif": "chart"}),
    "guide-for-mayors": (scene_cover, {"motif": "network"}),
    "guide-for-cities": (scene_cover, {"motif": "checklist"}),
    "inclusive-mapping": (scene_cover, {"motif": "map"}),
    "responding-to-attacks": (scene_cover, {"motif": "shield"}),
    "regional-impact-report": (scene_cover, {"motif": "chart"}),
    "urban-design-recording": (scene_cover, {"motif": "play"}),
    "online-harms-bc": (scene_cover, {"motif": "map"}),
}  # fmt: skip


def draw(slug: str) -> Image.Image:
    scene, options = SCENES[slug]
    picture = scene(random.Random(slug), **options)
    return picture.resize((WIDTH, HEIGHT), Image.LANCZOS)


def main(slugs):
    folder = Path(__file__).parent
    for slug in slugs or SCENES:
        path = folder / f"{slug}.jpg"
        draw(slug).save(path, "JPEG", quality=82, optimize=True, progressive=True)
        print(f"{path.name}: {path.stat().st_size // 1024} KB")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1:])
