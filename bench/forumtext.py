"""The words of the forum data set: post bodies, thread titles and board names.

`make_body` writes one Markdown post of 50-1,500 characters (paragraphs, lists, quotes, now
and then a link) from pools of everyday recovery-forum sentences; the generator and P2's
replies both draw their bodies from it.
"""

from __future__ import annotations

import math
import random

SENTENCES = [
    "Day {n} today and I made it to my home group.",
    "Anyone else find the evenings hardest? I go for a walk after dinner now.",
    "My sponsor says to keep it simple, so that's what I'm doing this week.",
    "Work was long, but I ate real food and called my sister.",
    "The Thursday meeting moved to the library, room 2, same time.",
    "Started a gratitude list: coffee, my dog, the bus driver who waited for me.",
    "Therapy went fine, we talked about boundaries with my dad again.",
    "The clinic line was long but the staff were kind to everyone waiting.",
    "I keep a phone list in my wallet now, three numbers I can call.",
    "Sleep is still weird but better than last month.",
    "Made soup for the house, nobody complained, which is a first.",
    "Thank you for writing this, it sounds so much like my first year.",
    "What helped me was having something to do with my hands at six o'clock.",
    "I read this twice and it made me feel less alone with it.",
    "We started a walking group on Saturdays if anyone near the river wants to join.",
    "It took me a long time to stop counting the bad days and count the good ones.",
    "My kids noticed I'm calmer in the mornings, which honestly made my week.",
    "The step work is slow going but my sponsor is patient with me.",
    "I slipped in March and came back, and people here didn't make me feel small.",
    "Going to try the online meeting tonight since the bus isn't running late.",
    "Holidays are rough; I'm planning an exit line and a ride home this year.",
    "Cravings come in waves for me; I try to ride them out for twenty minutes.",
    "Drinking water, eating breakfast, making the bed. Small stuff, but it adds up.",
    "The hardest part was telling my boss, and it went better than I feared.",
    "I've been journaling at night instead of scrolling, and I sleep better.",
    "Does anyone have a good app for tracking days that isn't full of ads?",
    "I used to think meetings were not for me. I was wrong about that.",
    "Proud of you for reaching out here instead of keeping it in.",
    "My counsellor suggested naming the feeling out loud, and it helps a little.",
    "Picked up my {n} day chip last night, the room clapped and I nearly cried.",
    "Some days the best I can do is show up, and that has to be enough.",
    "I went back to the gym and only did ten minutes, but I went.",
    "Reading everyone's check-ins in the morning has become part of my routine.",
    "We're meeting for coffee after the Sunday group, everyone is welcome.",
    "Setting boundaries with old friends has been the hardest and most useful thing.",
    "I finally cleared out the cupboard, and it felt like a real step.",
    "Family dinner went okay; I brought my own drinks and left early.",
    "Tonight I'm choosing a film and an early night over the party.",
    "Listening more than talking this week, and learning a lot from you all.",
    "A year ago I couldn't imagine writing a post like this one.",
]
EMPHASIS = ["really", "every single day", "one day at a time", "not alone", "keep coming back"]
LIST_ITEMS = [
    "call someone before it gets loud",
    "eat something, even toast",
    "go to a meeting, any meeting",
    "get outside for ten minutes",
    "write down three things that went okay",
    "text my sponsor",
    "put the phone in another room at night",
    "drink a glass of water",
    "play the tape forward",
    "ask for help earlier than feels comfortable",
]
LINKS = [
    "[the meeting list](https://example.org/meetings)",
    "[this article on sleep](https://example.org/articles/sleep-in-recovery)",
    "[the workbook](https://example.org/workbook.pdf)",
]
TITLES = [
    "Day {n} and the cravings are loud",
    "First meeting tonight, nervous",
    "How do you handle family gatherings?",
    "{n} days today",
    "Sleep in early recovery",
    "Sponsor advice needed",
    "Weekly check-in: week {n}",
    "Small wins thread",
    "What do you do at 6pm?",
    "Back after a slip",
    "Online meetings that you like",
    "Telling my employer",
    "Gratitude list, part {n}",
    "Books that helped you",
    "Coping with loneliness on weekends",
    "New here, hello everyone",
    "Parenting in recovery",
    "Step {n} questions",
    "Going to a wedding sober",
    "Exercise and mood",
]
BOARD_NAMES = [
    "Introductions",
    "Daily check-in",
    "Early recovery",
    "Long-term recovery",
    "Family and friends",
    "Relapse and returning",
    "Step work",
    "Meetings and fellowship",
    "Work and money",
    "Health and sleep",
    "Parents in recovery",
    "LGBTQ+ in recovery",
    "Grief and loss",
    "Celebrations",
    "Books and podcasts",
    "Off topic",
    "Group: Riverside Tuesday",
    "Group: Women's circle",
    "Group: Young people",
    "Group: Night owls",
]


def _sentence(rng: random.Random) -> str:
    text = rng.choice(SENTENCES).format(n=rng.randrange(2, 900))
    roll = rng.random()
    if roll < 0.12:
        text += f" **{rng.choice(EMPHASIS)}**."
    elif roll < 0.2:
        text += f" *{rng.choice(EMPHASIS)}*."
    return text


def make_body(rng: random.Random) -> str:
    """One Markdown post of 50-1,500 characters: paragraphs, lists, quotes, now and then a link."""
    target = min(1500, max(50, int(rng.lognormvariate(math.log(320), 0.75))))
    blocks: list[str] = []
    length = 0
    while length < target:
        roll = rng.random()
        if roll < 0.12 and blocks:
            items = rng.sample(LIST_ITEMS, rng.randrange(2, 6))
            marker = "1." if rng.random() < 0.3 else "-"
            block = "\n".join(f"{marker} {item}" for item in items)
        elif roll < 0.2:
            block = f"> {_sentence(rng)}"
        elif roll < 0.23:
            block = f"A link that helped me: {rng.choice(LINKS)}"
        elif roll < 0.25 and blocks:
            block = "### Update"
        else:
            block = " ".join(_sentence(rng) for _ in range(rng.randrange(1, 5)))
        blocks.append(block)
        length += len(block) + 2
    body = "\n\n".join(blocks)
    if len(body) > 1500:
        body = body[:1500].rsplit(" ", 1)[0]
    return body
