// Our one script. Everything here only enhances pages that already work without it:
// quick exit (button, link and Shift three times), error summary focus, conditional reveals,
// the CSRF token for htmx, moving focus to a results heading after an explicit search, printing,
// "Use my location", and the staff session timeout warning.
(function () {
  "use strict";
  document.documentElement.classList.add("js-enabled");

  function exitNow(url) {
    document.body.hidden = true; // hide personal answers at once, before the next page loads
    window.location.replace(url);
  }

  function setUpExit() {
    var links = document.querySelectorAll("[data-exit]");
    if (!links.length) return;
    var exitUrl = links[0].getAttribute("href");
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        exitNow(exitUrl);
      });
    });
    var presses = 0;
    var timer = null;
    document.addEventListener("keyup", function (event) {
      if (event.key !== "Shift") { presses = 0; return; }
      presses += 1;
      clearTimeout(timer);
      timer = setTimeout(function () { presses = 0; }, 2000);
      if (presses >= 3) exitNow(exitUrl);
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) summary.focus();
  }

  function setUpReveals(root) {
    root.querySelectorAll("input[data-reveal]").forEach(function (input) {
      var reveal = document.getElementById(input.getAttribute("data-reveal"));
      if (!reveal) return;
      var group = document.querySelectorAll('input[name="' + input.name + '"]');
      // No aria-expanded: it is not allowed on radios or checkboxes (axe, like GOV.UK, says so).
      function sync() {
        reveal.hidden = !input.checked;
      }
      group.forEach(function (other) { other.addEventListener("change", sync); });
      sync();
    });
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  // A request that fails (an error status, no network, a timeout) says so where its answer
  // would have gone, and in that region's live region, with a link that loads the full page.
  function fullPageUrl(element) {
    var form = element && element.closest("form");
    if (element && element.tagName === "A") return element.getAttribute("href");
    if (form && form.method.toLowerCase() === "get") {
      return form.action + "?" + new URLSearchParams(new FormData(form)).toString();
    }
    return null;
  }

  function showRequestFailure(event) {
    var target = event.detail.target;
    var region = target && target.closest("[data-failure-message]");
    if (!region) return;
    var message = region.getAttribute("data-failure-message");
    var notice = document.createElement("div");
    notice.className = "notice notice--warning";
    notice.setAttribute("data-request-failure", "");
    var text = document.createElement("p");
    text.textContent = message + " ";
    var path = fullPageUrl(event.detail.elt);
    if (path) {
      var again = document.createElement("a");
      again.href = path;
      again.textContent = region.getAttribute("data-failure-retry");
      text.appendChild(again);
    }
    notice.appendChild(text);
    var previous = region.querySelector("[data-request-failure]");
    if (previous) previous.remove();
    region.insertBefore(notice, region.firstChild);
    var status = document.getElementById(region.getAttribute("data-failure-status"));
    if (status) status.textContent = message;
  }

  function setUpHtmx() {
    ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
      document.body.addEventListener(name, showRequestFailure);
    });
    document.body.addEventListener("htmx:configRequest", function (event) {
      var token = csrfToken();
      if (token) event.detail.headers["X-CSRFToken"] = token;
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      setUpReveals(event.detail.target);
      // Focus moves only after an explicit submit (data-focus-after-submit), never while typing.
      var trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
      if (trigger && trigger.type === "submit") {
        var heading = event.detail.target.querySelector("[data-focus-after-submit]");
        if (heading) heading.focus();
      }
    });
  }


  // triage: the queue's filters start open on a wide screen (closed, they cost a phone a screen).
  function openFiltersWhenWide() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 64em)").matches) return;
    document.querySelectorAll("details[data-open-when-wide]").forEach(function (details) { details.open = true; });
  }

  // triage: a region refreshed or saved in place (data-keeps-place on the form) keeps the
  // reader's place. A refresh keeps the scroll; a save keeps its section (the attribute names
  // it) where it was on the screen, even when what is above it grew. htmx puts focus back on an
  // element with the same id; when that has gone (someone took the referral), focus goes to the
  // same row's link or the section's message. A field with an error takes focus instead.
  // A refused edit (409, someone else changed it) is swapped in too: it says what happened.
  function keepPlaceOnRefresh() {
    var place = null;
    function sectionTop(id) {
      var section = id && document.getElementById(id);
      return section ? section.getBoundingClientRect().top : null;
    }
    document.body.addEventListener("htmx:beforeSwap", function (event) {
      var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (!elt || !elt.hasAttribute("data-keeps-place")) return;
      if (event.detail.xhr.status === 409) { event.detail.shouldSwap = true; event.detail.isError = false; }
      var active = document.activeElement;
      var inside = active && event.detail.target.contains(active) && active !== event.detail.target;
      var row = inside ? active.closest("[data-reference]") : null;
      var section = elt.getAttribute("data-keeps-place");
      place = {
        x: window.scrollX, y: window.scrollY, target: event.detail.target, inside: inside,
        row: row ? row.getAttribute("data-reference") : null, section: section, top: sectionTop(section)
      };
    });
    document.body.addEventListener("htmx:afterSettle", function (event) {
      if (!place || event.detail.target !== place.target) return;
      var kept = place;
      place = null;
      var top = sectionTop(kept.section);
      if (top !== null && kept.top !== null) window.scrollTo(kept.x, window.scrollY + top - kept.top);
      else if (window.scrollX !== kept.x || window.scrollY !== kept.y) window.scrollTo(kept.x, kept.y);
      var section = kept.section && document.getElementById(kept.section);
      var invalid = section && section.querySelector(".form-group--error input, .form-group--error textarea, .form-group--error select");
      if (invalid) { invalid.focus({ preventScroll: true }); return; }
      if (!kept.inside || (document.activeElement && document.activeElement !== document.body)) return;
      var link = kept.row && kept.target.querySelector('[data-reference="' + kept.row + '"] a');
      var notice = section && section.querySelector("[tabindex='-1']");
      var fallback = link || notice || kept.target.querySelector("[tabindex='-1']");
      if (fallback) fallback.focus({ preventScroll: true });
    });
  }

  // Staff session timeout: a dialog before an idle session ends, with "Stay signed in".
  // The server's clock decides (GET session-status never counts as activity), so several
  // tabs agree; without this script the page shows a plain message instead.
  function setUpTimeoutWarning() {
    var dialog = document.querySelector("[data-timeout-warning]");
    if (!dialog || typeof dialog.showModal !== "function" || !window.fetch) return;
    var warnMs = Number(dialog.getAttribute("data-warn-seconds")) * 1000;
    var timer = null;

    function signedOut() {
      window.location.assign(dialog.getAttribute("data-signed-out-url"));
    }
    function wait(ms) {
      clearTimeout(timer);
      timer = setTimeout(check, Math.max(ms, 1000));
    }
    function check() {
      fetch(dialog.getAttribute("data-status-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (status) {
          var leftMs = status.seconds_left * 1000;
          if (!status.signed_in || leftMs <= 0) return signedOut();
          if (leftMs > warnMs) {
            if (dialog.open) dialog.close();
            return wait(leftMs - warnMs);
          }
          if (!dialog.open) dialog.showModal();
          wait(leftMs);
        })
        .catch(function () { wait(60000); });
    }

    // Other requests need no listener: when the timer fires, the server says how long is left.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (!event.detail.successful || !event.detail.elt.hasAttribute("data-stay-signed-in")) return;
      dialog.close();
      wait(Number(dialog.getAttribute("data-idle-seconds")) * 1000 - warnMs);
    });
    wait(Number(dialog.getAttribute("data-idle-seconds")) * 1000 - warnMs);
  }

  // directory: "Use my location" turns the browser's position, rounded to about a kilometre,
  // into the nearest outward code on the server, then searches from there.
  function setUpUseMyLocation() {
    var wrapper = document.querySelector("[data-use-location]");
    if (!wrapper) return;
    if (!navigator.geolocation || !window.fetch) { wrapper.remove(); return; } // its room was kept
    var button = wrapper.querySelector("[data-use-location-button]");
    var message = wrapper.querySelector("[data-use-location-message]");
    var input = document.getElementById("postcode");
    wrapper.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        var url = wrapper.getAttribute("data-area-url") +
          "?latitude=" + position.coords.latitude.toFixed(2) + "&longitude=" + position.coords.longitude.toFixed(2);
        fetch(url, {credentials: "same-origin"}).then(function (response) { return response.json(); }).then(function (area) {
          if (!area.outward_code) { message.textContent = wrapper.getAttribute("data-message-outside"); return; }
          message.textContent = "";
          input.value = area.outward_code;
          var form = input.form;
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        }).catch(function () { message.textContent = wrapper.getAttribute("data-message-failed"); });
      }, function () { message.textContent = wrapper.getAttribute("data-message-failed"); }, {timeout: 10000, maximumAge: 600000});
    });
  }

  // directory: the shortlist's Print button (printing needs JavaScript, so it is hidden without).
  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      var wrapper = button.closest("[data-print-wrapper]");
      if (wrapper) wrapper.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpExit();
    setUpUseMyLocation();
    setUpPrint();
    focusErrorSummary();
    setUpReveals(document);
    setUpHtmx();
    openFiltersWhenWide();
    keepPlaceOnRefresh();
    setUpTimeoutWarning();
  });
})();
