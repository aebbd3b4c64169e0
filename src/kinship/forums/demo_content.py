"""The demo forums' conversations: boards, threads and posts as data (see `demo.py`).

Every person, story and detail here is made up. People are named by the parts they play
(`demo.FIXED_PEOPLE`, the slots); `demo.py` casts real demo members into them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoPost:
    who: str
    at: str
    """Days ago and local time in Chicago: "12d 21:05"."""
    body: str
    anonymous: bool = False
    note: str = ""
    quote: tuple[int, str] | None = None
    """An earlier post of the thread (its index) and the words quoted from it."""
    me_too: int = 0
    strength: int = 0
    thanks: int = 0
    edit: str = ""
    """Words the author added later by editing (the first version is kept)."""
    announce: bool = False
    """Leave for the task worker to tell followers about (a recent post)."""


@dataclass(frozen=True)
class DemoThread:
    title: str
    posts: tuple[DemoPost, ...]
    is_pinned: bool = False
    is_locked: bool = False
    member_follows: bool = False


@dataclass(frozen=True)
class DemoBoard:
    slug: str
    name: str
    description: str
    guidelines: str
    threads: tuple[DemoThread, ...]
    language: str = ""
    allows_anonymous: bool = False
    is_group_board: bool = False
    followers: tuple[str, ...] = ()


P = DemoPost
T = DemoThread

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

HARD_DAYS = DemoBoard(
    slug="cravings-and-hard-days",
    name="Cravings and hard days",
    description="For the rough days. Say what's going on; someone here has been there.",
    guidelines=(
        "- It's OK to say a day is hard. You don't need to have it figured out.\n"
        "- Share what helps you. No details of amounts or ways of using.\n"
        "- Add a **content note** when a post talks about a relapse, a hospital stay or "
        "anything heavy.\n"
        "- If you might act on thoughts of harming yourself, call or text 988 now or use "
        "**Get help now**. In immediate danger, call 911."
    ),
    followers=("member", "peer"),
    threads=(
        T(
            "Day 3 and the cravings are brutal",
            member_follows=True,
            posts=(
                P(
                    "early",
                    "2d 21:15",
                    "Day 3. The cravings are brutal this evening, worst around 9 when I'd "
                    "usually be out. Not looking for advice exactly. I just didn't want to "
                    "sit with it by myself.\n\n"
                    "What did you do in your first week?",
                    strength=8,
                    me_too=3,
                ),
                P(
                    "peer",
                    "2d 21:30",
                    "Day 3 is one of the hardest. You did the right thing posting.\n\n"
                    "What worked for me: cold water on my face, a walk around the block, "
                    "and texting one person, even just an emoji. A craving is a wave. It "
                    "builds, it peaks, and it passes. You don't have to do anything but let "
                    "it pass.",
                    thanks=4,
                ),
                P(
                    "longtimer",
                    "2d 22:05",
                    "My first week list, for what it's worth:\n\n"
                    "- eat something, even toast\n"
                    "- shower, even at midnight\n"
                    "- *play the tape forward*: picture tomorrow morning both ways\n"
                    "- go to bed early and let the day be over",
                    thanks=3,
                ),
                P(
                    "vet",
                    "2d 23:40",
                    "Me too at day 3. I'm at 14 months now. It gets quieter, I promise.",
                    strength=1,
                ),
                P(
                    "early",
                    "1d 08:20",
                    "Made it through the night. Called the warmline, then watched cooking "
                    "videos until I fell asleep. Day 4.",
                    strength=10,
                    announce=True,
                ),
                P(
                    "cook",
                    "1d 09:05",
                    "That's everything. Proud of you. (Which cooking videos? Asking for me.)",
                    quote=(4, "Made it through the night."),
                    announce=True,
                ),
            ),
        ),
        T(
            "Starting over after a slip (long post)",
            posts=(
                P(
                    "painter",
                    "16d 20:00",
                    "A few of you asked where I'd been, so here goes.\n\n"
                    "Last month I had a slip after eight months. It started small. I "
                    "stopped going to group because work got busy, stopped texting people "
                    "back, and told myself I was fine. My depression crept in the way it "
                    "does, quietly, and one bad weekend I drank.\n\n"
                    "What I've learned, for me:\n\n"
                    "1. The warning signs showed up weeks before the weekend. Missing group "
                    "was the first one.\n"
                    "2. Shame kept me away longer than the drinking did.\n"
                    "3. Coming back was easier than I feared. Nobody at group made it weird.\n\n"
                    "I'm three weeks back now, back at group, and I told my therapist "
                    "everything. My count starts over but what I learned doesn't.",
                    note="mentions relapse details",
                    strength=9,
                    thanks=4,
                ),
                P(
                    "peer",
                    "16d 20:40",
                    "Thank you for trusting us with this. What you learned doesn't start "
                    "over, you're right.",
                    quote=(0, "Shame kept me away longer than the drinking did."),
                    me_too=3,
                ),
                P(
                    "june",
                    "16d 21:15",
                    "Your list is going on my fridge. Number 1 especially.",
                    thanks=1,
                ),
                P(
                    "walker",
                    "15d 07:50",
                    "Welcome back. Glad you're here.",
                ),
            ),
        ),
        T(
            "Evenings are the worst. What fills your 6 to 10 pm?",
            posts=(
                P(
                    "shift",
                    "10d 18:20",
                    "Mornings I'm fine. Evenings are when my brain starts bargaining. What "
                    "do you all do with those hours?",
                    me_too=5,
                ),
                P(
                    "cook",
                    "10d 18:45",
                    "Cooking, obviously. Something that takes an hour on purpose.",
                ),
                P(
                    "walker",
                    "10d 19:30",
                    "Headphones and a long walk. I have a playlist called *6 to 10*.",
                    me_too=1,
                ),
                P(
                    "member",
                    "10d 20:10",
                    "The online meetings at 7. Even if I just listen with my camera off.",
                    thanks=2,
                ),
                P(
                    "student",
                    "9d 21:00",
                    "Jigsaw puzzles! 1,000 pieces, on the kitchen table. My roommate adds a "
                    "piece whenever she walks by.",
                ),
            ),
        ),
        T(
            "Hard day, no big reason",
            posts=(
                P(
                    "member",
                    "5d 17:45",
                    "Nothing happened today. It was just heavy, and I'm tired of it being "
                    "heavy. Writing it here instead of keeping it in.",
                    strength=6,
                ),
                P(
                    "peer",
                    "5d 18:10",
                    "Heavy days with no reason are still real days. Thanks for writing it "
                    "here. Anything small you can do for yourself tonight?",
                ),
                P(
                    "member",
                    "5d 19:30",
                    "Tea and an early night. Thank you.",
                    strength=2,
                ),
            ),
        ),
    ),
)

MEDICATION = DemoBoard(
    slug="medication-questions",
    name="Medication questions",
    description=(
        "Peer experience with medication for mental health and for recovery. Not medical "
        "advice: your prescriber is the one to ask."
    ),
    guidelines=(
        "- Share your own experience: what it was like for you, what you asked your "
        "prescriber.\n"
        "- **This is not medical advice.** Never tell anyone to start, stop or change a "
        "medication, and don't post doses.\n"
        "- No buying, selling or swapping medication, ever.\n"
        "- Medication-assisted recovery (buprenorphine, methadone, naltrexone) is recovery. "
        "Stigma stays out of this board."
    ),
    followers=("peer",),
    threads=(
        T(
            "How do I tell my psychiatrist about a relapse?",
            member_follows=True,
            posts=(
                P(
                    "walker",
                    "14d 20:30",
                    "I see my psychiatrist next week. Back in the spring I had a relapse "
                    "with alcohol and I never told her. I'm doing better now, but I'm "
                    "worried she'll change my meds or think I'm not trying.\n\n"
                    "Has anyone told their prescriber something like this? How did you "
                    "bring it up?",
                    me_too=4,
                ),
                P(
                    "peer",
                    "14d 21:00",
                    "I did, a few years ago. I was too nervous to say it out loud, so I "
                    "wrote it on a card and handed it to her at the start.\n\n"
                    "She told me it was useful to know, because alcohol can change how some "
                    "medications work, and that she'd rather hear it than guess. It was "
                    "about keeping me safe, not about getting in trouble. Your psychiatrist "
                    "is the one to ask about your own meds, of course.",
                    thanks=5,
                ),
                P(
                    "june",
                    "14d 22:15",
                    "A sentence that helped me start: *I want to be honest with you because "
                    "I want this treatment to work.*",
                    thanks=4,
                ),
                P(
                    "longtimer",
                    "13d 08:40",
                    "Mine thanked me. I'd spent weeks dreading a conversation that took "
                    "five minutes.",
                    me_too=2,
                ),
                P(
                    "walker",
                    "7d 17:20",
                    "Update: I told her. I used the card idea. She didn't change anything, "
                    "she asked what support I have and we made a plan for next time.",
                    strength=7,
                    edit="Thank you all. I wouldn't have done it without this thread.",
                ),
            ),
        ),
        T(
            "Someone at a meeting said I'm 'not really clean' because of my medication",
            posts=(
                P(
                    "dev",
                    "22d 02:40",
                    "I've been on buprenorphine for a year, prescribed, through my clinic. "
                    "At an in-person meeting in the next county someone said people on "
                    "medication aren't really in recovery. I drove an hour home feeling "
                    "like a fraud.\n\n"
                    "Does this happen to other people? How do you deal with it?",
                    me_too=6,
                    strength=4,
                ),
                P(
                    "peer",
                    "22d 08:30",
                    "It happens, and it's wrong. Medication for opioid use disorder is "
                    "recovery. That person was speaking from their own fear, not from what "
                    "is true about you.\n\n"
                    "What helped me was finding meetings that say plainly that everyone's "
                    "path is their own. Dual diagnosis groups are usually good at this.",
                    thanks=6,
                ),
                P(
                    "facilitator",
                    "22d 09:10",
                    "In the groups I run, what medication you take is between you and your "
                    "prescriber. It's in our guidelines. You're welcome in every one of "
                    "them.",
                    thanks=3,
                ),
                P(
                    "vet",
                    "22d 12:00",
                    "I've been on methadone for three years. I heard the same thing early "
                    "on. I have a job, my dog, my kid calls me on Sundays. I know what my "
                    "recovery looks like.",
                    strength=5,
                ),
                P(
                    "ana",
                    "21d 23:10",
                    "I take medication for bipolar and I've heard versions of this too. "
                    "Keeping this thread.",
                    quote=(3, "I know what my recovery looks like."),
                    me_too=2,
                ),
            ),
        ),
        T(
            "Feeling foggy on a new medication: how long did it take you to adjust?",
            posts=(
                P(
                    "student",
                    "8d 15:10",
                    "My psychiatrist switched my antidepressant two weeks ago and I feel "
                    "like I'm walking through wet cement. I'm going to ask her about it at "
                    "my next appointment. Meanwhile, what was adjusting like for you?",
                    me_too=3,
                ),
                P(
                    "longtimer",
                    "8d 16:00",
                    "For me the fog got lighter after a few weeks, but everyone is "
                    "different. What helped was keeping a short note on my phone each day: "
                    "sleep, energy, mood out of 10. My psychiatrist liked having it.",
                    thanks=3,
                ),
                P(
                    "painter",
                    "8d 18:30",
                    "Seconding the notes. I forget everything the moment I sit down in "
                    "that office.",
                    me_too=2,
                ),
                P(
                    "student",
                    "3d 10:15",
                    "Started the notes. Appointment is Thursday. Thanks, both of you.",
                ),
            ),
        ),
    ),
)

FAMILY = DemoBoard(
    slug="family-and-friends",
    name="Family and friends",
    description="For the people who love someone in recovery, and for members figuring out family.",
    guidelines=(
        "- Family members and friends are welcome here, and so are members talking about "
        "their families.\n"
        "- Share your side of it. Please leave out details that would identify the person "
        "you love.\n"
        "- Boundaries, guilt and hope all belong here."
    ),
    threads=(
        T(
            "My brother is back in treatment. How do you look after yourself?",
            posts=(
                P(
                    "sister",
                    "18d 21:30",
                    "My younger brother lives with schizophrenia and he went back into "
                    "treatment this week. I'm relieved and exhausted at the same time. I "
                    "keep checking my phone.\n\n"
                    "For those of you who are the sibling or the parent: how do you look "
                    "after yourself while they're getting help?",
                    strength=5,
                    me_too=2,
                ),
                P(
                    "mom",
                    "18d 22:15",
                    "Relieved and exhausted is exactly it. My son has been in recovery for "
                    "three years, and the first time he went into treatment I cleaned my "
                    "whole house twice.\n\n"
                    "What helped me most was a family group, where nobody needed the "
                    "backstory explained. And one rule: phone on the counter at dinner.",
                    thanks=3,
                ),
                P(
                    "peer",
                    "17d 08:05",
                    "From the other side of this: the times my family took care of "
                    "themselves were the times I could feel less guilty. You resting is "
                    "good for him too.",
                    quote=(0, "I'm relieved and exhausted at the same time."),
                    thanks=4,
                ),
            ),
        ),
        T(
            "Telling my kids about my recovery",
            posts=(
                P(
                    "june",
                    "30d 20:45",
                    "My kids are 9 and 12. They know I go to *meetings* but not much else. "
                    "My therapist says they probably understand more than I think. Has "
                    "anyone talked to their kids about this? What words did you use?",
                    me_too=2,
                ),
                P(
                    "mom",
                    "30d 21:30",
                    "We kept it simple: *Dad has an illness, he's getting help, and none of "
                    "it is your fault.* Then we let them ask questions over the following "
                    "weeks. They asked the funniest ones at bedtime.",
                    thanks=2,
                ),
                P(
                    "longtimer",
                    "29d 07:55",
                    "My daughter was 11. What she remembers now, as an adult, is not what I "
                    "said but that I kept showing up.",
                    strength=2,
                    thanks=3,
                ),
            ),
        ),
        T(
            "Family parties when everyone else drinks",
            posts=(
                P(
                    "cook",
                    "35d 18:00",
                    "Big family party coming up and most of my family drinks. I love them. "
                    "I'm also five months into this. What's worked for you?",
                    me_too=4,
                ),
                P(
                    "vet",
                    "35d 19:20",
                    "- Bring your own drink and keep it in your hand\n"
                    "- Drive yourself, so you can leave when you want\n"
                    "- Tell one person ahead of time, so someone's on your side\n"
                    "- Have a *reason to leave* ready. Mine is the dog.",
                    thanks=5,
                ),
                P(
                    "sister",
                    "35d 21:00",
                    "As the family member: please just tell us what you need. We're "
                    "usually trying to help and getting it wrong.",
                    thanks=2,
                ),
            ),
        ),
    ),
)

SPANISH = DemoBoard(
    slug="en-espanol",
    name="En español",
    description="Para hablar en español de la recuperación, la salud mental y la vida diaria.",
    language="es",
    guidelines=(
        "- Escribe como te salga: aquí nadie corrige la ortografía.\n"
        "- Habla desde tu experiencia. Usa tu apodo, no tu nombre completo, y no compartas "
        "teléfonos ni direcciones.\n"
        "- Si hablas de algo difícil (una recaída, una hospitalización), añade un aviso de "
        "contenido.\n"
        "- Si estás en peligro, llama o escribe al 988 (marca 2 para español) o usa **Ayuda "
        "ahora**. En una emergencia, llama al 911."
    ),
    followers=("peer",),
    threads=(
        T(
            "Hola a todos, soy nueva aquí",
            posts=(
                P(
                    "marisol",
                    "13d 23:30",
                    "Hola. Hoy cumplo 40 días sin tomar alcohol. Vivo con trastorno "
                    "bipolar y salí del hospital hace poco. En la clínica vi un volante "
                    "de Kinship y aquí estoy.\n\n"
                    "Me da un poco de vergüenza escribir, pero quería saludar.",
                    strength=6,
                ),
                P(
                    "peer",
                    "12d 00:10",
                    "¡Bienvenida, @{marisol}! Cuarenta días es mucho trabajo. Aquí no hay "
                    "nada de qué avergonzarse. Cuando quieras, los jueves tenemos el grupo "
                    "Esperanza, en persona y en español.",
                    thanks=2,
                ),
                P(
                    "luis",
                    "12d 09:45",
                    "Bienvenida. Yo también llegué con vergüenza y ahora no me callo, jaja. "
                    "Poco a poco.",
                    me_too=1,
                ),
                P(
                    "carmen",
                    "12d 20:30",
                    "Qué bueno que escribiste.",
                    quote=(0, "Hoy cumplo 40 días sin tomar alcohol."),
                    strength=2,
                ),
                P(
                    "marisol",
                    "11d 22:15",
                    "Gracias de corazón. No esperaba tantas respuestas.",
                    thanks=3,
                ),
            ),
        ),
        T(
            "¿Quién va al grupo Esperanza los jueves?",
            posts=(
                P(
                    "luis",
                    "6d 12:00",
                    "Este jueves quiero ir por primera vez al grupo Esperanza. ¿Cómo es? "
                    "¿Hay que hablar o se puede solo escuchar?",
                ),
                P(
                    "peer",
                    "6d 13:20",
                    "Se puede solo escuchar, claro. Empezamos con una ronda corta y cada "
                    "quien dice su nombre o su apodo, si quiere. Hay café.",
                    thanks=3,
                ),
                P(
                    "rafa",
                    "6d 19:05",
                    "Yo voy casi todos los jueves. La primera vez no dije nada y nadie me "
                    "presionó. Nos vemos allí.",
                    thanks=1,
                ),
            ),
        ),
        T(
            "Cómo explicarle a mi mamá lo del doble diagnóstico",
            posts=(
                P(
                    "carmen",
                    "27d 21:00",
                    "Mi mamá piensa que la depresión se quita con fuerza de voluntad y que "
                    "lo del alcohol es falta de carácter. La quiero mucho, pero cada "
                    "conversación termina en pleito.\n\n"
                    "¿Alguien ha logrado explicarle a su familia que son dos cosas que se "
                    "tratan juntas? ¿Qué palabras usaron?",
                    me_too=4,
                ),
                P(
                    "nora",
                    "27d 22:10",
                    "A mí me ayudó no intentar explicarlo todo en una sola plática. Le "
                    "llevé un folleto de la clínica, en español, y lo leímos juntas. "
                    "Tardó meses, pero ahora me pregunta cómo me fue en el grupo.",
                    thanks=3,
                ),
                P(
                    "peer",
                    "26d 09:30",
                    "Hay un grupo para familias, Familias en Camino, los domingos en "
                    "línea. A veces las familias escuchan mejor a otras familias que a "
                    "nosotros.",
                    thanks=2,
                ),
            ),
        ),
        T(
            "Pequeñas victorias de la semana",
            posts=(
                P(
                    "rafa",
                    "3d 19:00",
                    "Empiezo yo:\n\n"
                    "- Fui a trabajar los cinco días\n"
                    "- Llamé a mi hermana\n"
                    "- Cociné frijoles como los de mi abuela (casi)\n\n"
                    "¿Y ustedes?",
                    strength=4,
                ),
                P(
                    "marisol",
                    "2d 22:30",
                    "Fui a mi cita con la psiquiatra y le conté todo. Y dormí bien tres "
                    "noches seguidas.",
                    strength=5,
                ),
                P(
                    "nora",
                    "1d 18:45",
                    "Caminé al parque con mi perrita. Parece poco, pero hace un mes no "
                    "salía de la casa.",
                    strength=3,
                    me_too=1,
                ),
            ),
        ),
    ),
)

ANONYMOUS = DemoBoard(
    slug="say-it-anonymously",
    name="Say it anonymously",
    description="Post without your handle: other members see “a member”.",
    allows_anonymous=True,
    guidelines=(
        "- You may post here without your handle. Other members see *a member*.\n"
        "- Moderators can still act on anonymous posts, and the link to your account is "
        "kept in the audit log. Anonymous here means private from other members, not from "
        "the people who keep the site safe.\n"
        "- The same kindness applies. This is not a place to call anyone out."
    ),
    threads=(
        T(
            "Something I've never said out loud",
            posts=(
                P(
                    "shift",
                    "11d 23:50",
                    "I've been sober two years and at work I still feel like I'm pretending. "
                    "Nobody there knows about my diagnosis or my history. When people talk "
                    "about their weekends I make things up so I sound normal.\n\n"
                    "I don't even know what I want from posting this. Maybe just to have "
                    "said it somewhere.",
                    anonymous=True,
                    me_too=7,
                    strength=3,
                ),
                P(
                    "walker",
                    "10d 00:30",
                    "Me too. Nobody at my job knows either. Saying it here counts as saying "
                    "it somewhere.",
                    anonymous=True,
                    thanks=2,
                ),
                P(
                    "peer",
                    "10d 08:20",
                    "You don't owe your workplace your story. Keeping it private is allowed, "
                    "and it doesn't make you a pretender. It might help to have one person, "
                    "anywhere, who knows all of it. Sounds like this thread is a start.",
                    thanks=4,
                ),
            ),
        ),
        T(
            "I told my sponsor I was at a meeting when I wasn't",
            posts=(
                P(
                    "student",
                    "8d 22:00",
                    "Last week I sat in my car outside the meeting for the whole hour. I "
                    "couldn't make myself walk in. Then I told my sponsor I went.\n\n"
                    "I wasn't drinking or anything. I just couldn't face people. Now the "
                    "lie feels bigger than the skipped meeting.",
                    anonymous=True,
                    me_too=4,
                ),
                P(
                    "vet",
                    "8d 22:40",
                    "Sitting in the car counts as trying. I've done it too.",
                    anonymous=True,
                    quote=(0, "Now the lie feels bigger than the skipped meeting."),
                    me_too=2,
                ),
                P(
                    "facilitator",
                    "7d 09:15",
                    "Sponsors have usually heard it all, including this exact story. Telling "
                    "her might be a relief for you both. And if walking in is the hard part, "
                    "try arriving ten minutes early, when the room is still quiet.",
                    thanks=3,
                ),
                P(
                    "student",
                    "4d 19:30",
                    "I told her. She laughed, then told me she used to do the same thing. "
                    "We're going in together on Friday.",
                    anonymous=True,
                    strength=6,
                ),
            ),
        ),
    ),
)

GROUP_BOARD = DemoBoard(
    slug="night-owls-members",
    name="Members' board",
    description="Only members of the group can read and post here.",
    is_group_board=True,
    guidelines=(
        "- This board is for members of the group only. What's shared here stays here.\n"
        "- The meeting link is on the group's page, not here.\n"
        "- Be gentle. If you are in danger, call or text 988 first."
    ),
    followers=("facilitator",),
    threads=(
        T(
            "Topic ideas for Friday's circle?",
            is_pinned=True,
            posts=(
                P(
                    "facilitator",
                    "15d 14:00",
                    "I'm planning the next few Friday circles. Some ideas so far:\n\n"
                    "- what helps when sleep won't come\n"
                    "- the first hour after a hard phone call\n"
                    "- *what I'd tell myself a year ago*\n\n"
                    "Add yours below, or react **Me too** to the ones you'd like.",
                ),
                P(
                    "owl1",
                    "15d 23:40",
                    "What helps when sleep won't come. Please.",
                    quote=(0, "what helps when sleep won't come"),
                    me_too=2,
                ),
                P(
                    "owl2",
                    "14d 00:20",
                    "Maybe something about weekends? Fridays are fine, it's Sunday night "
                    "that gets me.",
                    me_too=1,
                ),
            ),
        ),
        T(
            "Who else is up right now?",
            posts=(
                P(
                    "owl1",
                    "1d 02:05",
                    "It's past 2 and my mind won't switch off. Not in a bad place, just "
                    "awake and thinking about work. Anyone else up?",
                    me_too=2,
                ),
                P(
                    "owl3",
                    "1d 02:20",
                    "Up. Making tea and listening to rain sounds. Want to list three good "
                    "things from today? Mine: a warm shower, a call with my sister, this "
                    "group.",
                    thanks=1,
                ),
                P(
                    "owl1",
                    "1d 02:45",
                    "A decent sandwich, finishing a chapter, and this. Going to try sleeping "
                    "now. Thanks.",
                    strength=1,
                ),
                P(
                    "facilitator",
                    "1d 09:30",
                    "Good morning, night owls. @{owl1}, let's make sleep Friday's topic.",
                    announce=True,
                ),
            ),
        ),
    ),
)

BOARDS: tuple[DemoBoard, ...] = (
    WELCOME,
    MILESTONES,
    HARD_DAYS,
    MEDICATION,
    FAMILY,
    SPANISH,
    ANONYMOUS,
    GROUP_BOARD,
)
