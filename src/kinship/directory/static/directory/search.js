/*
 * "Use my location" on the find-a-meeting page. Without JavaScript the button stays
 * hidden and people type a ZIP code or city. The browser asks before sharing a location;
 * only the rounded coordinates go to the server, in the search form.
 */
(function () {
  "use strict";

  var button = document.getElementById("use-my-location");
  var form = button && button.form;
  if (!form || !navigator.geolocation) {
    return;
  }
  var near = form.elements.namedItem("near");
  var latitude = form.elements.namedItem("lat");
  var longitude = form.elements.namedItem("lng");
  var status = document.getElementById("location-status");
  button.hidden = false;

  function say(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  // Typing a place replaces the location from the browser.
  if (near) {
    near.addEventListener("input", function () {
      latitude.value = "";
      longitude.value = "";
      say("");
    });
  }

  button.addEventListener("click", function () {
    say(button.getAttribute("data-locating"));
    navigator.geolocation.getCurrentPosition(
      function (position) {
        // About 1 km of precision is enough to find nearby meetings.
        latitude.value = position.coords.latitude.toFixed(2);
        longitude.value = position.coords.longitude.toFixed(2);
        if (near) {
          near.value = "";
        }
        say(button.getAttribute("data-found"));
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      },
      function () {
        say(button.getAttribute("data-failed"));
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 }
    );
  });
})();
