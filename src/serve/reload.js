// kunskapsnav serve: live reload and build problems on the open page.
// Injected only by `kunskapsnav serve`, never into a built site. No inline code, no
// innerHTML: every text from the build is set with textContent, so the page's
// Content-Security-Policy holds and file contents cannot inject markup.
(function () {
  "use strict";
  if (!window.EventSource) return;
  var OVERLAY_ID = "kunskapsnav-problems";

  function removeOverlay() {
    var old = document.getElementById(OVERLAY_ID);
    if (old) old.parentNode.removeChild(old);
  }

  function el(tag, text, style) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (style) for (var k in style) e.style[k] = style[k];
    return e;
  }

  function showProblems(list) {
    removeOverlay();
    var box = el("section", "", {
      position: "fixed", left: "0", right: "0", bottom: "0", maxHeight: "60vh",
      overflow: "auto", zIndex: "2147483647", background: "#2b0b0b", color: "#fff",
      font: "14px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      padding: "1em 1.25em", borderTop: "4px solid #e02020",
      boxShadow: "0 -4px 16px rgba(0,0,0,.4)"
    });
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Fel i bygget");
    var errors = list.filter(function (d) { return d.severity === "error"; }).length;
    box.appendChild(el("h2", "Bygget misslyckades: " + errors + " fel. Sidan visar senaste fungerande version.", {
      font: "bold 16px/1.3 system-ui, sans-serif", margin: "0 0 .75em"
    }));
    var ol = el("ol", "", { margin: "0", padding: "0 0 0 1.5em" });
    list.forEach(function (d) {
      var li = el("li", "", { margin: "0 0 .75em" });
      var where = d.file || "";
      if (d.line) where += ":" + d.line + (d.column ? ":" + d.column : "");
      li.appendChild(el("div", where, { color: "#ffb4a8", fontWeight: "bold" }));
      li.appendChild(el("div", (d.severity || "error") + ": " + (d.message || "")));
      if (d.help) li.appendChild(el("div", "tips: " + d.help, { color: "#c8e6c9" }));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    var close = el("button", "Dölj", {
      position: "absolute", top: ".75em", right: "1em", font: "inherit", cursor: "pointer"
    });
    close.type = "button";
    close.addEventListener("click", removeOverlay);
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }

  var source = new EventSource("/__kunskapsnav/events");
  source.addEventListener("reload", function (e) {
    var urls = [];
    try { urls = JSON.parse(e.data).urls || []; } catch (_) { urls = ["*"]; }
    var here = decodeURI(location.pathname);
    if (urls.indexOf("*") >= 0 || urls.indexOf(here) >= 0 || urls.indexOf(location.pathname) >= 0) {
      location.reload();
    }
  });
  source.addEventListener("problems", function (e) {
    try { showProblems(JSON.parse(e.data)); } catch (_) { /* malformed: ignore */ }
  });
  source.addEventListener("ok", removeOverlay);
})();
