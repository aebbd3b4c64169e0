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
  // Live replies: a thread page's poller (#new-posts, data-thread-socket) listens on a
  // websocket and, on each new post, fires "forumPost" so htmx fetches what is new through
  // the page's own view. Without a socket the poller still asks every 30 seconds.
  function listenForPosts() {
    var poller = document.querySelector("[data-thread-socket]");
    if (!poller || !("WebSocket" in window)) {
      return;
    }
    var path = poller.getAttribute("data-thread-socket");
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var delay = 1000;
    function connect() {
      var socket = new WebSocket(scheme + window.location.host + path);
      socket.addEventListener("open", function () {
        delay = 1000;
      });
      socket.addEventListener("message", function (event) {
        var data;
        try {
          data = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (data && data.type === "post") {
          document.body.dispatchEvent(new CustomEvent("forumPost", { bubbles: true }));
        }
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4401 || event.code === 4404) {
          return;
        }
        window.setTimeout(connect, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }
    connect();
  }
  listenForPosts();

  // Drafts survive a dropped connection: text areas marked data-draft keep what was typed
  // in this tab's session storage (emptied by quick exit) until the post is accepted.
  function keepDrafts() {
    var storage;
    try {
      storage = window.sessionStorage;
    } catch (error) {
      return;
    }
    // A post just accepted: forget its draft before restoring any.
    document.querySelectorAll("[data-draft-done]").forEach(function (done) {
      storage.removeItem("kinship-draft:" + done.getAttribute("data-draft-done"));
    });
    document.querySelectorAll("textarea[data-draft]").forEach(function (area) {
      var key = "kinship-draft:" + area.getAttribute("data-draft");
      if (!area.value && storage.getItem(key)) {
        area.value = storage.getItem(key);
      }
      area.addEventListener("input", function () {
        try {
          storage.setItem(key, area.value);
        } catch (error) {
          /* A full or blocked store must not stop typing. */
        }
      });
    });
  }
  keepDrafts();
  document.addEventListener("htmx:afterSettle", keepDrafts);
})();
