"""Issue 12, items 8 and 10: elder mode in a real browser.

One voice at a time (a turn's voices follow each other, an answer stops them, 🔊 twice stops);
the whole page enlarged (every target at least 48 px), and the options numbered on screen.
"""

from __future__ import annotations

import re

from browser.chat_page import elder_on, last_reply, open_chat, say
from playwright.sync_api import Page, expect

#: Counts, from the players' own events, how many voices ever played at once.
WATCH_VOICES = """
window.voicesSeen = { started: 0, most: 0 };
document.addEventListener("playing", function (e) {
  if (e.target.tagName !== "AUDIO") return;
  window.voicesSeen.started += 1;
  var now = Array.prototype.filter.call(document.querySelectorAll("audio"), function (a) {
    return !a.paused && !a.ended;
  });
  window.voicesSeen.most = Math.max(window.voicesSeen.most, now.length);
}, true);
"""
PLAYING = "Array.from(document.querySelectorAll('audio')).filter(a => !a.paused && !a.ended).length"


def voices(page: Page) -> dict[str, int]:
    return page.evaluate("window.voicesSeen")


def test_voices_play_one_at_a_time_and_a_second_tap_stops(page: Page) -> None:
    page.add_init_script(WATCH_VOICES)
    open_chat(page)
    # Given elder mode switched on: its two replies come with a voice each
    elder_on(page)
    expect(page.locator(".msg.bot .voice audio")).to_have_count(2, timeout=60_000)
    page.wait_for_function("() => window.voicesSeen.started >= 1", timeout=30_000)
    # When the resident answers while a voice is playing (a number chooses the first option)
    say(page, "1")
    expect(page.locator(".msg.bot .voice audio")).to_have_count(3, timeout=60_000)
    page.wait_for_function("() => window.voicesSeen.started >= 2", timeout=30_000)
    # Then no two voices ever played together
    assert voices(page)["most"] == 1
    # And each voice is the player of the message it reads, one per message
    assert page.locator(".msg.bot:has(.voice) .bubble:not(.voice)").count() == 3
    # When 🔊 is tapped on a message: its voice plays, alone; tapped again: it stops
    page.evaluate("document.querySelectorAll('audio').forEach(a => a.pause())")
    speak = last_reply(page).locator(".speak-btn")
    speak.click()
    expect(speak).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(f"() => {PLAYING} === 1", timeout=30_000)
    speak.click()
    expect(speak).to_have_attribute("aria-pressed", "false")
    assert page.evaluate(PLAYING) == 0
    assert voices(page)["most"] == 1


def test_elder_mode_enlarges_every_target_and_numbers_the_options(page: Page) -> None:
    open_chat(page)
    elder_on(page)
    # Every option shows its number, in order, on screen
    menu = last_reply(page)
    numbers = menu.locator("button.choice .num")
    expect(numbers.first).to_be_visible()
    assert numbers.all_inner_texts() == [str(n) for n in range(1, numbers.count() + 1)]
    # Every button, the text box and the send button are at least 48 px high; the text is larger
    targets = page.locator("button:visible, #input, #attach")
    heights = targets.evaluate_all("els => els.map(e => [e.id || e.className, e.getBoundingClientRect().height])")
    assert heights and all(h >= 48 for _, h in heights), [t for t in heights if t[1] < 48]
    assert float(menu.locator(".bubble").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20
    # And a number typed alone answers with that option
    first = menu.locator("button.choice").first.get_attribute("data-label")
    say(page, "1")
    expect(last_reply(page)).to_contain_text(first or "?")


def test_help_tells_of_elder_mode_and_answering_by_number(page: Page) -> None:
    open_chat(page)
    say(page, "/help")
    expect(last_reply(page)).to_contain_text("/elder")
    expect(last_reply(page)).to_contain_text("数字")


def test_a_browser_without_opus_plays_the_mp3_copy(page: Page) -> None:
    # Given a browser that cannot play Ogg/Opus, as Safari on iOS
    page.add_init_script(WATCH_VOICES)
    page.add_init_script(
        "const can = HTMLMediaElement.prototype.canPlayType;"
        "HTMLMediaElement.prototype.canPlayType = function (t) { return /ogg/.test(t) ? '' : can.call(this, t); };"
    )
    open_chat(page)
    # When elder mode's voices arrive
    elder_on(page)
    expect(page.locator(".msg.bot .voice audio").first).to_have_attribute("src", re.compile(r"\.mp3$"), timeout=60_000)
    # Then they are the server's MP3 copies, and they play
    page.wait_for_function("() => window.voicesSeen.started >= 1", timeout=30_000)
