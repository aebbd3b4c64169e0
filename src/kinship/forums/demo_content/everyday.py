"""The demo forums' everyday boards: the welcome board and milestones.

Every person, story and detail here is made up (see `demo_content`)."""

from kinship.forums.demo_content.shapes import DemoBoard, P, T

WELCOME = DemoBoard(
    slug="welcome",
    name="Welcome and introductions",
    description="New here? Say hello and share as much or as little as you like.",
    guidelines=(
        "- Say hello in your own words. Share only what you want to.\n"
        "- Use your handle. Keep names, phone numbers and addresses out of posts.\n"
        "- Welcome newcomers warmly: everyone's path is different.\n"
        "- In danger right now? Use **Get help now** at the top, or call or text 988."
    ),
    followers=("peer",),
    threads=(
        T(
            "Welcome to the forums: start here",
            is_pinned=True,
            posts=(
                P(
                    "coordinator",
                    "45d 10:00",
                    "Welcome. This is a place for people living with a mental health "
                    "condition and substance use, and for the people who love them.\n\n"
                    "A few things that keep this place safe and kind:\n\n"
                    "- **Use your handle.** You never need to share your real name. Please "
                    "keep phone numbers, addresses and e-mail out of posts.\n"
                    "- **Speak from your own experience.** *What helped me was...* goes "
                    "further than *you should*.\n"
                    "- **Add a content note** when a post talks about something heavy, like "
                    "a relapse or a hospital stay. It lets others choose when to read it.\n"
                    "- **Medication is welcome here.** Many of us take medication for our "
                    "mental health or our recovery. Medication-assisted recovery is "
                    "recovery.\n\n"
                    "If you ever feel unsafe, **Get help now** is at the top of every page. "
                    "You can call or text 988 any time, day or night, or chat at "
                    "[988lifeline.org](https://988lifeline.org).\n\n"
                    "Say hello below if you like. We're glad you're here.",
                    thanks=6,
                ),
                P(
                    "peer",
                    "45d 12:30",
                    "Adding my welcome. I'm one of the peer supporters here. Read for as long "
                    "as you need before you post; lurking counts as showing up.",
                    thanks=3,
                ),
                P(
                    "ana",
                    "20d 22:10",
                    "Thank you for this. Reading it made me a little less nervous about posting.",
                    me_too=2,
                ),
            ),
        ),
        T(
            "Hello from a nervous newcomer",
            member_follows=True,
            posts=(
                P(
                    "ana",
                    "20d 22:40",
                    "Hi everyone. I found Kinship through a flyer at my clinic. I live with "
                    "bipolar II and I stopped drinking a little over a month ago, after a "
                    "stay in the hospital.\n\n"
                    "I don't really know what to say yet. I mostly wanted to say hi so I "
                    "stop just reading.",
                    strength=5,
                ),
                P(
                    "peer",
                    "20d 23:05",
                    "Hi @{ana}, welcome. A month and a bit after a hospital stay takes real "
                    "work. You don't need to know what to say. Saying hi is plenty.",
                    thanks=1,
                ),
                P(
                    "member",
                    "19d 08:15",
                    "Hi! I'm pretty new too. The Tuesday evening group was the first place I "
                    "felt normal in a long time, if you're ever near the north side.",
                ),
                P(
                    "longtimer",
                    "19d 13:40",
                    "Welcome. Long-time member here. The first months after the hospital were "
                    "the foggiest of my life, and I promise the fog lifts. Be gentle with "
                    "yourself.",
                    strength=2,
                ),
                P(
                    "ana",
                    "18d 21:20",
                    "Thank you all. I didn't expect anyone to answer, honestly.",
                    quote=(3, "I promise the fog lifts."),
                    strength=3,
                ),
            ),
        ),
        T(
            "Veteran, long-time reader, first post",
            posts=(
                P(
                    "vet",
                    "9d 19:30",
                    "Army vet, living with PTSD, 14 months without a drink. I've read this "
                    "board for weeks. My dog is the reason I get up most mornings and the "
                    "night group is the reason I get through most evenings.\n\n"
                    "Anyway. Hello.",
                    strength=4,
                ),
                P(
                    "june",
                    "9d 20:05",
                    "Hello and welcome! What's your dog's name? Mine is a very old beagle "
                    "who snores like a truck.",
                ),
                P(
                    "vet",
                    "9d 21:00",
                    "Biscuit. She's a mutt with one ear up and one down. Best coworker I ever had.",
                    me_too=1,
                    thanks=2,
                ),
            ),
        ),
        T(
            "Introductions: one thing that helps",
            is_locked=True,
            posts=(
                P(
                    "facilitator",
                    "70d 18:00",
                    "Introduce yourself, and tell us one thing that helps you get through a "
                    "hard evening.",
                ),
                P(
                    "cook",
                    "70d 19:10",
                    "Soup. Big pots of it. Chopping vegetables keeps my hands busy.",
                    me_too=2,
                ),
                P(
                    "walker",
                    "69d 07:45",
                    "A walk at lunch, even a short one, while it's still light out.",
                ),
                P(
                    "shift",
                    "68d 23:55",
                    "Audiobooks on the bus home from work. Mysteries, mostly.",
                ),
                P(
                    "moderator",
                    "50d 09:00",
                    "This thread has been quiet for a while, so I'm locking it to keep things "
                    "tidy. Thank you all. You're welcome to introduce yourself in a new thread "
                    "any time.",
                ),
            ),
        ),
    ),
)

