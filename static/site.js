// pressroom: small enhancements for transcript pages. Everything works
// without this script; it adds the copy-link buttons and moves focus to the
// question a link points at.
(function () {
  "use strict";
  var announcer = document.getElementById("announcer");

  function announce(message) {
    if (!announcer) return;
    announcer.textContent = "";
    // A fresh text node makes screen readers announce repeated messages.
    window.setTimeout(function () { announcer.textContent = message; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "absolute";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  var buttons = document.querySelectorAll("button.copy-link[data-anchor]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var anchor = button.getAttribute("data-anchor");
      var url = window.location.href.split("#")[0] + "#" + anchor;
      copyText(url).then(
        function () { announce("Link to question " + anchor.replace(/^q/, "") + " copied."); },
        function () { announce("Could not copy. The link is: " + url); }
      );
    });
  });

  function focusTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: false });
  }
  window.addEventListener("hashchange", focusTarget);
  focusTarget();
})();
