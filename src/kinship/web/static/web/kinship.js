/*
 * Kinship web shell. Loaded with the CSP nonce; every page works without it.
 *
 * Quick exit: the button (#quick-exit, data-quick-exit="<url>") leaves with
 * location.replace(), so the Back button does not return to Kinship. Pressing Esc
 * three times within 1.5 seconds does the same from anywhere on the page.
 */
(function () {
  "use strict";

  var ESCAPE_PRESSES = 3;
  var ESCAPE_WINDOW_MS = 1500;

  function exitUrl() {
    var button = document.getElementById("quick-exit");
    return (button && button.getAttribute("data-quick-exit")) || "about:blank";
  }

  function quickExit() {
    var url = exitUrl();
    // Hide the page at once, before the next site loads, so nothing lingers on screen.
    document.documentElement.classList.add("is-leaving");
    try {
      window.sessionStorage.clear();
    } catch (error) {
      /* Storage can be blocked; leaving matters more. */
    }
    window.location.replace(url);
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("[data-quick-exit]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    quickExit();
  });

  var escapeTimes = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") {
      return;
    }
    var now = Date.now();
    escapeTimes.push(now);
    escapeTimes = escapeTimes.filter(function (time) {
      return now - time <= ESCAPE_WINDOW_MS;
    });
    if (escapeTimes.length >= ESCAPE_PRESSES) {
      escapeTimes = [];
      quickExit();
    }
  });

  // The help panel is a <details>: close it on a click outside it, like a menu.
  var help = document.getElementById("help-control");
  if (help) {
    document.addEventListener("click", function (event) {
      if (help.open && !help.contains(event.target)) {
        help.open = false;
      }
    });
  }
})();