MILESTONES = DemoBoard(
    slug="milestones",
    name="Milestones",
    description="Days, months, years and the small wins in between. Every step counts.",
    guidelines=(
        "- Share any milestone: a day count, a first sober holiday, a call you finally "
        "made.\n"
        "- Celebrate without comparing. Day 1 and year 20 both belong here.\n"
        "- A **Sending strength** reaction is a quick way to cheer someone on."
    ),
    followers=("member", "peer"),
    threads=(
        T(
            "Six months today",
            member_follows=True,
            posts=(
                P(
                    "cook",
                    "4d 07:30",
                    "Six months today. I didn't think I'd make it past the first week.\n\n"
                    "Last night I made my mom's chicken soup and ate it at the table instead "
                    "of in front of the TV. Small thing. Big thing.",
                    strength=9,
                    thanks=2,
                ),
                P(
                    "peer",
                    "4d 08:10",
                    "Six months! Eating at the table is not a small thing at all. Proud of you.",
                ),
                P(
                    "june",
                    "4d 12:25",
                    "Congratulations. Save me a bowl.",
                    me_too=1,
                ),
                P(
                    "member",
                    "2d 18:40",
                    "This made my day.",
                    quote=(0, "Small thing. Big thing."),
                    me_too=3,
                    announce=True,
                ),
                P(
                    "cook",
                    "1d 12:10",
                    "Thank you, @{member}. Soup's on again tonight.",
                    announce=True,
                ),
            ),
        ),
        T(
            "One year today (yes, I counted the hours)",
            posts=(
                P(
                    "dev",
                    "12d 03:10",
                    "365 days. 8,760 hours, give or take a few. A year ago I couldn't picture "
                    "a week.\n\n"
                    "Things that got me here:\n\n"
                    "1. My medication and the clinic that never made me feel small for "
                    "taking it\n"
                    "2. The online meetings, since there are none within an hour of me\n"
                    "3. This forum at 3 a.m.\n"
                    "4. My grandma's porch",
                    strength=11,
                    thanks=3,
                ),
                P(
                    "longtimer",
                    "12d 09:00",
                    "A whole year. Your list made me smile, especially number 4.",
                ),
                P(
                    "facilitator",
                    "12d 10:15",
                    "Congratulations, @{dev}. You've helped a lot of people in this forum at "
                    "3 a.m. too.",
                    thanks=2,
                ),
                P(
                    "ana",
                    "11d 20:30",
                    "I'm saving this for the nights when a week feels impossible.",
                    quote=(0, "A year ago I couldn't picture a week."),
                    me_too=2,
                ),
            ),
        ),
        T(
            "Small win: I went to the dentist",
            posts=(
                P(
                    "painter",
                    "6d 16:20",
                    "Not a day count, but I went to the dentist for the first time in six "
                    "years. My anxiety was through the roof. I went anyway.",
                    strength=4,
                    me_too=2,
                ),
                P(
                    "student",
                    "6d 17:00",
                    "This counts! Booking appointments is my nemesis.",
                    me_too=1,
                ),
            ),
        ),
        T(
            "My first sober birthday",
            posts=(
                P(
                    "june",
                    "25d 21:45",
                    "Turned 41 on Saturday. First birthday in a long time that I remember "
                    "all of. My kids made a cake that was mostly frosting and I ate two "
                    "pieces.",
                    strength=6,
                ),
                P(
                    "vet",
                    "25d 22:30",
                    "Happy birthday. Mostly-frosting cake is the best kind.",
                ),
                P(
                    "cook",
                    "24d 09:10",
                    "Happy birthday! Remembering all of it is the best present.",
                    thanks=1,
                ),
            ),
        ),
    ),
)
