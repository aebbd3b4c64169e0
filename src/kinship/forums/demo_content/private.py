"""The demo forums' boards where members are less seen: anonymous posts, and a
group's own board.

Every person, story and detail here is made up (see `demo_content`)."""

from kinship.forums.demo_content.shapes import DemoBoard, P, T

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
