"""The demo forums' boards for hard days, medication questions and family.

Every person, story and detail here is made up (see `demo_content`)."""

from kinship.forums.demo_content.shapes import DemoBoard, P, T

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
