"""The screener on phenomena, in sentences written for these tests (not the dev set)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kinship.safety.screening import LEVELS, assess


def _level(text: str) -> str:
    return assess(text).level


def _signals(text: str) -> set[str]:
    return {signal.signal for signal in assess(text).signals}


@pytest.mark.parametrize(
    "text",
    [
        "We absolutely killed it at the talent show, 8 months sober!",
        "Work is murder this week but I'm hanging in.",
        "I'm dying to try the new taco place after group.",
        "That workout nearly killed me lol",
        "My landlord is going to be the death of me.",
        "Me muero de risa con este grupo, los quiero.",
        "Este tráfico me está matando.",
    ],
)
def test_idioms_are_not_flagged(text):
    assert _level(text) == "none"


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to die, I want to live and stay clean.",
        "I'm not suicidal, just sad about my cat.",
        "Not going to drink tonight, just needed to vent about my boss.",
        "I would never hurt myself, I promise.",
        "No quiero morir, quiero vivir y seguir limpio.",
        "No voy a beber, solo estoy cansado.",
    ],
)
def test_negations_are_not_flagged(text):
    assert _level(text) == "none"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I want to die.", "high"),
        ("Quiero morirme.", "high"),
        ("I'm going to drink when I get off work.", "concern"),
    ],
)
def test_the_same_words_without_negation_are_flagged(text, level):
    assert _level(text) == level


@pytest.mark.parametrize(
    "text",
    [
        "Five years ago I tried to kill myself. Today I sponsor three women.",
        "I used to cut when I was a teenager. Now I paint instead.",
        "Back when I was using I overdosed twice. Now I run the Tuesday group.",
        "Hace dos años quería morir. Hoy estoy agradecido.",
        "Six years ago my roommate found me unresponsive. Today I teach narcan classes.",
    ],
)
def test_past_tense_recovery_stories_are_not_flagged(text):
    assert _level(text) == "none"


def test_again_brings_an_old_habit_into_the_present():
    assert _level("Cutting myself again like I used to in college.") == "high"


@pytest.mark.parametrize(
    "text",
    [
        "i keep thinking about k1ll1ng mys3lf",
        "honestly i just wanna unalive myself",
        "kms",
        "k i l l myself is all I think about",
        "I think about su1c1de every day",
        "sui-cide is on my mind constantly",
        "I waaaant to dieeee",
        "kill\u200b my\u200dself",
        "I W A N T T O D I E",
    ],
)
def test_evasive_spellings_are_caught(text):
    assert LEVELS.index(_level(text)) >= LEVELS.index("high")


def test_self_harm_shorthand_is_caught():
    assert _level("s/h again last night, couldn't stop") == "high"


@pytest.mark.parametrize(
    "text",
    [
        "my roommate isn't breathing what do i do",
        "He's turning blue, please someone help",
        "Mi amigo no respira, ayuda por favor",
        "she took a handful of her xanax on purpose and now she is slurring",
        "Found my cousin on the floor, not waking up, lips are blue",
    ],
)
def test_third_party_emergencies_are_imminent(text):
    assert _level(text) == "imminent"


def test_an_overdose_in_progress_is_imminent_and_held():
    result = assess("I swallowed 30 of my sleeping pills ten minutes ago")
    assert result.level == "imminent"
    assert result.holds_content


@pytest.mark.parametrize(
    "text",
    [
        "One year sober today!! Also I've decided, tonight I end it.",
        "Got my chip today. Goodbye everyone, this is my last post.",
        "Day 200, so proud. But I have 40 pills saved and I'm taking them tonight.",
    ],
)
def test_a_celebration_with_a_warning_sign_is_judged_by_the_warning(text):
    assert _level(text) == "imminent"


@pytest.mark.parametrize(
    "text",
    [
        "My plan for the weekend: meeting Saturday, hike Sunday.",
        "Goodbye for now friends, heading to a new job in Denver, see you online!",
        "Giving away my old bike since I upgraded, DM me if you want it.",
        "Last post of the year: thanks everyone for an amazing 2025!",
        "In my last post I asked about sleep, thanks for the tips.",
        "I picked a date for my sobriety party!",
        "I'll be on vacation next week so this is my last check-in for a bit.",
    ],
)
def test_benign_plans_goodbyes_giveaways_and_last_posts_are_not_flagged(text):
    assert _level(text) == "none"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Everyone would be better off without me.", "high"),
        ("I won't be around for the next milestone.", "imminent"),
        ("Ya no quiero estar aquí.", "high"),
        ("Sorry for everything. Love you all.", "imminent"),
        ("Nobody would even miss me if I was gone.", "concern"),
    ],
)
def test_indirect_wording_and_goodbyes(text, level):
    assert _level(text) == level


def test_intent_with_a_timeframe_names_the_timeframe():
    result = assess("I'm going to end it tonight.")
    assert result.level == "imminent"
    assert {"signal": "plan_with_timeframe", "level": "imminent", "text": "tonight"} in (
        result.signal_dicts()
    )


@pytest.mark.parametrize(
    ("text", "level", "signal"),
    [
        ("The voices keep telling me to hurt myself.", "high", "voices_commanding_harm"),
        (
            "Using alone again, got some fent, don't care anymore.",
            "high",
            "using_alone_dangerous_supply",
        ),
        ("Stopped my lithium cold turkey yesterday.", "concern", "stopping_medication"),
        ("Haven't slept in five days and my thoughts are racing.", "concern", "no_sleep"),
        ("I feel so alone lately.", "concern", "isolation"),
        ("What's the point of any of it.", "concern", "hopelessness"),
        ("Relapsed yesterday, feeling like a failure.", "concern", "relapse"),
        ("I'm going to kill my ex when he gets home.", "imminent", "harm_to_other_now"),
        ("Me corté otra vez anoche.", "high", "self_harm"),
        ("Me siento muy sola y sin esperanza.", "concern", "hopelessness"),
    ],
)
def test_each_phenomenon_names_its_signal(text, level, signal):
    result = assess(text)
    assert result.level == level
    assert signal in {item.signal for item in result.signals}


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I want to die tonight.", "imminent"),
        ("I went to the pharmacy and I will kill myself tonight.", "imminent"),
        ("I'm not going to do anything tonight, I want to die.", "high"),
    ],
)
def test_only_a_real_negation_cancels_a_timeframe(text, level):
    assert _level(text) == level


def test_a_conditional_threat_is_high_not_imminent():
    assert _level("If they take my kids I'll kill myself, I swear.") == "high"


def test_coping_resolves_a_passing_urge():
    assert _level("Was thinking about drinking but I called my sponsor instead.") == "none"


def test_method_details_hold_the_content_even_below_imminent():
    result = assess("I keep thinking about suicide and I know it would take 20 pills.")
    assert result.level in {"high", "imminent"}
    assert result.holds_content


def test_a_failure_inside_the_screener_fails_safe(monkeypatch):
    from kinship.safety.screening import engine

    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine, "_assess", broken)
    result = assess("anything at all")
    assert result.level == "concern"
    assert _signals_of(result) == {"screening_error"}


def _signals_of(result):
    return {signal.signal for signal in result.signals}


@pytest.mark.parametrize(
    "text",
    ["", "   ", "🙂🙂🙂", "<p>hello <b>there</b></p>", "\x00\x01\x02binary\xff", "a" * 20000],
)
def test_odd_input_is_screened_without_error(text):
    assert _level(text) == "none"


_ODD = st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u0301", "İ", "ß"])
_WORDS = st.sampled_from(["kill", "myself", "tonight", "not", "die", "goodbye", "years ago"])


@settings(max_examples=300, deadline=None)
@given(st.text() | st.lists(st.one_of(st.text(max_size=5), _ODD, _WORDS)).map(" ".join))
def test_assess_never_raises_and_is_deterministic(text):
    first = assess(text)
    second = assess(text)
    assert first == second
    assert first.level in LEVELS
    assert not any(signal.signal == "screening_error" for signal in first.signals)


@settings(max_examples=10, deadline=None)
@given(st.text(min_size=10_000, max_size=10_000))
def test_ten_thousand_character_texts_are_screened(text):
    assert assess(text).level in LEVELS
