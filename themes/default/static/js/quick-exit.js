// Quick exit ("Lämna sidan snabbt").
//
// Without JavaScript the button is an ordinary link to a neutral site. With it, a click,
// or the Shift key pressed three times in a row within about a second (as GOV.UK's
// "Exit this page"; Escape is avoided because it stops page loads), blanks the page at
// once and replaces it with the neutral site using location.replace, so that the current
// page leaves the tab's back history. Nothing is stored and nothing is sent anywhere.
(function () {
  "use strict";

  var WINDOW_MS = 1000;
  var PRESSES = 3;

  var links = document.querySelectorAll("a.quick-exit");
  if (!links.length) {
    return;
  }
  var target = links[0].href;
  var presses = [];
  var leaving = false;

  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    if (leaving) {
      return;
    }
    leaving = true;
    // Blank the page first: the neutral site may take a moment to load.
    document.documentElement.classList.add("is-leaving");
    if (document.body) {
      document.body.hidden = true;
    }
    document.title = "";
    try {
      window.location.replace(target);
    } catch (e) {
      window.location.href = target;
    }
  }

  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", leave);
  }

  document.addEventListener("keydown", function (event) {
    var isShift = event.key === "Shift" || event.keyCode === 16;
    if (!isShift || event.ctrlKey || event.altKey || event.metaKey) {
      // Any other key (typing a capital letter, a shortcut) starts the count again.
      presses = [];
      return;
    }
    if (event.repeat) {
      return;
    }
    var now = Date.now();
    presses = presses.filter(function (t) {
      return now - t < WINDOW_MS;
    });
    presses.push(now);
    if (presses.length >= PRESSES) {
      presses = [];
      leave();
    }
  });

  // The shortcut only works with JavaScript, so only then is it mentioned.
  var hints = document.querySelectorAll(".quick-exit-hint");
  for (var j = 0; j < hints.length; j++) {
    hints[j].hidden = false;
  }
})();
